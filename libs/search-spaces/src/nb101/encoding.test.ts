import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArchEncoding } from '../common/arch-encoding.js';
import { InvalidCellError } from '../common/invalid-cell-error.js';
import { loadHashCases } from '../test-fixtures.js';
import { createNb101Cell } from './cell.js';
import { nb101ModuleHash } from './cell-hash.js';
import { decodeNb101Encoding, encodeNb101Cell } from './encoding.js';

const fiveVertex = createNb101Cell(
  [
    [0, 1, 1, 0, 0],
    [0, 0, 0, 1, 0],
    [0, 0, 0, 0, 1],
    [0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0],
  ],
  ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
);

test("arch2vec layout: op columns input/conv1x1/conv3x3/maxpool/output, padding rows at the end, 'output' at row n-1", () => {
  const { adjacency, ops } = encodeNb101Cell(fiveVertex);
  assert.deepEqual(ops, [
    [1, 0, 0, 0, 0],
    [0, 1, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 0, 0, 1, 0],
    [0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0],
  ]);
  assert.equal(adjacency.length, 7);
  assert.deepEqual(adjacency[0], [0, 1, 1, 0, 0, 0, 0]);
  assert.deepEqual(adjacency[3], [0, 0, 0, 0, 1, 0, 0]);
  assert.deepEqual(adjacency[5], [0, 0, 0, 0, 0, 0, 0]);
  assert.ok(adjacency.every((row) => row[5] === 0 && row[6] === 0));
});

test('encode → decode keeps the hash of all 4,532 real cells', () => {
  for (const c of loadHashCases()) {
    const encoding = encodeNb101Cell(createNb101Cell(c.matrix, c.ops));
    const n = c.ops.length;
    assert.equal(encoding.ops[n - 1][4], 1, 'output row');
    for (let i = n; i < 7; i++) assert.ok(encoding.ops[i].every((x) => x === 0));
    assert.equal(nb101ModuleHash(decodeNb101Encoding(encoding)), c.hash);
  }
});

function rejectsEncoding(edit: (e: { adjacency: number[][]; ops: number[][] }) => void, message: RegExp): void {
  const encoding = encodeNb101Cell(fiveVertex);
  edit(encoding);
  assert.throws(() => decodeNb101Encoding(encoding), (error: unknown) => error instanceof InvalidCellError && message.test(error.message));
}

test('decode rejects malformed or invalid encodings with a reason', () => {
  rejectsEncoding((e) => e.adjacency.pop(), /adjacency must be 7×7/);
  rejectsEncoding((e) => e.ops[1].push(0), /ops must be 7×5/);
  rejectsEncoding((e) => (e.adjacency[0][1] = 0.7), /adjacency\[0\]\[1\] is 0.7, expected 0 or 1/);
  rejectsEncoding((e) => (e.ops[2] = [0, 1, 1, 0, 0]), /ops row 2 has more than one 1/);
  rejectsEncoding((e) => (e.ops[2] = [0, 0, 0, 0, 0]), /ops row 2 is empty but row 4 is not/);
  rejectsEncoding((e) => (e.adjacency[3][5] = 1), /edge 3→5 touches padding \(the cell has 5 vertices\)/);
  rejectsEncoding((e) => (e.adjacency[2][1] = 1), /not upper-triangular \(edge 2→1\)/);
  rejectsEncoding((e) => (e.ops[4] = [0, 1, 0, 0, 0]), /ops\[4\]: expected 'output'/);
  const empty: ArchEncoding = { adjacency: encodeNb101Cell(fiveVertex).adjacency.map((r) => r.map(() => 0)), ops: Array.from({ length: 7 }, () => [0, 0, 0, 0, 0]) };
  assert.throws(() => decodeNb101Encoding(empty), InvalidCellError);
});

test('decode prunes like a ModelSpec: a decoded dead-end vertex disappears', () => {
  const encoding = encodeNb101Cell(fiveVertex);
  encoding.adjacency[3][4] = 0; // maxpool no longer reaches the output
  const cell = decodeNb101Encoding(encoding);
  assert.deepEqual(cell.ops, ['input', 'conv3x3-bn-relu', 'output']);
});
