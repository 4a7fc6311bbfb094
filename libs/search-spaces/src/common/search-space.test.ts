import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nasBench101 } from '../nb101/nb101-space.js';
import { nasBench201 } from '../nb201/nb201-space.js';
import type { SearchSpace } from './search-space.js';
import { createSeededRandom } from './seeded-random.js';

function checkContract<Cell>(space: SearchSpace<Cell>, n: number, k: number): void {
  assert.equal(space.N, n);
  assert.equal(space.K, k);
  const rng = createSeededRandom(2024);
  let lonely = 0;
  for (let draw = 0; draw < 40; draw++) {
    const cell = space.sample(rng);
    assert.ok(space.isValid(cell));
    const key = space.key(cell);
    assert.equal(space.key(space.validate(cell)), key);

    const encoding = space.encode(cell);
    assert.equal(encoding.adjacency.length, n);
    assert.ok(encoding.adjacency.every((row) => row.length === n));
    assert.equal(encoding.ops.length, n);
    assert.ok(encoding.ops.every((row) => row.length === k && row.reduce((a, b) => a + b, 0) <= 1));
    assert.equal(space.key(space.decode(encoding)), key);
    assert.notEqual(space.tryDecode(encoding), null);

    const neighbours = space.neighbours(cell);
    const keys = neighbours.map((c) => space.key(c));
    // Only NB101's 2-vertex cell (input→output) has no one-step neighbour.
    if (neighbours.length === 0) lonely++;
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(!keys.includes(key));
    assert.ok(neighbours.every((c) => space.isValid(c)));
    assert.equal(space.editDistance(cell, cell), 0);
    assert.ok(space.isValid(space.mutate(cell, rng)));
  }
  assert.ok(lonely < 10, `${lonely} of 40 samples without neighbours`);
  const garbage = { adjacency: [[1]], ops: [[1]] };
  assert.equal(space.tryDecode(garbage), null);
  assert.throws(() => space.decode(garbage), /encoding/);
}

test('NAS-Bench-101 satisfies the SearchSpace contract (N=7, K=5)', () => {
  assert.equal(nasBench101.name, 'nasbench101');
  checkContract(nasBench101, 7, 5);
  assert.equal(nasBench101.isValid({ matrix: [[0, 0], [0, 0]], ops: ['input', 'output'] }), false);
});

test('NAS-Bench-201 satisfies the SearchSpace contract (N=8, K=7)', () => {
  assert.equal(nasBench201.name, 'nasbench201');
  checkContract(nasBench201, 8, 7);
  assert.equal(nasBench201.isValid({ ops: ['none'] as never }), false);
});
