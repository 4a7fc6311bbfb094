import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidCellError } from '../common/invalid-cell-error.js';
import { createNb201Cell, formatNb201ArchString, parseNb201ArchString } from './cell.js';

const example = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';

test('parses edges in arch-string order (0→1, 0→2, 1→2, 0→3, 1→3, 2→3) and formats back', () => {
  const cell = parseNb201ArchString(example);
  assert.deepEqual(cell.ops, ['nor_conv_3x3', 'nor_conv_3x3', 'avg_pool_3x3', 'skip_connect', 'nor_conv_3x3', 'skip_connect']);
  assert.equal(formatNb201ArchString(cell), example);
});

test('malformed arch strings are rejected with the part at fault', () => {
  const bad: [unknown, RegExp][] = [
    ['', /expected 3 nodes separated by '\+', got 1/],
    ['|none~0|+|none~0|none~1|', /expected 3 nodes/],
    ['none~0|+|none~0|none~1|+|none~0|none~1|none~2|', /node 1 'none~0\|' must be wrapped in '\|'/],
    ['|none~0|+|none~0|+|none~0|none~1|none~2|', /node 2 needs 2 incoming edges, got 1/],
    ['|none~0|+|none~0|none~1|+|none~0|none~1|none~2|none~3|', /node 3 needs 3 incoming edges, got 4/],
    ['|none~0|+|none~1|none~0|+|none~0|none~1|none~2|', /edge 'none~1' into node 2 must come from node 0/],
    ['|conv_7x7~0|+|none~0|none~1|+|none~0|none~1|none~2|', /unknown op 'conv_7x7' \(expected one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3\)/],
    ['|none|+|none~0|none~1|+|none~0|none~1|none~2|', /edge 'none' into node 1 is not 'op~source'/],
    [42, /expected a string, got number/],
  ];
  for (const [text, message] of bad) {
    assert.throws(
      () => parseNb201ArchString(text as string),
      (error: unknown) => error instanceof InvalidCellError && error.rule === 'arch-string' && message.test(error.message),
      String(text),
    );
  }
});

test('cells need six known ops', () => {
  assert.throws(() => createNb201Cell(['none']), /expected 6 edge ops, got 1/);
  assert.throws(() => createNb201Cell(['none', 'none', 'none', 'none', 'none', 'conv']), /ops\[5\]: unknown op "conv"/);
});
