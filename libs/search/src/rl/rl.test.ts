import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRng } from '../util/seeded-rng.js';
import { initPolicyParams, policyGradient, policyLoss, policyStep, type PolicyShape, type StepCache } from './lstm-policy.js';
import { nearestUnvisitedFloat32 } from './nearest-kernel.js';
import { NearestNeighbourIndex, nearestUnvisited } from './nearest-neighbour.js';

describe('LSTM policy', () => {
  const shape: PolicyShape = { input: 3, hidden: 5 };
  const rng = SeededRng.fromSeed(8);
  const params = initPolicyParams(shape, rng);
  const inputs = Array.from({ length: 4 }, () => Float64Array.from({ length: 3 }, () => rng.normal()));
  const actions = Array.from({ length: 4 }, () => Float64Array.from({ length: 3 }, () => rng.normal()));
  const advantages = [0.3, -0.7, 1.1, 0.2];
  const unroll = (p: Float32Array | Float64Array): StepCache[] => {
    const steps: StepCache[] = [];
    let h: Float64Array = new Float64Array(5);
    let c: Float64Array = new Float64Array(5);
    for (const x of inputs) {
      const step = policyStep(p as Float32Array, shape, x, h, c);
      steps.push(step);
      h = step.h;
      c = step.c;
    }
    return steps;
  };

  it('backpropagation through time matches finite differences of the REINFORCE loss', () => {
    const grad = policyGradient(params, shape, unroll(params), actions, advantages);
    const p64 = Float64Array.from(params);
    let checked = 0;
    for (let i = 0; i < p64.length; i += 7) {
      const eps = 1e-5;
      const plus = Float64Array.from(p64);
      plus[i] += eps;
      const minus = Float64Array.from(p64);
      minus[i] -= eps;
      const numeric = (policyLoss(unroll(plus), actions, advantages) - policyLoss(unroll(minus), actions, advantages)) / (2 * eps);
      assert.ok(Math.abs(numeric - grad[i]) < 1e-6 + 1e-4 * Math.abs(numeric), `param ${i}: ${grad[i]} vs ${numeric}`);
      checked += 1;
    }
    assert.ok(checked > 20);
  });
});

describe('nearest unvisited embedding', () => {
  const rng = SeededRng.fromSeed(2);
  const dim = 16;
  const count = 2000;
  const rows = Float32Array.from({ length: count * dim }, () => rng.normal());
  const brute = (point: Float64Array, visited: Uint8Array): number => {
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < count; i++) {
      if (visited[i]) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += (rows[i * dim + d] - point[d]) ** 2;
      if (s < bestD) [best, bestD] = [i, s];
    }
    return best;
  };

  it('the index equals a brute-force search and skips visited rows', () => {
    const visited = new Uint8Array(count);
    // Unequal scales per dimension, as real embeddings have.
    const scaled = Float32Array.from(rows, (v, i) => v * (1 + (i % dim) / 4));
    const index = new NearestNeighbourIndex(scaled, dim);
    const bruteScaled = (point: Float64Array): number => nearestUnvisitedFloat32(scaled, dim, point, visited); // the SIMD kernel's arithmetic
    for (let q = 0; q < 200; q++) {
      const point = Float64Array.from({ length: dim }, (_, d) => rng.normal() * (1 + d / 4));
      const found = index.nearestUnvisited(point, visited);
      assert.equal(found, bruteScaled(point));
      assert.equal(nearestUnvisited(rows, dim, point, visited), brute(point, visited));
      visited[found] = 1;
    }
  });

  it('the SIMD kernel (16 wide) honours the exclusion and sees each query\'s visited bytes', () => {
    const index = new NearestNeighbourIndex(rows, dim);
    const point = Float64Array.from(rows.subarray(5 * dim, 6 * dim)); // row 5 itself
    const visited = new Uint8Array(count);
    assert.equal(index.nearestUnvisited(point, visited), 5);
    const second = index.nearestUnvisited(point, visited, 5);
    assert.notEqual(second, 5);
    assert.equal(second, nearestUnvisitedFloat32(rows, dim, point, visited, 5));
    visited[5] = 1;
    assert.equal(index.nearestUnvisited(point, visited), second);
    assert.equal(index.nearestUnvisited(point, new Uint8Array(count).fill(1)), -1);
    assert.throws(() => index.nearestUnvisited(point, new Uint8Array(count - 1)), /visited has 1999 entries for 2000 rows/);
  });

  it('works for tables narrower than its unrolled head', () => {
    const narrow = Float32Array.from({ length: 300 * 2 }, () => rng.normal());
    const index = new NearestNeighbourIndex(narrow, 2);
    const none = new Uint8Array(300);
    for (let q = 0; q < 20; q++) {
      const point = [rng.normal(), rng.normal()];
      assert.equal(index.nearestUnvisited(point, none), nearestUnvisited(narrow, 2, point, none));
    }
  });

  it('honours the extra exclusion and breaks ties by index', () => {
    const same = new Float32Array(3 * 5).fill(1);
    const index = new NearestNeighbourIndex(same, 5);
    assert.equal(index.nearestUnvisited([1, 1, 1, 1, 1], new Uint8Array(3)), 0);
    assert.equal(index.nearestUnvisited([1, 1, 1, 1, 1], new Uint8Array(3), 0), 1);
    assert.equal(index.nearestUnvisited([1, 1, 1, 1, 1], Uint8Array.from([1, 1, 1])), -1);
  });
});
