/**
 * Sharded pre-training: the pure pieces, the worker driver against the in-process one, and the
 * acceptance check that S=2 reaches the reconstruction accuracy of S=1 on the same graph budget.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initBackend } from './backend.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { CheckpointMismatchError, NonFiniteLossError } from './errors.js';
import { reconstructionMetrics } from './metrics.js';
import { trainConfig } from './model-config.js';
import { EagerResidentShard } from './resident-shard.js';
import { ShardAbortedError, ShardExchange } from './shard-exchange.js';
import { combineShards, partitionIndices, roundsFor, shardBatchSize } from './sharded.js';
import { runShardedTraining } from './sharded-driver.js';
import { loadDataset, nb201Source } from './space-data.js';
import { VaeStepper } from './train-step.js';
import { Trainer } from './trainer.js';

const dir = mkdtempSync(join(tmpdir(), 'a2v-shards-'));
after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
});

test('shards partition the training indices (strided, disjoint, complete) and split the batch', () => {
  const train = Uint32Array.from([9, 4, 7, 1, 3]);
  assert.deepEqual(partitionIndices(train, 2).map((p) => Array.from(p)), [[9, 7, 3], [4, 1]]);
  assert.deepEqual(partitionIndices(train, 1).map((p) => Array.from(p)), [[9, 4, 7, 1, 3]]);
  const config = trainConfig('nasbench201', { epochs: 3 });
  assert.deepEqual([shardBatchSize(config, 1), shardBatchSize(config, 2), shardBatchSize(config, 3)], [32, 16, 11]);
  // 3 passes over 450 graphs in batches of 16 = 3 × 29 steps, in rounds of 4 steps.
  assert.equal(roundsFor(config, 450, 16, 4), Math.ceil((3 * 29) / 4));
});

test("'local-adam' averages parameters, running statistics and Adam moments, weighted by shard size", () => {
  const state = (v: number) => ({
    weights: { params: Float32Array.of(v, 2 * v), running: Float32Array.of(v) },
    adam: { m: Float32Array.of(v), v: Float32Array.of(10 * v), step: 5 },
  });
  const mean = combineShards([state(1), state(4)], [2, 1]);
  assert.deepEqual(Array.from(mean.weights.params), [2, 4]);
  assert.deepEqual(Array.from(mean.weights.running), [2]);
  assert.deepEqual([mean.adam.m[0], mean.adam.v[0], mean.adam.step], [2, 20, 5]);
});

test("'gradient' shards apply one clipped Adam step along the size-weighted mean of the shards' gradients", () => {
  const config = trainConfig('nasbench201');
  const resident = new EagerResidentShard(new VaeStepper(config.model));
  const global = { weights: { params: Float32Array.of(1, 1), running: Float32Array.of(0) }, adam: { m: new Float32Array(2), v: new Float32Array(2), step: 0 } };
  resident.load(global);
  // Shard gradients (0.5, -1) and (2, -1) with sizes 2 and 1: mean (1, -1); Adam's first step moves each weight by lr against its sign.
  resident.apply(Float32Array.of(0.5, -1, 2, -1), [2, 1], Float32Array.of(2), config);
  const next = resident.state();
  assert.ok(Math.abs(next.weights.params[0] - (1 - 1e-3)) < 1e-6 && Math.abs(next.weights.params[1] - (1 + 1e-3)) < 1e-6, `${next.weights.params}`);
  assert.equal(next.adam.step, 1);
  assert.ok(Math.abs(next.adam.m[0] - 0.1) < 1e-6, `m ${next.adam.m[0]}: the mean gradient is not size-weighted`);
  assert.deepEqual(Array.from(next.weights.running), [2]);
  assert.deepEqual(Array.from(global.weights.params), [1, 1], 'load must copy');
});

test('the shard exchange keeps two rounds apart by parity, finds a non-finite shard, and releases waiters on abort', () => {
  const exchange = ShardExchange.create(2, 3, 1);
  const gradient = (loss: number, base: number) => ({ loss, gradNorm: 1, grads: Float32Array.of(base, base + 1, base + 2), running: Float32Array.of(base) });
  exchange.publish(4, 1, gradient(0.5, 10));
  exchange.publish(4, 0, gradient(1.5, 0));
  exchange.publish(5, 0, gradient(Number.NaN, 20));
  assert.deepEqual(Array.from(exchange.gradients(4)), [0, 1, 2, 10, 11, 12]);
  assert.deepEqual(exchange.runnings(4).map((r) => r[0]), [0, 10]);
  assert.deepEqual(exchange.losses(4), [1.5, 0.5]);
  assert.equal(exchange.nonFinite(4), undefined);
  assert.ok(Number.isNaN(exchange.nonFinite(5)?.value) && exchange.nonFinite(5)?.shard === 0);
  exchange.abort('test');
  assert.throws(() => exchange.barrier(), ShardAbortedError);
});

test('shards in worker threads compute exactly what the same shards compute in-process', async () => {
  const config = trainConfig('nasbench201', { subset: 200, epochs: 1, model: { hidden: 16 } });
  const small = loadDataset(nb201Source(), 200);
  for (const strategy of ['gradient', 'local-adam'] as const) {
    const inProcess = await runShardedTraining({ config, data: small, shards: 2, strategy, stepsPerRound: 3, useWorkers: false });
    const workers = await runShardedTraining({ config, data: small, shards: 2, strategy, stepsPerRound: 3, useWorkers: true });
    assert.equal(workers.rounds, inProcess.rounds);
    assert.deepEqual(workers.roundLosses, inProcess.roundLosses);
    assert.deepEqual(workers.weights.params, inProcess.weights.params);
  }
});

test('a sharded run stopped after some rounds and resumed from its checkpoint continues exactly', async () => {
  const config = trainConfig('nasbench201', { subset: 200, epochs: 2, mode: 'vae', model: { hidden: 16 } });
  const small = loadDataset(nb201Source(), 200);
  for (const [strategy, stepsPerRound] of [['gradient', 1], ['local-adam', 2]] as const) {
    const options = { config, data: small, shards: 2, strategy, stepsPerRound, useWorkers: false };
    const full = await runShardedTraining(options);
    const path = join(dir, `resume-${strategy}.ckpt`);
    const first = await runShardedTraining({ ...options, checkpointPath: path, stopAfterRounds: 5 });
    assert.equal(first.finished, false);
    assert.equal(readCheckpoint(path).state.shards?.round, 5);
    const resumed = await runShardedTraining({ ...options, checkpointPath: path, resume: true, checkpointEvery: 2 });
    assert.equal(resumed.finished, true);
    // Checkpoints keep the loss history as float32.
    assert.deepEqual(resumed.roundLosses.map(Math.fround), full.roundLosses.map(Math.fround), strategy);
    assert.deepEqual(resumed.weights.params, full.weights.params, strategy);
    assert.deepEqual(readCheckpoint(path).state.weights.params, full.weights.params);
  }
});

test('a sharded checkpoint resumes only the same shard layout, and never as a single-process run', async () => {
  const config = trainConfig('nasbench201', { subset: 200, epochs: 1, model: { hidden: 16 } });
  const small = loadDataset(nb201Source(), 200);
  const path = join(dir, 'layout.ckpt');
  await runShardedTraining({ config, data: small, shards: 2, useWorkers: false, checkpointPath: path, stopAfterRounds: 1 });
  const mismatch = (field: string) => (e: unknown) => e instanceof CheckpointMismatchError && e.field === field;
  await assert.rejects(runShardedTraining({ config, data: small, shards: 3, useWorkers: false, checkpointPath: path, resume: true }), mismatch('shards'));
  await assert.rejects(runShardedTraining({ config, data: small, shards: 2, strategy: 'local-adam', useWorkers: false, checkpointPath: path, resume: true }), mismatch('shards'));
  await assert.rejects(runShardedTraining({ config: { ...config, seed: 9 }, data: small, shards: 2, useWorkers: false, checkpointPath: path, resume: true }), mismatch('seed'));
  assert.throws(() => Trainer.resume(path, config, small), mismatch('shards'));
});

test('a NaN loss in a shard worker stops the run with a typed error naming the last good checkpoint, left intact', async () => {
  const config = trainConfig('nasbench201', { subset: 200, epochs: 1, model: { hidden: 16 } });
  const small = loadDataset(nb201Source(), 200);
  const path = join(dir, 'nan.ckpt');
  await runShardedTraining({ config, data: small, shards: 2, useWorkers: false, checkpointPath: path, stopAfterRounds: 2 });
  const { state } = readCheckpoint(path);
  state.weights.params[10] = Number.NaN; // a diverged weight in an otherwise valid checkpoint
  writeCheckpoint(path, state);
  const before = readFileSync(path);
  await assert.rejects(
    runShardedTraining({ config, data: small, shards: 2, useWorkers: true, checkpointPath: path, resume: true, checkpointEvery: 1 }),
    (e: unknown) => e instanceof NonFiniteLossError && e.step === 2 && e.lastCheckpoint === path && /loss is NaN/.test(e.message),
  );
  assert.ok(readFileSync(path).equals(before), 'the last good checkpoint was overwritten');
});

test('S=2 reaches the reconstruction accuracy of S=1 within 0.5 points on the same NB201 budget', async (t) => {
  // The smallest budget we found where both runs converge (~3,400 steps): 4,000 graphs, 30 epochs,
  // 'reference' mode, width 64; scored on 2,000 graphs neither run saw. At 2,000 graphs × 30 epochs
  // neither converges (S=1 25.6 %, S=2 11.2 %), so a smaller budget would compare noise.
  // Measured: S=1 99.3 %, S=2 99.6 % (wasm).
  const config = trainConfig('nasbench201', { subset: 4000, epochs: 30, mode: 'reference', model: { hidden: 64 } });
  const data = loadDataset(nb201Source(), 4000);
  const unseen = loadDataset(nb201Source(), 2000, 10_000);
  const all = Array.from({ length: unseen.count }, (_, i) => i);
  // Both runs at once, each in worker threads (S=1 in one), so a 2-core CI machine runs them side by side.
  const accuracy = async (shards: number): Promise<number> => {
    const run = await runShardedTraining({ config, data, shards, useWorkers: true });
    return reconstructionMetrics(config.model, run.weights, unseen, all).reconstructionAccuracy;
  };
  const [one, two] = await Promise.all([accuracy(1), accuracy(2)]);
  t.diagnostic(`reconstruction accuracy S=1 ${(100 * one).toFixed(2)} %, S=2 ${(100 * two).toFixed(2)} %`);
  assert.ok(one > 0.95, `S=1 did not converge (${one}); the comparison would be meaningless`);
  assert.ok(Math.abs(one - two) <= 0.005, `S=1 ${(100 * one).toFixed(2)} % vs S=2 ${(100 * two).toFixed(2)} %`);
});
