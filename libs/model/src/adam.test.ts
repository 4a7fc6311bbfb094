import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adamUpdate, createAdamState, globalNorm } from './adam.js';

const options = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, clipNorm: 5 };

test('two Adam steps match torch.optim.Adam arithmetic', () => {
  const params = Float32Array.from([1, -2]);
  const state = createAdamState(2);
  const g1 = Float32Array.from([0.5, -1]);
  adamUpdate(params, g1, globalNorm(g1), state, options);
  // Step 1: m̂ = g, v̂ = g², so the update is lr·g/(|g| + ε) ≈ lr·sign(g).
  assert.ok(Math.abs(params[0] - (1 - 1e-3)) < 1e-6);
  assert.ok(Math.abs(params[1] - (-2 + 1e-3)) < 1e-6);
  const g2 = Float32Array.from([0.25, 0]);
  adamUpdate(params, g2, globalNorm(g2), state, options);
  const m = 0.9 * 0.1 * 0.5 + 0.1 * 0.25;
  const v = 0.999 * 0.001 * 0.25 + 0.001 * 0.0625;
  const expected = 1 - 1e-3 - (1e-3 / (1 - 0.9 ** 2)) * (m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8));
  assert.ok(Math.abs(params[0] - expected) < 1e-6, `${params[0]} vs ${expected}`);
  assert.equal(state.step, 2);
});

test('gradients above the clip norm are scaled to it (clip_grad_norm_), smaller ones are not', () => {
  const big = Float32Array.from([30, 40]); // norm 50 → scaled by 5/50
  const a = createAdamState(2);
  const p = new Float32Array(2);
  adamUpdate(p, big, globalNorm(big), a, options);
  assert.ok(Math.abs(a.m[0] - 0.1 * 3) < 1e-6 && Math.abs(a.m[1] - 0.1 * 4) < 1e-6, `${a.m}`);
  const small = Float32Array.from([3, 0]);
  const b = createAdamState(2);
  adamUpdate(new Float32Array(2), small, globalNorm(small), b, options);
  assert.ok(Math.abs(b.m[0] - 0.3) < 1e-6);
});
