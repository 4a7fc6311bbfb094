/**
 * What the graph-step and step-kernel tests share: both hold a faster stepper to the eager tfjs step
 * (train-step.ts) by the same measures, so a new stepper is tested by the same code.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { AdamState } from './adam.js';
import { initBackend } from './backend.js';
import { batchArrays, type GraphDataset } from './graph-data.js';
import { decodeGraph } from './metrics.js';
import type { ModelConfig, TrainConfig } from './model-config.js';
import { paramLayout } from './parameters.js';
import { createResidentShard, type ResidentShard } from './resident-shard.js';
import { SeededRng } from './rng.js';
import { runShardedTraining } from './sharded-driver.js';
import { VaeStepper, type ModelWeights, type StepPhase, type TrainStepper } from './train-step.js';
import { Trainer, initialState, runSplit } from './trainer.js';

/**
 * The native CPU backend loaded and `unavailable`'s verdict on the stepper under test, for a file's
 * `before`; and `ready(t)`, which skips a test with that reason, or under CI=true (where `npm test` builds
 * both first) fails it.
 */
export function nativeReadiness(what: string, unavailable: () => string | undefined) {
  let reason: string | undefined = 'not checked yet';
  return {
    async check(): Promise<void> {
      try {
        await initBackend({ force: 'node', log: () => undefined });
        reason = unavailable();
      } catch (error) {
        reason = `the native CPU backend does not load: ${(error as Error).message}`;
      }
    },
    ready(t: TestContext): boolean {
      if (!reason) return true;
      if (process.env.CI === 'true') assert.fail(`${what} is unavailable: ${reason} (npm test builds it with tools/scripts/bootstrap.mjs --tests; see .tools/tfjs-native/cpu/setup.log)`);
      t.skip(reason);
      return false;
    },
  };
}

/** How far (in logits) a decision must be from flipping to count as clear of a tie. */
const MARGIN = 0.05;

export const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

export function relativeL2(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let norm = 0;
  b.forEach((v, i) => ((diff += (a[i] - v) ** 2), (norm += v * v)));
  return Math.sqrt(diff / Math.max(norm, 1e-30));
}

export const copyWeights = (w: ModelWeights): ModelWeights => ({ params: w.params.slice(), running: w.running.slice() });
export const copyAdam = (a: AdamState): AdamState => ({ m: a.m.slice(), v: a.v.slice(), step: a.step });

/**
 * The largest gap between the BN-cancelled GIN Linear biases of `other` and `eager`, which it then
 * copies from `eager` to `other`. Those biases feed a batch-statistics BN, which removes them: their
 * exact gradient is 0, and Adam scales each implementation's float noise there (~1e-9) up to ±lr
 * steps, so the two random-walk apart (PyTorch's do too).
 */
export function alignCancelledBiases(model: ModelConfig, other: Float32Array, eager: Float32Array): number {
  let worst = 0;
  for (const spec of paramLayout(model).specs) {
    if (!/^gin\d+\.mlp\.lin[12]\.b$/.test(spec.name)) continue;
    for (let i = spec.offset; i < spec.offset + spec.size; i++) {
      worst = Math.max(worst, Math.abs(other[i] - eager[i]));
      other[i] = eager[i];
    }
  }
  return worst;
}

export function assertClose(pairs: readonly (readonly [string, Float32Array, Float32Array, number])[]): void {
  for (const [name, x, y, tolerance] of pairs) assert.ok(relativeL2(x, y) < tolerance, `${name} differ by ${relativeL2(x, y)} (relative L2)`);
}

/** One batch's gradient in both phases from `candidate` and the eager step: same loss, norm, gradient and BN statistics. */
export function assertSameGradient(config: TrainConfig, data: GraphDataset, candidate: TrainStepper, name: string): void {
  const eager = new VaeStepper(config.model);
  try {
    const { train } = runSplit(config, data.count);
    const batch = batchArrays(data, train.subarray(0, 32));
    for (const phase of ['train', 'frozen'] as const) {
      const e = initialState(config, data.count).weights;
      const c = copyWeights(e);
      const a = eager.gradient(e, batch, phase, SeededRng.fromSeed(5));
      const b = candidate.gradient(c, batch, phase, SeededRng.fromSeed(5));
      assert.ok(relative(b.loss, a.loss) < 1e-5, `${phase} loss: ${name} ${b.loss} vs eager ${a.loss}`);
      assert.ok(relative(b.gradNorm, a.gradNorm) < 1e-4, `${phase} gradient norm: ${name} ${b.gradNorm} vs eager ${a.gradNorm}`);
      assert.ok(relativeL2(b.grads, a.grads) < 1e-4, `${phase} gradient differs by ${relativeL2(b.grads, a.grads)} (relative L2)`);
      assert.ok(relativeL2(c.running, e.running) < 1e-5, `${phase} running statistics differ by ${relativeL2(c.running, e.running)}`);
      if (phase === 'frozen') assert.deepEqual(c.running, initialState(config, data.count).weights.running, 'the frozen phase leaves the statistics alone');
    }
  } finally {
    eager.dispose();
  }
}

