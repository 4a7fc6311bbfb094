import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { nb101ModuleHash } from '@a2v/search-spaces';
import { ImportRecordError } from '../errors.js';
import { collect, tempDir } from '../test-support/temp-dir.js';
import type { Nb101Cell } from '@a2v/search-spaces';
import { importArch2vecDataJsonBenchmark, readArch2vecDataJson } from './data-json-importer.js';

/** arch2vec's padding: first n rows real ('output' at n-1), trailing rows/columns zero. */
function padded(cell: Nb101Cell): { module_adjacency: number[][]; module_operations: number[][] } {
  const order = ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'];
  const adjacency = Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => cell.matrix[i]?.[j] ?? 0));
  const operations = Array.from({ length: 7 }, (_, i) => order.map((op) => (cell.ops[i] === op ? 1 : 0)));
  return { module_adjacency: adjacency, module_operations: operations };
}

const cells: Nb101Cell[] = [
  { matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ['input', 'maxpool3x3', 'output'] },
  {
    matrix: [[0, 1, 0, 0, 1], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]],
    ops: ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'output'],
  },
  {
    matrix: [
      [0, 1, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0],
    ],
    ops: ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'output'],
  },
];

function entries(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    cells.map((cell, i) => [
      String(i),
      { test_accuracy: 0.9 + i / 100, validation_accuracy: 0.91 + i / 100, training_time: 1000 + i, ...padded(cell) },
    ]),
  );
}

function writeJson(t: TestContext, text: string): string {
  const path = join(tempDir(t), 'data.json');
  writeFileSync(path, text);
  return path;
}

async function importError(path: string): Promise<ImportRecordError> {
  try {
    await collect(readArch2vecDataJson(path));
  } catch (error) {
    assert.ok(error instanceof ImportRecordError, `expected ImportRecordError, got ${String(error)}`);
    return error;
  }
  assert.fail('importing a malformed data.json succeeded');
}

test('a generated data.json streams back as validated, unpadded records', async (t) => {
  const path = writeJson(t, JSON.stringify(entries()));
  const records = await collect(readArch2vecDataJson(path));
  assert.equal(records.length, 3);
  records.forEach((record, i) => {
    assert.equal(record.key, String(i));
    assert.equal(record.recordIndex, i);
    assert.deepEqual(record.cell, cells[i]);
    assert.equal(record.validationAccuracy, 0.91 + i / 100);
    assert.equal(record.testAccuracy, 0.9 + i / 100);
    assert.equal(record.trainingSeconds, 1000 + i);
    assert.deepEqual(record.adjacency, padded(cells[i]).module_adjacency);
  });
});

test('data.json imports into a benchmark keyed by the given module hash', async (t) => {
  const path = writeJson(t, JSON.stringify(entries(), null, 1));
  const hashOf = (cell: Nb101Cell) => `${cell.ops.length}`.padStart(32, '0');
  const benchmark = await importArch2vecDataJsonBenchmark(path, { moduleHashOf: hashOf, name: 'tiny' });
  assert.equal(benchmark.size, 3);
  assert.equal(benchmark.query(hashOf(cells[2])).testAccuracy, 0.92);
  assert.equal(benchmark.optimum.validationKey, hashOf(cells[2]));
  assert.equal(benchmark.optimum.testAccuracy, 0.92);
});

test('without a hasher, data.json cells are keyed by their official module hash', async (t) => {
  const path = writeJson(t, JSON.stringify(entries()));
  const benchmark = await importArch2vecDataJsonBenchmark(path);
  assert.deepEqual([...benchmark.architectures()].map((a) => a.key), cells.map((c) => nb101ModuleHash(c)));
  assert.equal(benchmark.query(nb101ModuleHash(cells[0])).trainingSeconds, 1000);
});

test('a JSON syntax error reports line, column and byte offset', async (t) => {
  const text = JSON.stringify(entries(), null, 1).replace('"training_time": 1001,', '"training_time": 1001');
  const error = await importError(writeJson(t, text));
  const line = text.slice(0, text.indexOf('"training_time": 1001') ).split('\n').length;
  assert.ok(error.location.line !== undefined && error.location.line >= line && error.location.line <= line + 1, `line ${error.location.line} near ${line}`);
  assert.equal(typeof error.location.column, 'number');
  assert.equal(typeof error.location.byteOffset, 'number');
  assert.match(error.message, /line \d+, column \d+/);
});

test('a truncated file is an error, not a shorter success', async (t) => {
  const text = JSON.stringify(entries());
  const error = await importError(writeJson(t, text.slice(0, Math.floor(text.length * 0.7))));
  assert.match(error.reason, /invalid JSON|cannot read/);
});

test('bad rows name the record number and key', async (t) => {
  const cases: [string, (e: Record<string, Record<string, unknown>>) => void, RegExp][] = [
    ['percent accuracy', (e) => (e['1'].validation_accuracy = 91.3), /validation_accuracy must be a fraction/],
    ['missing test accuracy', (e) => delete e['1'].test_accuracy, /test_accuracy/],
    ['negative time', (e) => (e['1'].training_time = -1), /training_time/],
    ['6×7 adjacency', (e) => (e['1'].module_adjacency = (e['1'].module_adjacency as number[][]).slice(1)), /adjacency must be 7×7/],
    ['two ops in a row', (e) => ((e['1'].module_operations as number[][])[1][0] = 1), /ops row 1 has more than one 1/],
    ['edge into padding', (e) => ((e['1'].module_adjacency as number[][])[4][6] = 1), /edge 4→6 touches padding/],
    ['op after padding', (e) => ((e['1'].module_operations as number[][])[6][2] = 1), /ops row 5 is empty but row 6 is not/],
    ['output not last', (e) => ((e['1'].module_operations as number[][])[4] = [0, 1, 0, 0, 0]), /ops\[4\]: expected 'output'/],
    ['input cut off', (e) => ((e['1'].module_adjacency as number[][])[0] = [0, 0, 0, 0, 0, 0, 0]), /not connected/],
  ];
  for (const [name, mutate, reason] of cases) {
    const e = entries();
    mutate(e);
    const error = await importError(writeJson(t, JSON.stringify(e)));
    assert.match(error.reason, reason, name);
    assert.equal(error.location.recordIndex, 1, name);
    assert.equal(error.location.key, '1', name);
    assert.match(error.message, /record #1, key "1"/, name);
  }
});

test('keys out of order, an empty object and a non-object are refused', async (t) => {
  const e = entries();
  // Written by hand: a JS object would put integer-like keys back in ascending order.
  const swapped = `{"0": ${JSON.stringify(e['0'])}, "2": ${JSON.stringify(e['2'])}, "1": ${JSON.stringify(e['1'])}}`;
  const outOfOrder = await importError(writeJson(t, swapped));
  assert.match(outOfOrder.reason, /keys must run/);
  assert.equal(outOfOrder.location.key, '2');
  assert.match((await importError(writeJson(t, '{}'))).reason, /no entries/);
  assert.match((await importError(writeJson(t, JSON.stringify(Object.values(e))))).reason, /.+/);
});
