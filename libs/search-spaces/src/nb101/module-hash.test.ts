import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { loadHashCases } from '../test-fixtures.js';
import { createNb101Cell, type Nb101Cell } from './cell.js';
import { nb101ModuleHash } from './cell-hash.js';
import { nb101HashLabel, type Nb101Op } from './ops.js';

const cases = loadHashCases();
const asCell = (c: { matrix: number[][]; ops: string[] }): Nb101Cell => ({ matrix: c.matrix, ops: c.ops as Nb101Op[] });

/** Line-by-line port of graph_util.hash_module with Python string semantics (slow, obviously faithful). */
function referenceHash(matrix: readonly (readonly number[])[], labels: number[]): string {
  const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
  const n = matrix.length;
  const inEdges = labels.map((_, v) => matrix.reduce((sum, row) => sum + row[v], 0));
  const outEdges = labels.map((_, v) => matrix[v].reduce((a, b) => a + b, 0));
  let hashes = labels.map((label, v) => md5(`(${outEdges[v]}, ${inEdges[v]}, ${label})`));
  for (let round = 0; round < n; round++) {
    hashes = hashes.map((own, v) => {
      const ins = hashes.filter((_, w) => matrix[w][v]).sort();
      const outs = hashes.filter((_, w) => matrix[v][w]).sort();
      return md5(`${ins.join('')}|${outs.join('')}|${own}`);
    });
  }
  return md5(`[${hashes.sort().map((h) => `'${h}'`).join(', ')}]`);
}

test('reproduces all 4,532 official hashes of the test vectors', () => {
  assert.equal(cases.length, 4532);
  const wrong = cases.filter((c) => nb101ModuleHash(asCell(c)) !== c.hash);
  assert.deepEqual(wrong.slice(0, 3), [], `${wrong.length} hashes differ`);
});

test('the fast hash equals a naive port of hash_module (and so does the port on the vectors)', () => {
  for (const c of cases.filter((_, i) => i % 20 === 0)) {
    const cell = createNb101Cell(c.matrix, c.ops);
    const ref = referenceHash(cell.matrix, cell.ops.map(nb101HashLabel));
    assert.equal(ref, c.hash);
    assert.equal(nb101ModuleHash(cell), ref);
  }
});

/** A random topological relabelling: input stays first, output last, interior order shuffled consistently with the edges. */
function randomIsomorph(cell: Nb101Cell, seed: number): Nb101Cell {
  const n = cell.ops.length;
  let state = seed;
  const next = (k: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % k;
  };
  const placed: number[] = [0];
  const remaining = new Set(Array.from({ length: n - 2 }, (_, k) => k + 1));
  while (remaining.size > 0) {
    const ready = [...remaining].filter((v) => [...remaining].every((u) => !cell.matrix[u][v]));
    const pick = ready[next(ready.length)];
    placed.push(pick);
    remaining.delete(pick);
  }
  placed.push(n - 1);
  const matrix = placed.map((u) => placed.map((v) => cell.matrix[u][v]));
  return { matrix, ops: placed.map((u) => cell.ops[u]) };
}

test('isomorphic relabellings hash the same', () => {
  let moved = 0;
  for (const [i, c] of cases.entries()) {
    if (i % 10 !== 0) continue;
    const relabelled = randomIsomorph(asCell(c), i + 1);
    if (JSON.stringify(relabelled) !== JSON.stringify({ matrix: c.matrix, ops: c.ops })) moved++;
    assert.equal(nb101ModuleHash(relabelled), c.hash);
  }
  assert.ok(moved >= 50, `only ${moved} relabellings differed from the original`);
});

test('changing one op or one edge changes the hash', () => {
  for (const c of cases.filter((_, i) => i % 15 === 0)) {
    const cell = createNb101Cell(c.matrix, c.ops);
    const n = cell.ops.length;
    for (let v = 1; v < n - 1; v++) {
      const ops = cell.ops.slice();
      ops[v] = ops[v] === 'maxpool3x3' ? 'conv1x1-bn-relu' : 'maxpool3x3';
      assert.notEqual(nb101ModuleHash({ matrix: cell.matrix, ops }), c.hash);
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const matrix = cell.matrix.map((row) => row.slice());
        matrix[i][j] = 1 - matrix[i][j];
        let changed: Nb101Cell;
        try {
          changed = createNb101Cell(matrix, cell.ops);
        } catch {
          continue; // flips that break validity have no hash
        }
        assert.notEqual(nb101ModuleHash(changed), c.hash, `flip ${i}→${j}`);
      }
    }
  }
});

test('hashes the pruned cell: a dangling vertex does not change the hash', () => {
  const c = cases[0];
  const n = c.matrix.length;
  // Insert a vertex before the output that only receives an edge from the input (so it is pruned).
  const matrix = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) => {
      const source = i < n - 1 ? i : i === n ? n - 1 : -1;
      const target = j < n - 1 ? j : j === n ? n - 1 : -1;
      if (i === 0 && j === n - 1) return 1;
      return source >= 0 && target >= 0 ? c.matrix[source][target] : 0;
    }),
  );
  const ops = [...c.ops.slice(0, n - 1), 'maxpool3x3', 'output'] as Nb101Op[];
  assert.equal(createNb101Cell(matrix, ops).ops.length, n);
  assert.equal(nb101ModuleHash({ matrix, ops }), c.hash);
});
