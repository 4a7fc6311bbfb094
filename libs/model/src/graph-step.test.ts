/**
 * The graph step (one TensorFlow session call per batch, graph-step.ts) against the eager tfjs step on
 * the same native backend: the same loss, gradient and BN statistics for the same weights, batch and
 * noise; the same losses and updated weights, statistics and Adam moments over a few steps of each
 * phase; nothing applied on a non-finite loss; and a short seeded 'reference' run whose loss curve and
 * decoded held-out graphs match the eager run's. The export is tools/scripts/backend-graph-step.py's
 * (written by `a2v backend setup`). Without the native backend or the export the parity tests skip with
 * the reason, except under CI=true, where `npm test` builds both first and their absence is a failure.
 */
import assert from 'node:assert/strict';
import { before, test, type TestContext } from 'node:test';
import { createAdamState } from './adam.js';
import { batchArrays, type GraphDataset } from './graph-data.js';
import { GRAPH_STEP_FORMAT, GraphStepper, graphStepUnavailable, metaMismatch, type GraphStepMeta } from './graph-step.js';
import { modelConfig, trainConfig } from './model-config.js';
import { paramLayout } from './parameters.js';
import { SeededRng } from './rng.js';
import { runRoundsInProcess } from './resident-rounds.js';
import { EagerResidentShard, GraphResidentShard } from './resident-shard.js';
import { ShardExchange } from './shard-exchange.js';
import { initialShardState, partitionIndices, trainShardRound } from './sharded.js';
import { loadDataset, nb201Source } from './space-data.js';
import {
  alignCancelledBiases, assertClose, assertSameFrozenSteps, assertSameGradient, assertSameSeededRun, assertSameVaeSteps, assertWorkersMatchInProcess,
  copyWeights, nativeReadiness, relative, relativeL2,
} from './step-parity-test-support.js';
import { VaeStepper } from './train-step.js';
import { initialState, runSplit } from './trainer.js';

// This file tests the graph step: where the fused step kernel is built, createStepper (trainer, shard
// workers) would pick that instead (step-kernel.test.ts tests it). Worker threads copy this environment.
process.env.A2V_STEP_KERNEL = '0';
const config = trainConfig('nasbench201', { seed: 11, epochs: 2, mode: 'reference', subset: 640 });
let data: GraphDataset;
const native = nativeReadiness('the graph step', () => graphStepUnavailable(config.model));
const ready = (t: TestContext): boolean => native.ready(t);

before(async () => {
  await native.check();
  data = loadDataset(nb201Source(), 640);
});