/** `steps` steps of `phase` with `candidate` and the eager step from the same state and noise seed; returns both ends (c: candidate, e: eager). */
export function stepBoth(config: TrainConfig, data: GraphDataset, candidate: TrainStepper, phase: StepPhase, steps: number) {
  const eager = new VaeStepper(config.model);
  try {
    const { train } = runSplit(config, data.count);
    const start = initialState(config, data.count);
    const e = { weights: copyWeights(start.weights), adam: copyAdam(start.adam), rng: SeededRng.fromSeed(7) };
    const c = { weights: copyWeights(start.weights), adam: copyAdam(start.adam), rng: SeededRng.fromSeed(7) };
    for (let s = 0; s < steps; s++) {
      const batch = batchArrays(data, train.subarray(s * 32, (s + 1) * 32));
      const a = eager.step(e.weights, e.adam, batch, phase, e.rng, config);
      const b = candidate.step(c.weights, c.adam, batch, phase, c.rng, config);
      assert.ok(relative(b.loss, a.loss) < 1e-4, `${phase} step ${s}: ${candidate.kind} loss ${b.loss} vs eager ${a.loss}`);
    }
    assert.deepEqual(c.rng.state(), e.rng.state(), 'both drew the same noise and masks');
    candidate.sync(c.weights, c.adam);
    assert.equal(c.adam.step, e.adam.step);
    assert.ok(relativeL2(c.weights.params, start.weights.params) > 1e-3, `the ${candidate.kind} step did not change the weights`);
    return { c, e };
  } finally {
    eager.dispose();
  }
}

/** Six frozen ('reference' epochs 2+) steps: the same weights and Adam moments as the eager step, statistics untouched. */
export function assertSameFrozenSteps(config: TrainConfig, data: GraphDataset, candidate: TrainStepper): void {
  const { c, e } = stepBoth(config, data, candidate, 'frozen', 6);
  assertClose([
    ['weights', c.weights.params, e.weights.params, 1e-5],
    ['Adam m', c.adam.m, e.adam.m, 1e-4],
    ['Adam v', c.adam.v, e.adam.v, 1e-4],
  ]);
  assert.deepEqual(c.weights.running, e.weights.running, 'frozen steps leave the running statistics alone');
}

/**
 * Four VAE steps: the same BN statistics and Adam moments as the eager step, and the same weights up to
 * the BN-cancelled biases (alignCancelledBiases), held to Adam's bound; the running means carry those
 * biases, hence their looser bound.
 */
export function assertSameVaeSteps(t: TestContext, config: TrainConfig, data: GraphDataset, candidate: TrainStepper): void {
  const steps = 4;
  const { c, e } = stepBoth(config, data, candidate, 'train', steps);
  const worst = alignCancelledBiases(config.model, c.weights.params, e.weights.params);
  assert.ok(worst <= 2 * config.learningRate * steps, `a BN-cancelled bias moved ${worst} apart, more than Adam's noise can`);
  t.diagnostic(`BN-cancelled biases up to ${worst.toExponential(1)} apart after ${steps} VAE steps`);
  assertClose([
    ['weights', c.weights.params, e.weights.params, 1e-5],
    ['running statistics', c.weights.running, e.weights.running, 1e-3],
    ['Adam m', c.adam.m, e.adam.m, 1e-4],
    ['Adam v', c.adam.v, e.adam.v, 1e-4],
  ]);
}

