import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidCellError } from '../common/invalid-cell-error.js';
import { createSeededRandom } from '../common/seeded-random.js';
import { formatNb201ArchString, parseNb201ArchString, type Nb201Cell } from './cell.js';
import { decodeNb201Encoding, encodeNb201Cell } from './encoding.js';
import { mutateNb201Cell, nb201EditDistance, nb201MutationNeighbours, sampleNb201Cell } from './nb201-space.js';
import { nb201CellAt } from './official-index.js';

const cell = parseNb201ArchString('|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|skip_connect~2|');

test('encoding: the fixed 8-node adjacency of the reference notes and arch2vec op columns', () => {
  const { adjacency, ops } = encodeNb201Cell(cell);
  const edges = adjacency.flatMap((row, i) => row.flatMap((x, j) => (x ? [`${i}→${j}`] : [])));
  assert.deepEqual(edges, ['0→1', '0→2', '0→4', '1→3', '1→5', '2→6', '3→6', '4→7', '5→7', '6→7']);
  // Columns: input, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3, skip_connect, none, output.
  assert.deepEqual(ops.map((row) => row.indexOf(1)), [0, 2, 5, 3, 4, 1, 4, 6]);
  assert.ok(ops.every((row) => row.reduce((a, b) => a + b, 0) === 1));
});

test('encode → decode round-trips all 15,625 cells', () => {
  for (let i = 0; i < 15_625; i++) {
    const c = nb201CellAt(i);
    assert.deepEqual(decodeNb201Encoding(encodeNb201Cell(c)), c);
  }
});

test('decode refuses encodings that are not NB201 cells', () => {
  const tamper = (edit: (e: { adjacency: number[][]; ops: number[][] }) => void, message: RegExp): void => {
    const e = encodeNb201Cell(cell);
    edit(e);
    assert.throws(() => decodeNb201Encoding(e), (error: unknown) => error instanceof InvalidCellError && message.test(error.message));
  };
  tamper((e) => (e.adjacency[2][3] = 1), /adjacency\[2\]\[3\] is 1 but the NAS-Bench-201 graph has 0 there/);
  tamper((e) => (e.ops[0] = [0, 1, 0, 0, 0, 0, 0]), /ops row 0 is 'nor_conv_1x1', expected 'input'/);
  tamper((e) => (e.ops[7] = [0, 0, 0, 0, 0, 1, 0]), /ops row 7 is 'none', expected 'output'/);
  tamper((e) => (e.ops[3] = [1, 0, 0, 0, 0, 0, 0]), /ops row 3 is 'input', expected an edge op/);
  tamper((e) => (e.ops[3] = [0, 0, 0, 0, 0, 0, 0]), /ops row 3 is not one-hot/);
  tamper((e) => e.ops.pop(), /ops must be 8×7/);
});

test('neighbours: 24 distinct cells, each one op away', () => {
  const neighbours = nb201MutationNeighbours(cell);
  assert.equal(neighbours.length, 24);
  const keys = neighbours.map(formatNb201ArchString);
  assert.equal(new Set(keys).size, 24);
  assert.ok(!keys.includes(formatNb201ArchString(cell)));
  for (const n of neighbours) assert.equal(nb201EditDistance(cell, n), 1);
});

test('edit distance: differing ops; 0 to itself, symmetric, at most 6', () => {
  const rng = createSeededRandom(5);
  for (let k = 0; k < 200; k++) {
    const a = sampleNb201Cell(rng);
    const b = sampleNb201Cell(rng);
    assert.equal(nb201EditDistance(a, a), 0);
    assert.equal(nb201EditDistance(a, b), nb201EditDistance(b, a));
    assert.equal(nb201EditDistance(a, b), a.ops.filter((op, i) => op !== b.ops[i]).length);
  }
  const all = (op: Nb201Cell['ops'][number]): Nb201Cell => ({ ops: new Array(6).fill(op) });
  assert.equal(nb201EditDistance(all('none'), all('skip_connect')), 6);
});

test("mutate: one op changes; target node first, then one of its edges (R-EA's bias towards node 1's edge)", () => {
  const rng = createSeededRandom(9);
  const picks = new Array<number>(6).fill(0);
  for (let k = 0; k < 3000; k++) {
    const child = mutateNb201Cell(cell, rng);
    assert.equal(nb201EditDistance(cell, child), 1);
    picks[child.ops.findIndex((op, i) => op !== cell.ops[i])]++;
  }
  // Expected 1/3, 1/6, 1/6, 1/9, 1/9, 1/9 of the draws.
  assert.ok(picks[0] > 850 && picks[0] < 1150, `edge 0→1 picked ${picks[0]} times`);
  assert.ok(picks[5] > 200 && picks[5] < 470, `edge 2→3 picked ${picks[5]} times`);
  const again = createSeededRandom(9);
  assert.deepEqual(mutateNb201Cell(cell, again), mutateNb201Cell(cell, createSeededRandom(9)));
});

test('sample is uniform over ops and reproducible', () => {
  const draw = (seed: number): Nb201Cell[] => {
    const rng = createSeededRandom(seed);
    return Array.from({ length: 2000 }, () => sampleNb201Cell(rng));
  };
  const cells = draw(1);
  assert.deepEqual(draw(1), cells);
  const counts = new Map<string, number>();
  for (const c of cells) for (const op of c.ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  for (const [op, count] of counts) assert.ok(count > 2100 && count < 2700, `${op}: ${count} of 12000`);
});