test('the export must match the model it trains: shape, hyper-parameters and parameter layout', () => {
  const model = modelConfig('nasbench201');
  const layout = paramLayout(model);
  const meta: GraphStepMeta = {
    format: GRAPH_STEP_FORMAT,
    tensorflow: '2.21.0',
    space: 'nasbench201',
    N: 8,
    K: 7,
    hidden: 128,
    latent: 16,
    ginLayers: 4,
    bnMomentum: 0.1,
    bnEpsilon: 1e-5,
    size: layout.size,
    runningSize: layout.runningSize,
    bnNames: layout.bnNames,
    params: layout.specs.map((s) => ({ name: s.name, shape: s.shape, offset: s.offset })),
    batchSizes: [32],
    signatures: {},
  };
  assert.equal(metaMismatch(meta, model), undefined);
  assert.match(metaMismatch(meta, modelConfig('nasbench201', { hidden: 64 })) ?? '', /hidden=128/);
  assert.match(metaMismatch(meta, modelConfig('nasbench101')) ?? '', /space=nasbench201/);
  assert.match(metaMismatch({ ...meta, bnEpsilon: 1e-3 }, model) ?? '', /bnEpsilon/);
  const swapped = [...meta.params];
  [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
  assert.match(metaMismatch({ ...meta, params: swapped }, model) ?? '', /layout differs/);
  assert.match(metaMismatch({ ...meta, format: 0 }, model) ?? '', /format/);
});

/** Runs `check` on a freshly opened graph step, disposing it after. */
function withGraph(check: (graph: GraphStepper) => void): void {
  const graph = GraphStepper.open(config.model);
  try {
    check(graph);
  } finally {
    graph.dispose();
  }
}

test('same weights, batch and noise: the graph gradient equals the eager one in both phases', (t) => {
  if (!ready(t)) return;
  withGraph((graph) => assertSameGradient(config, data, graph, 'graph'));
});

test("frozen steps ('reference' epochs 2+): same losses, weights and Adam moments as the eager step", (t) => {
  if (!ready(t)) return;
  withGraph((graph) => assertSameFrozenSteps(config, data, graph));
});

test('VAE steps: same losses, BN statistics and Adam moments; weights the same up to the BN-cancelled biases', (t) => {
  if (!ready(t)) return;
  withGraph((graph) => assertSameVaeSteps(t, config, data, graph));
});

test("a 'local-adam' shard round (frozen epoch) returns the same state with the graph step as with the eager one", (t) => {
  if (!ready(t)) return;
  const eager = new VaeStepper(config.model);
  const graph = GraphStepper.open(config.model);
  try {
    const { train } = runSplit(config, data.count);
    const indices = partitionIndices(train, 2)[0];
    const start = initialState(config, data.count);
    const global = { weights: start.weights, adam: start.adam };
    const local = { ...initialShardState(config, 0), epoch: 1 }; // epoch 1: the frozen phase, free of the bias noise above
    const round = { config, data, indices, batchSize: 16, steps: 3 };
    const a = trainShardRound(eager, round, global, local);
    const b = trainShardRound(graph, round, global, local);
    b.losses.forEach((l, i) => assert.ok(relative(l, a.losses[i]) < 1e-4, `step ${i}: graph ${l} vs eager ${a.losses[i]}`));
    assert.deepEqual(b.local, a.local);
    assert.equal(b.state.adam.step, a.state.adam.step);
    assertClose([
      ['weights', b.state.weights.params, a.state.weights.params, 1e-5],
      ['Adam m', b.state.adam.m, a.state.adam.m, 1e-4],
      ['Adam v', b.state.adam.v, a.state.adam.v, 1e-4],
    ]);
    assert.ok(relativeL2(b.state.weights.params, global.weights.params) > 1e-4, 'the round did not change the weights');
    assert.deepEqual(global.weights.params, initialState(config, data.count).weights.params, 'rounds never mutate the global state');
  } finally {
    graph.dispose();
    eager.dispose();
  }
});

test("resident 'gradient' shards (two, both phases) hold the same state with the graph step as with the eager one", (t) => {
  if (!ready(t)) return;
  const { train } = runSplit(config, data.count);
  const parts = partitionIndices(train, 2);
  const shards = parts.map((indices) => ({ config, data, indices, batchSize: 16 }));
  const start = initialState(config, data.count);
  const global = { weights: start.weights, adam: start.adam };
  const kinds = {
    eager: parts.map(() => new EagerResidentShard(new VaeStepper(config.model))),
    graph: parts.map(() => new GraphResidentShard(GraphStepper.open(config.model))),
  };
  try {
    // Epoch 0 is the VAE phase (batch statistics), epoch 1 the frozen one. In the VAE phase, float noise
    // in near-zero gradient entries (the BN-cancelled biases, and more once two shards' gradients are
    // averaged) becomes ±lr Adam steps, so the two runs part within a few rounds: one round is compared.
    for (const [epoch, rounds] of [
      [0, 1],
      [1, 4],
    ]) {
      const [eager, graph] = [kinds.eager, kinds.graph].map((residents) => {
        residents.forEach((r) => r.load(global));
        const locals = parts.map((_, s) => ({ ...initialShardState(config, s), epoch }));
        const exchange = ShardExchange.create(2, paramLayout(config.model).size, paramLayout(config.model).runningSize);
        const outcome = runRoundsInProcess(residents, exchange, shards, locals, 0, rounds);
        return { outcome, locals, states: residents.map((r) => r.state()) };
      });
      assert.equal(graph.outcome.losses.length, rounds);
      graph.outcome.losses.forEach((l, i) => assert.ok(relative(l, eager.outcome.losses[i]) < 1e-4, `epoch ${epoch} round ${i}: graph ${l} vs eager ${eager.outcome.losses[i]}`));
      assert.deepEqual(graph.locals, eager.locals);
      assert.deepEqual(graph.states[1], graph.states[0], 'the two graph shards drifted apart');
      const [g, e] = [graph.states[0], eager.states[0]];
      assert.equal(g.adam.step, rounds);
      assertClose([
        [`epoch ${epoch} running statistics`, g.weights.running, e.weights.running, 1e-3], // they carry the biases below
        [`epoch ${epoch} Adam m`, g.adam.m, e.adam.m, 1e-3],
        [`epoch ${epoch} Adam v`, g.adam.v, e.adam.v, 1e-3],
      ]);
      assert.ok(relativeL2(g.weights.params, global.weights.params) > 1e-4, 'the rounds did not change the weights');
      // In the VAE phase the BN-cancelled biases random-walk apart within Adam's steps (see the VAE-step test above).
      const worst = alignCancelledBiases(config.model, g.weights.params, e.weights.params);
      assert.ok(worst <= 2 * config.learningRate * rounds, `a BN-cancelled bias moved ${worst} apart, more than Adam's noise can`);
      assertClose([[`epoch ${epoch} weights`, g.weights.params, e.weights.params, 1e-5]]);
    }
  } finally {
    [...kinds.eager, ...kinds.graph].forEach((r) => r.dispose());
  }
});

test('graph-step shards in worker threads (shared-memory exchange, deferred updates) compute exactly what they compute in-process', async (t) => {
  if (!ready(t)) return;
  await assertWorkersMatchInProcess(config, data, 'graph');
});

test('a non-finite loss applies nothing: weights, statistics, moments and the step count stay', (t) => {
  if (!ready(t)) return;
  const graph = GraphStepper.open(config.model);
  try {
    const { train } = runSplit(config, data.count);
    const start = initialState(config, data.count);
    const weights = copyWeights(start.weights);
    weights.params[0] = Number.NaN; // gin0.eps
    const adam = createAdamState(weights.params.length);
    const before = { params: weights.params.slice(), running: weights.running.slice() };
    const result = graph.step(weights, adam, batchArrays(data, train.subarray(0, 32)), 'train', SeededRng.fromSeed(1), config);
    assert.ok(!Number.isFinite(result.loss));
    assert.equal(adam.step, 0);
    const state = graph.readState();
    assert.deepEqual(state.params, before.params);
    assert.deepEqual(state.running, before.running);
    assert.deepEqual(state.m, new Float32Array(weights.params.length));
  } finally {
    graph.dispose();
  }
});

test("a seeded 'reference' run (one VAE, one frozen epoch): same loss curve and decoded graphs as the eager trainer", (t) => {
  if (!ready(t)) return;
  assertSameSeededRun(t, config, data, 'graph');
});
