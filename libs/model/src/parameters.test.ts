import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelConfig } from './model-config.js';
import { initParams, initRunningStats, paramLayout, paramView } from './parameters.js';
import { SeededRng } from './rng.js';

test('NB101 has the reference parameter count: GIN 118,400 + ε 4 + heads 4,128 + op decoder 85', () => {
  assert.equal(paramLayout(modelConfig('nasbench101')).size, 118_400 + 4 + 4_128 + 85);
  // NB201 differs only in the first layer (K=7) and the op decoder (16×7+7).
  assert.equal(paramLayout(modelConfig('nasbench201')).size, 118_400 + 2 * 128 + 4 + 4_128 + 119);
});

test('PyTorch-style init: Linear U(±1/√fan_in), BN γ=1 β=0, GIN ε=0, running mean 0 / var 1', () => {
  const config = modelConfig('nasbench201');
  const layout = paramLayout(config);
  const params = initParams(layout, SeededRng.fromSeed(1));
  const within = (name: string, bound: number) => {
    const v = paramView(layout, params, name);
    assert.ok(v.every((x) => Math.abs(x) <= bound), `${name} exceeds ±${bound}`);
    assert.ok(Math.max(...v.map(Math.abs)) > 0.8 * bound, `${name} does not fill its range`);
  };
  within('gin0.mlp.lin1.w', 1 / Math.sqrt(7));
  within('gin0.mlp.lin1.b', 1 / Math.sqrt(7));
  within('gin2.mlp.lin2.w', 1 / Math.sqrt(128));
  within('heads.w', 1 / Math.sqrt(128));
  within('opDecoder.w', 1 / Math.sqrt(16));
  assert.ok(paramView(layout, params, 'gin1.bn.gamma').every((x) => x === 1));
  assert.ok(paramView(layout, params, 'gin1.mlp.bn.beta').every((x) => x === 0));
  assert.equal(paramView(layout, params, 'gin3.eps')[0], 0);
  const running = initRunningStats(layout, config.hidden);
  assert.equal(running.length, 8 * 2 * 128);
  assert.deepEqual([running[0], running[127], running[128], running[255], running[256]], [0, 0, 1, 1, 0]);
});

test('the same seed draws the same weights, another seed different ones', () => {
  const layout = paramLayout(modelConfig('nasbench101'));
  assert.deepEqual(initParams(layout, SeededRng.fromSeed(3)), initParams(layout, SeededRng.fromSeed(3)));
  assert.notDeepEqual(initParams(layout, SeededRng.fromSeed(3)), initParams(layout, SeededRng.fromSeed(4)));
});
