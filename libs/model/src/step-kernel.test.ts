/**
 * The fused step kernel (step-kernel.ts, native/step-kernel.cc) against the eager tfjs step on the
 * native CPU backend: the same loss, gradient and BN statistics for the same weights, batch and noise
 * in both spaces; the same losses, weights and Adam moments over steps of each phase; the shards'
 * averaged Adam update equal to the TypeScript one; nothing applied on a non-finite loss; resident
 * kernel shards in worker threads equal to in-process ones; a run stopped and resumed ending in the
 * state of an uninterrupted one; a seeded run decoding like the eager run.
 * Without the build the parity tests skip with the reason, except under CI=true, where `npm test`
 * builds it first (a2v backend setup) and its absence is a failure.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test, type TestContext } from 'node:test';
import { adamUpdate, createAdamState, globalNorm } from './adam.js';
import { batchArrays, type GraphDataset } from './graph-data.js';
import { trainConfig } from './model-config.js';
import { SeededRng } from './rng.js';
import { runShardedTraining } from './sharded-driver.js';
import { sizeShares, weightedMean } from './sharded.js';
import { loadDataset, nb101Source, nb201Source } from './space-data.js';
import {
  assertClose, assertSameFrozenSteps, assertSameGradient, assertSameSeededRun, assertSameVaeSteps, assertWorkersMatchInProcess, copyAdam, copyWeights, nativeReadiness,
  relativeL2,
} from './step-parity-test-support.js';
import { KernelStepper, missingCpuFlags, stepKernelUnavailable } from './step-kernel.js';
import { adamOptions } from './train-step.js';
import { initialState, runSplit } from './trainer.js';

const config = trainConfig('nasbench201', { seed: 11, epochs: 2, mode: 'reference', subset: 640 });
const config101 = trainConfig('nasbench101', { seed: 4, epochs: 1, mode: 'reference', subset: 256 });
let data: GraphDataset;
const native = nativeReadiness('the step kernel', () => stepKernelUnavailable());
const ready = (t: TestContext): boolean => native.ready(t);

before(async () => {
  await native.check();
  data = loadDataset(nb201Source(), 640);
});

function withKernel<T>(model: typeof config.model, run: (kernel: KernelStepper) => T): T {
  const kernel = new KernelStepper(model);
  try {
    return run(kernel);
  } finally {
    kernel.dispose();
  }
}

test('a binary built for CPU features the machine lacks is refused by name, before it could die of SIGILL', () => {
  const cpuinfo = 'processor\t: 0\nflags\t\t: fpu sse2 avx fma\n';
  assert.deepEqual(missingCpuFlags(['avx2', 'fma'], cpuinfo), ['avx2']);
  assert.deepEqual(missingCpuFlags(['fma'], cpuinfo), []);
  assert.deepEqual(missingCpuFlags(['avx2'], ''), ['avx2']);
});

test('same weights, batch and noise: the kernel gradient equals the eager one in both phases, in both spaces', (t) => {
  if (!ready(t)) return;
  withKernel(config.model, (kernel) => assertSameGradient(config, data, kernel, 'kernel'));
  const data101 = loadDataset(nb101Source(), 256);
  withKernel(config101.model, (kernel) => assertSameGradient(config101, data101, kernel, 'kernel'));
});

test("frozen steps ('reference' epochs 2+): same losses, weights and Adam moments as the eager step", (t) => {
  if (!ready(t)) return;
  withKernel(config.model, (kernel) => assertSameFrozenSteps(config, data, kernel));
});

test('VAE steps: same losses, BN statistics and Adam moments; weights the same up to the BN-cancelled biases', (t) => {
  if (!ready(t)) return;
  withKernel(config.model, (kernel) => assertSameVaeSteps(t, config, data, kernel));
});

test("the shards' averaged clipped Adam update equals weightedMean + adamUpdate in TypeScript", (t) => {
  if (!ready(t)) return;
  const rng = SeededRng.fromSeed(9);
  const start = initialState(config, data.count);
  const size = start.weights.params.length;
  const gradients = new Float32Array(3 * size);
  rng.fillNormal(gradients);
  const sizes = [16, 16, 9];
  const blocks = [0, 1, 2].map((s) => gradients.subarray(s * size, (s + 1) * size));
  // Step 3 from non-zero moments, with a norm far above the clip: bias correction and clipping both matter.
  const adam = { ...copyAdam(start.adam), step: 2 };
  rng.fillNormal(adam.m);
  adam.v.set(adam.m.map((m) => m * m));
  const ts = { params: start.weights.params.slice(), adam: copyAdam(adam) };
  const mean = weightedMean(blocks, sizes);
  adamUpdate(ts.params, mean, globalNorm(mean), ts.adam, adamOptions(config));
  const native = { params: start.weights.params.slice(), adam: copyAdam(adam) };
  const norm = withKernel(config.model, (kernel) => kernel.applyMean(native.params, native.adam, gradients, Float64Array.from(sizeShares(sizes)), config));
  assert.ok(Math.abs(norm - globalNorm(mean)) <= 1e-9 * norm, `norm ${norm} vs ${globalNorm(mean)}`);
  assert.ok(norm > config.clipNorm, 'the test gradient must be clipped');
  assert.equal(native.adam.step, 3);
  assertClose([
    ['weights', native.params, ts.params, 1e-7],
    ['Adam m', native.adam.m, ts.adam.m, 1e-7],
    ['Adam v', native.adam.v, ts.adam.v, 1e-7],
  ]);
  assert.ok(relativeL2(native.params, start.weights.params) > 1e-5, 'the update changed nothing');
});

test('a non-finite loss applies nothing: weights, statistics, moments and the step count stay', (t) => {
  if (!ready(t)) return;
  const { train } = runSplit(config, data.count);
  const weights = copyWeights(initialState(config, data.count).weights);
  weights.params[0] = Number.NaN; // gin0.eps
  const adam = createAdamState(weights.params.length);
  const before = copyWeights(weights);
  const result = withKernel(config.model, (kernel) => kernel.step(weights, adam, batchArrays(data, train.subarray(0, 32)), 'train', SeededRng.fromSeed(1), config));
  assert.ok(!Number.isFinite(result.loss));
  assert.equal(adam.step, 0);
  assert.deepEqual(weights, before);
  assert.deepEqual(adam.m, new Float32Array(weights.params.length));
});

test('bad arrays are refused by name before the kernel reads them', (t) => {
  if (!ready(t)) return;
  withKernel(config.model, (kernel) => {
    const weights = initialState(config, data.count).weights;
    const batch = batchArrays(data, [0, 1, 2, 3]);
    const short = { ...batch, x: batch.x.subarray(0, 5) };
    assert.throws(() => kernel.gradient(weights, short, 'frozen', SeededRng.fromSeed(1)), { name: 'TypeError', message: /^x holds 5 values, needs 224/ });
    const wide = { ...batch, adjacency: Float64Array.from(batch.adjacency) as unknown as Float32Array };
    assert.throws(() => kernel.gradient(weights, wide, 'frozen', SeededRng.fromSeed(1)), { name: 'TypeError', message: /^adjacency has the wrong element type/ });
  });
});

test('kernel shards in worker threads (shared-memory exchange) compute exactly what they compute in-process, through a checkpoint', async (t) => {
  if (!ready(t)) return;
  await assertWorkersMatchInProcess(config, data, 'kernel');
});

test('a kernel-shard run stopped mid-way and resumed from its checkpoint ends in the very state of an uninterrupted run', async (t) => {
  if (!ready(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'a2v-kernel-resume-'));
  try {
    const options = { config, data, shards: 2, useWorkers: true } as const;
    const full = await runShardedTraining(options);
    const path = join(dir, 'resume.ckpt');
    const first = await runShardedTraining({ ...options, checkpointPath: path, stopAfterRounds: 11 });
    assert.equal(first.finished, false);
    const resumed = await runShardedTraining({ ...options, checkpointPath: path, resume: true });
    assert.equal(resumed.finished, true);
    assert.deepEqual(resumed.weights, full.weights);
    assert.deepEqual(resumed.state.adam, full.state.adam);
    // Checkpoints keep the loss history as float32.
    assert.deepEqual(resumed.roundLosses.map(Math.fround), full.roundLosses.map(Math.fround));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a seeded 'reference' run (one VAE, one frozen epoch): same loss curve and decoded graphs as the eager trainer", (t) => {
  if (!ready(t)) return;
  assertSameSeededRun(t, config, data, 'kernel');
});
