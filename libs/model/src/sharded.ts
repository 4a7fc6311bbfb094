/**
 * Data-parallel pre-training in rounds. Each of S shards starts a round from the current global
 * state, trains on its own part of the training set (with its own noise stream) and returns its
 * weights; the coordinator averages them, weighted by shard size, into the next global weights. The
 * global batch is split across shards (32/S graphs per shard and step), so the same graph budget buys
 * the same number of sequential updates as one process. Two strategies:
 *
 * - 'gradient' (default): one step per round along the size-weighted mean of the shards' gradients,
 *   with the run's clipped Adam. Identical in expectation to one process with batch 32 (exactly so
 *   once BN is frozen). Its shards are resident (resident-rounds.ts): each keeps the whole state and
 *   applies the averaged gradient itself, so weights never travel per round.
 * - 'local-adam': federated averaging; each shard takes `stepsPerRound` Adam steps from the global
 *   weights and moments, and weights, BN statistics and moments are all averaged. Fewer exchanges,
 *   but slower per graph: at 1,000 NB201 graphs × 180 epochs S=2 ended 0.8 points of reconstruction
 *   accuracy below S=1 (per-shard moments: 3 points at 120 epochs).
 *
 * Everything here is a pure function of its inputs; sharded-driver.ts runs shards in worker threads.
 */
import { createAdamState, type AdamState } from './adam.js';
import { NonFiniteLossError } from './errors.js';
import { batchArrays, type GraphDataset } from './graph-data.js';
import type { TrainConfig } from './model-config.js';
import { SeededRng } from './rng.js';
import type { ModelWeights, TrainStepper } from './train-step.js';
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

/** A 'local-adam' round of one shard. */
export interface ShardRound {
  readonly config: TrainConfig;
  readonly data: GraphDataset;
  readonly indices: Uint32Array;
  readonly batchSize: number;
  readonly steps: number;
}

export interface ShardRoundResult {
  /** The shard's trained weights and moments. */
  readonly state: GlobalState;
  readonly local: ShardLocalState;
  readonly losses: number[];
}

/** One shard's 'local-adam' round from `global`, never mutating its inputs. */
export function trainShardRound(stepper: TrainStepper, round: ShardRound, global: GlobalState, local: ShardLocalState): ShardRoundResult {
  const { config, data, indices, batchSize } = round;
  const weights = { params: global.weights.params.slice(), running: global.weights.running.slice() };
  const adam = { m: global.adam.m.slice(), v: global.adam.v.slice(), step: global.adam.step };
  const rng = SeededRng.fromState(local.rngState);
  let { cursor, epoch } = local;
  const losses: number[] = [];
  for (let k = 0; k < round.steps; k++) {
    const batch = batchArrays(data, indices.subarray(cursor, Math.min(cursor + batchSize, indices.length)));
    const result = stepper.step(weights, adam, batch, phaseOf(config, epoch), rng, config);
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

/** Each shard's weight in the averages: its size over the total. */
export function sizeShares(sizes: readonly number[]): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  return sizes.map((n) => n / total);
}

/** Σ sizeShares(sizes)[s] · arrays[s], accumulated in shard order (so every shard computing it gets the same bits). */
export function weightedMean(arrays: readonly Float32Array[], sizes: readonly number[]): Float32Array {
  const shares = sizeShares(sizes);
  const out = new Float32Array(arrays[0].length);
  arrays.forEach((values, s) => {
    const share = shares[s];
    for (let i = 0; i < out.length; i++) out[i] += share * values[i];
  });
  return out;
}

/** The 'local-adam' coordinator's step: the size-weighted mean of the shards' weights, running statistics and moments. */
export function combineShards(shards: readonly GlobalState[], sizes: readonly number[]): GlobalState {
  if (shards.length === 0 || shards.length !== sizes.length) throw new RangeError('combineShards needs one size per shard state');
  const mean = (pick: (s: GlobalState) => Float32Array): Float32Array => weightedMean(shards.map(pick), sizes);
  return {
    weights: { params: mean((s) => s.weights.params), running: mean((s) => s.weights.running) },
    adam: { m: mean((s) => s.adam.m), v: mean((s) => s.adam.v), step: Math.max(...shards.map((s) => s.adam.step)) },
  };
}
