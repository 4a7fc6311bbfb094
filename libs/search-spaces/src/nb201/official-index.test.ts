import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidCellError } from '../common/invalid-cell-error.js';
import { loadNb201ArchStrings } from '../test-fixtures.js';
import { formatNb201ArchString, parseNb201ArchString } from './cell.js';
import { NB201_CELL_COUNT, firstNb201OrderMismatch, nb201ArchStringAt, nb201CellAt, nb201IndexOf } from './official-index.js';

const rows = loadNb201ArchStrings();

test('the benchmark table has 15,625 distinct arch strings', () => {
  assert.equal(rows.length, 15_625);
  assert.equal(NB201_CELL_COUNT, 15_625);
  assert.equal(new Set(rows).size, 15_625);
});

test('index → string reproduces every row of the NAS-Bench-201 table (row i = index i)', () => {
  for (let i = 0; i < rows.length; i++) assert.equal(nb201ArchStringAt(i), rows[i], `index ${i}`);
  // The asserts NAS-Bench-201's generator carries for its shuffle.
  assert.equal(nb201ArchStringAt(9), '|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|');
  assert.equal(nb201ArchStringAt(123), '|avg_pool_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|');
});

test('string → index and cell → index invert it over the whole table', () => {
  for (let i = 0; i < rows.length; i++) {
    assert.equal(nb201IndexOf(rows[i]), i);
    assert.equal(nb201IndexOf(nb201CellAt(i)), i);
    assert.equal(formatNb201ArchString(parseNb201ArchString(rows[i])), rows[i]);
  }
});

test('firstNb201OrderMismatch finds swapped, malformed, missing and extra rows', () => {
  assert.equal(firstNb201OrderMismatch(rows), -1);
  const swapped = rows.slice();
  [swapped[500], swapped[900]] = [swapped[900], swapped[500]];
  assert.equal(firstNb201OrderMismatch(swapped), 500);
  const broken = rows.slice();
  broken[42] = 'garbage';
  assert.equal(firstNb201OrderMismatch(broken), 42);
  assert.equal(firstNb201OrderMismatch(rows.slice(0, 100)), 100);
  assert.equal(firstNb201OrderMismatch([...rows, rows[0]]), 15_625);
});

test('out-of-range indices and malformed strings are refused', () => {
  assert.throws(() => nb201CellAt(15_625), RangeError);
  assert.throws(() => nb201CellAt(-1), RangeError);
  assert.throws(() => nb201CellAt(1.5), RangeError);
  assert.throws(() => nb201IndexOf('|none~0|'), InvalidCellError);
});
