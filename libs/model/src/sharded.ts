/**
 * Data-parallel pre-training in rounds. Each of S shards starts a round from the current global
 * state, trains on its own part of the training set (with its own noise stream) and returns its
 * weights; the coordinator averages them, weighted by shard size, into the next global weights. The
 * global batch is split across shards (32/S graphs per shard and step), so the same graph budget buys
 * the same number of sequential updates as one process. Two strategies:
 *
 * - 'gradient' (default): one plain gradient step of unit size per round, so a shard's weights are
 *   w − g_s and the average is w − mean(g_s); the coordinator applies the run's clipped Adam to that
 *   difference. Identical in expectation to one process with batch 32 (exactly so once BN is frozen).
 * - 'local-adam': federated averaging; each shard takes `stepsPerRound` Adam steps from the global
 *   weights and moments, and weights, BN statistics and moments are all averaged. Fewer exchanges,
 *   but slower per graph: at 1,000 NB201 graphs × 180 epochs S=2 ended 0.8 points of reconstruction
 *   accuracy below S=1 (per-shard moments: 3 points at 120 epochs).
 *
 * Everything here is a pure function of its inputs; sharded-driver.ts runs shards in worker threads.
 */
import { adamUpdate, createAdamState, globalNorm, type AdamState } from './adam.js';
import { NonFiniteLossError } from './errors.js';
import { batchArrays, type GraphDataset } from './graph-data.js';
import type { TrainConfig } from './model-config.js';
import { SeededRng } from './rng.js';
import { adamOptions, type ModelWeights, type TrainStepper } from './train-step.js';
import { phaseOf } from './trainer.js';

export type ShardStrategy = 'gradient' | 'local-adam';

/** Shard s gets train[s], train[s+S], … (the train order is already a seeded permutation). */
export function partitionIndices(train: Uint32Array, shards: number): Uint32Array[] {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`shards must be a positive integer, got ${shards}`);
  return Array.from({ length: shards }, (_, s) => train.filter((_, i) => i % shards === s));
}

/** Graphs per step on each of `shards` shards: the run's batch split evenly. */
export function shardBatchSize(config: TrainConfig, shards: number): number {
  return Math.max(2, Math.ceil(config.batchSize / shards));
}

/** Rounds needed so every shard makes `epochs` passes over its indices (the same graph budget as S=1). */
export function roundsFor(config: TrainConfig, shardSize: number, batchSize: number, stepsPerRound: number): number {
  return Math.ceil((config.epochs * Math.ceil(shardSize / batchSize)) / stepsPerRound);
}

/** What every shard starts a round from. */
export interface GlobalState {
  weights: ModelWeights;
  adam: AdamState;
}

export function initialGlobalState(weights: ModelWeights): GlobalState {
  return { weights, adam: createAdamState(weights.params.length) };
}

/** What a shard carries from one round to the next besides the global state. */
export interface ShardLocalState {
  rngState: number[];
  /** Position in the shard's indices and passes completed over them. */
  cursor: number;
  epoch: number;
}

export function initialShardState(config: TrainConfig, shard: number): ShardLocalState {
  // Jumps 0-3 of the seed are the init, noise, split and prior-sampling streams; shards start at 10.
  return { rngState: SeededRng.fromSeed(config.seed).jumped(10 + shard).state(), cursor: 0, epoch: 0 };
}

export interface ShardRound {
  readonly strategy: ShardStrategy;
  readonly config: TrainConfig;
  readonly data: GraphDataset;
  readonly indices: Uint32Array;
  readonly batchSize: number;
  /** Ignored by 'gradient' (always one step). */
  readonly steps: number;
}

export interface ShardRoundResult {
  /** 'gradient': weights w − g_s and the unchanged moments; 'local-adam': trained weights and moments. */
  readonly state: GlobalState;
  readonly local: ShardLocalState;
  readonly losses: number[];
}

/** One shard's round from `global`, never mutating its inputs. */
export function trainShardRound(stepper: TrainStepper, round: ShardRound, global: GlobalState, local: ShardLocalState): ShardRoundResult {
  const { config, data, indices, batchSize } = round;
  const weights = { params: global.weights.params.slice(), running: global.weights.running.slice() };
  const adam = { m: global.adam.m.slice(), v: global.adam.v.slice(), step: global.adam.step };
  const rng = SeededRng.fromState(local.rngState);
  let { cursor, epoch } = local;
  const losses: number[] = [];
  const steps = round.strategy === 'gradient' ? 1 : round.steps;
  for (let k = 0; k < steps; k++) {
    const batch = batchArrays(data, indices.subarray(cursor, Math.min(cursor + batchSize, indices.length)));
    const phase = phaseOf(config, epoch);
    let result: { loss: number; gradNorm: number };
    if (round.strategy === 'gradient') {
      const { loss, gradNorm, grads } = stepper.gradient(weights, batch, phase, rng);
      for (let i = 0; i < weights.params.length; i++) weights.params[i] -= grads[i];
      result = { loss, gradNorm };
    } else {
      result = stepper.step(weights, adam, batch, phase, rng, config);
    }
    if (!Number.isFinite(result.loss) || !Number.isFinite(result.gradNorm)) {
      stepper.sync(weights, adam);
      throw new NonFiniteLossError(epoch, k, Number.isFinite(result.loss) ? result.gradNorm : result.loss, undefined);
    }
    losses.push(result.loss);
    cursor += batch.size;
    if (cursor >= indices.length) {
      cursor = 0;
      epoch += 1;
    }
  }
  stepper.sync(weights, adam);
  return { state: { weights, adam }, local: { rngState: rng.state(), cursor, epoch }, losses };
}

function weightedMean(arrays: readonly Float32Array[], sizes: readonly number[]): Float32Array {
  const total = sizes.reduce((a, b) => a + b, 0);
  const out = new Float32Array(arrays[0].length);
  arrays.forEach((values, s) => {
    const share = sizes[s] / total;
    for (let i = 0; i < out.length; i++) out[i] += share * values[i];
  });
  return out;
}

/**
 * The coordinator's step: the size-weighted mean of the shards' states, and for 'gradient' the
 * clipped Adam update of the global weights along (global − mean), the averaged gradient.
 */
export function combineShards(strategy: ShardStrategy, config: TrainConfig, global: GlobalState, shards: readonly GlobalState[], sizes: readonly number[]): GlobalState {
  if (shards.length === 0 || shards.length !== sizes.length) throw new RangeError('combineShards needs one size per shard state');
  const running = weightedMean(
    shards.map((s) => s.weights.running),
    sizes,
  );
  const mean = weightedMean(
    shards.map((s) => s.weights.params),
    sizes,
  );
  if (strategy === 'local-adam') {
    const m = weightedMean(
      shards.map((s) => s.adam.m),
      sizes,
    );
    const v = weightedMean(
      shards.map((s) => s.adam.v),
      sizes,
    );
    return { weights: { params: mean, running }, adam: { m, v, step: Math.max(...shards.map((s) => s.adam.step)) } };
  }
  const gradient = new Float32Array(mean.length);
  for (let i = 0; i < mean.length; i++) gradient[i] = global.weights.params[i] - mean[i];
  const params = global.weights.params.slice();
  const adam = { m: global.adam.m.slice(), v: global.adam.v.slice(), step: global.adam.step };
  adamUpdate(params, gradient, globalNorm(gradient), adam, adamOptions(config));
  return { weights: { params, running }, adam };
}
