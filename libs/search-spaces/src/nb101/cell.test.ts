import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidCellError, type InvalidCellRule } from '../common/invalid-cell-error.js';
import { loadHashCases, loadInvalidCases } from '../test-fixtures.js';
import { createNb101Cell } from './cell.js';

function rejects(matrix: unknown, ops: unknown, rule: InvalidCellRule, message: RegExp): void {
  assert.throws(
    () => createNb101Cell(matrix, ops),
    (error: unknown) => {
      assert.ok(error instanceof InvalidCellError, `expected InvalidCellError, got ${String(error)}`);
      assert.equal(error.rule, rule, error.message);
      assert.equal(error.space, 'nasbench101');
      assert.match(error.message, message);
      return true;
    },
  );
}

// The shared check file gives each invalid cell a reason; this is the rule and message each one must produce.
const expected: Record<string, [InvalidCellRule, RegExp]> = {
  'cycle / not upper triangular': ['not-upper-triangular', /matrix: not upper-triangular \(edge 2→0\)/],
  'size mismatch + unknown op': ['ops-length', /matrix is 2×2 but ops has 3 entries/],
  'unknown op': ['unknown-op', /ops\[1\]: unknown op 'conv5x5-bn-relu' \(expected one of 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'\)/],
  '21 edges > 9': ['too-many-edges', /21 edges.*more than 9/],
  'input not connected to output': ['disconnected', /input \(vertex 0\) is not connected to output \(vertex 2\)/],
};

test('rejects every case of nb101-invalid-cases.jsonl with the rule it breaks', () => {
  const cases = loadInvalidCases();
  assert.equal(cases.length, 5);
  for (const c of cases) {
    const rule = expected[c.why];
    assert.ok(rule, `no expectation for '${c.why}'`);
    rejects(c.matrix, c.ops, ...rule);
  }
});

test('accepts every real cell of the hash vectors unchanged (they are already pruned)', () => {
  for (const c of loadHashCases()) {
    const cell = createNb101Cell(c.matrix, c.ops);
    assert.deepEqual(cell, { matrix: c.matrix, ops: c.ops });
  }
});

test('shape rules name the offending value', () => {
  rejects('nope', ['input', 'output'], 'shape', /matrix: expected a non-empty array/);
  rejects([], [], 'shape', /non-empty/);
  rejects([[0, 1], 'x'], ['input', 'output'], 'shape', /matrix\[1\]: expected an array, got 'x'/);
  rejects([[0, 2], [0, 0]], ['input', 'output'], 'shape', /matrix\[0\]\[1\]: expected 0 or 1, got 2/);
  rejects([[0, 1], [0, 0]], 'input,output', 'shape', /ops: expected an array/);
  rejects([[0, 1, 0], [0, 0]], ['input', 'output'], 'not-square', /not square: it has 2 rows but row 0 has 3 entries/);
  rejects([[0]], ['input'], 'shape', /1×1: a cell needs at least an input and an output/);
});

test('input first, output last, only known interior ops', () => {
  const chain = [[0, 1, 0], [0, 0, 1], [0, 0, 0]];
  rejects(chain, ['conv3x3-bn-relu', 'conv3x3-bn-relu', 'output'], 'first-op', /ops\[0\]: expected 'input', got 'conv3x3-bn-relu'/);
  rejects(chain, ['input', 'conv3x3-bn-relu', 'maxpool3x3'], 'last-op', /ops\[2\]: expected 'output', got 'maxpool3x3'/);
  rejects(chain, ['input', 'output', 'output'], 'unknown-op', /ops\[1\]: 'output' is only allowed as the last op/);
  rejects(chain, ['input', 7, 'output'], 'unknown-op', /ops\[1\]: unknown op 7/);
  rejects([[0, 1], [1, 0]], ['input', 'output'], 'not-upper-triangular', /edge 1→0/);
  rejects([[1, 1], [0, 0]], ['input', 'output'], 'not-upper-triangular', /edge 0→0/);
});

test('prunes vertices off every input→output path, without touching the input', () => {
  // 0→1→3 and 0→2 (2 is a dead end): vertex 2 goes.
  const matrix = [
    [0, 1, 1, 0],
    [0, 0, 0, 1],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  const ops = ['input', 'conv1x1-bn-relu', 'maxpool3x3', 'output'];
  const cell = createNb101Cell(matrix, ops);
  assert.deepEqual(cell.matrix, [[0, 1, 0], [0, 0, 1], [0, 0, 0]]);
  assert.deepEqual(cell.ops, ['input', 'conv1x1-bn-relu', 'output']);
  assert.equal(matrix[0][2], 1);
  assert.equal(ops.length, 4);
});

test('vertex and edge limits apply after pruning', () => {
  const chain = (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i + 1 ? 1 : 0)));
  const interior = (n: number): string[] => ['input', ...new Array<string>(n - 2).fill('conv3x3-bn-relu'), 'output'];
  rejects(chain(8), interior(8), 'too-many-vertices', /8 vertices, more than 7/);
  // An 8×8 matrix whose extra vertex dangles prunes to 7 vertices: valid, as in nasbench.
  const withDangling = chain(8).map((row) => row.slice());
  withDangling[5][6] = withDangling[6][7] = 0;
  withDangling[5][7] = withDangling[0][6] = 1;
  assert.equal(createNb101Cell(withDangling, interior(8)).ops.length, 7);
  // 10 edges with every vertex on a path: too many.
  const dense = chain(7);
  dense[0][2] = dense[0][3] = dense[1][3] = dense[2][4] = 1;
  rejects(dense, interior(7), 'too-many-edges', /cell has 10 edges, more than 9/);
  // 10 edges of which one leads to a dead end (vertex 5): pruning leaves 6 vertices and 9 edges.
  const edges: [number, number][] = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 6], [0, 2], [0, 3], [1, 3], [1, 4], [0, 5]];
  const withDeadEnd = Array.from({ length: 7 }, () => new Array<number>(7).fill(0));
  for (const [i, j] of edges) withDeadEnd[i][j] = 1;
  const pruned = createNb101Cell(withDeadEnd, interior(7));
  assert.equal(pruned.ops.length, 6);
  assert.equal(pruned.matrix.flat().filter(Boolean).length, 9);
});