/** Runs `run` with the eager step forced (both faster steppers turned off), restoring the environment after. */
export function withEagerStep<T>(run: () => T): T {
  const saved = { graph: process.env.A2V_GRAPH_STEP, kernel: process.env.A2V_STEP_KERNEL };
  process.env.A2V_GRAPH_STEP = '0';
  process.env.A2V_STEP_KERNEL = '0';
  try {
    return run();
  } finally {
    for (const [key, value] of [['A2V_GRAPH_STEP', saved.graph], ['A2V_STEP_KERNEL', saved.kernel]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/**
 * A seeded short run with the stepper the process picks against the same run with the eager step:
 * the same loss curve up to float drift, and the same decoded held-out graphs wherever no decision is
 * within MARGIN of flipping.
 */
export function assertSameSeededRun(t: TestContext, config: TrainConfig, data: GraphDataset, name: string): void {
  const eagerRun = withEagerStep(() => Trainer.create(config, data).run().state);
  const run = Trainer.create(config, data).run().state;
  assert.equal(run.losses.length, eagerRun.losses.length);
  assert.equal(run.adam.step, eagerRun.adam.step);
  // Float-order drift grows through Adam's early steps; a wrong step shows up far above this.
  run.losses.forEach((l, s) => assert.ok(relative(l, eagerRun.losses[s]) < 2e-2, `step ${s}: ${name} ${l} vs eager ${eagerRun.losses[s]}`));
  const drift = Math.max(...run.losses.map((l, s) => relative(l, eagerRun.losses[s])));

  const { heldOut } = runSplit(config, data.count);
  const { N, K } = config.model;
  const stepper = new VaeStepper(config.model);
  const logits = (w: ModelWeights) => stepper.evaluate(w, batchArrays(data, heldOut), (o) => [o.opsLogits.dataSync(), o.adjLogits.dataSync()]);
  const [cOps, cAdj] = logits(run.weights);
  const [eOps, eAdj] = logits(eagerRun.weights);
  stepper.dispose();
  // Decisions within MARGIN of flipping (a top-two op tie, an edge logit near 0) may differ: besides
  // float order, the BN-cancelled biases random-walk apart and matter once BN is frozen.
  let clear = 0;
  let same = 0;
  for (let graph = 0; graph < heldOut.length; graph++) {
    const equal = JSON.stringify(decodeGraph(cOps, cAdj, graph, N, K)) === JSON.stringify(decodeGraph(eOps, eAdj, graph, N, K));
    if (equal) same += 1;
    let fragile = false;
    for (let i = 0; i < N && !fragile; i++) {
      const row = Array.from(eOps.subarray((graph * N + i) * K, (graph * N + i + 1) * K)).sort((a, b) => b - a);
      if (Math.abs(row[0]) < MARGIN || row[0] - row[1] < MARGIN) fragile = true;
      for (let j = i + 1; j < N; j++) if (Math.abs(eAdj[(graph * N + i) * N + j]) < MARGIN) fragile = true;
    }
    if (fragile) continue;
    clear += 1;
    assert.ok(equal, `held-out graph ${graph} decodes differently although no decision is within ${MARGIN} of flipping`);
  }
  t.diagnostic(`${name}: max loss drift ${drift.toExponential(1)} over ${run.losses.length} steps; ${same}/${heldOut.length} held-out graphs decode the same (all ${clear} clear of ties)`);
  // After 36 steps of a small run many decisions are near ties (measured with the graph step: 55/64 the same, the 9 others all within MARGIN).
  assert.ok(clear >= 8 && same >= heldOut.length * 0.8, `only ${same} of ${heldOut.length} held-out graphs decode the same (${clear} clear of ties)`);
}

/**
 * Two resident shards in worker threads (shared-memory exchange) against the same two in this thread,
 * with the stepper the process picks, which must be `kind`: the same losses, weights and Adam state bit
 * for bit, through a checkpoint mid-run (the graph shards then apply their deferred update outside a
 * step) and both phases.
 */
export async function assertWorkersMatchInProcess(config: TrainConfig, data: GraphDataset, kind: ResidentShard['kind']): Promise<void> {
  const probe = createResidentShard(config.model);
  probe.dispose();
  assert.equal(probe.kind, kind, `createResidentShard must pick the ${kind} step here`);
  const options = { config, data, shards: 2, checkpointEvery: 7 } as const;
  const dir = mkdtempSync(join(tmpdir(), 'a2v-shards-'));
  try {
    const inProcess = await runShardedTraining({ ...options, useWorkers: false, checkpointPath: join(dir, 'a.ckpt') });
    const workers = await runShardedTraining({ ...options, useWorkers: true, checkpointPath: join(dir, 'b.ckpt') });
    assert.equal(workers.roundLosses.length, inProcess.rounds);
    assert.deepEqual(workers.roundLosses, inProcess.roundLosses);
    assert.deepEqual(workers.weights, inProcess.weights);
    assert.deepEqual(workers.state.adam, inProcess.state.adam);
    assert.ok(workers.roundLosses.at(-1)! < workers.roundLosses[0], `the loss did not fall: ${workers.roundLosses[0]} → ${workers.roundLosses.at(-1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
