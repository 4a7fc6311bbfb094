/**
 * Rounds of sharded 'gradient' training on resident shards (resident-shard.ts): every shard computes
 * its batch's gradient at the shared weights and publishes it (shard-exchange.ts); then every shard
 * applies the same size-weighted mean gradient with clipped Adam, and takes the size-weighted mean of
 * the shards' BN running statistics. Equivalent to one process with the whole batch (exactly so once
 * BN is frozen), like sharded.ts's other strategy without its per-round averaging of weights.
 *
 * `runSpan` is one shard's side in a worker thread (the exchange's barrier separates the halves);
 * `runRoundsInProcess` does the same for all shards in one thread, one half after the other.
 */
import { batchArrays, type GraphDataset } from './graph-data.js';
import type { TrainConfig } from './model-config.js';
import type { ResidentShard } from './resident-shard.js';
import { SeededRng } from './rng.js';
import type { GradientTarget, ShardExchange } from './shard-exchange.js';
import { weightedMean, type ShardLocalState } from './sharded.js';
import { phaseOf } from './trainer.js';

export interface ShardData {
  readonly config: TrainConfig;
  readonly data: GraphDataset;
  readonly indices: Uint32Array;
  readonly batchSize: number;
}

/** What a span of rounds did: the mean shard loss per completed round, and where it stopped if a loss or norm was not finite. */
export interface SpanOutcome {
  readonly losses: number[];
  readonly nonFinite?: { readonly value: number };
}

/** A shard's position in its data and its noise stream, advanced batch by batch. */
class ShardCursor {
  private readonly rng: SeededRng;
  private cursor: number;
  private epoch: number;

  constructor(
    private readonly shard: ShardData,
    local: ShardLocalState,
  ) {
    this.rng = SeededRng.fromState(local.rngState);
    ({ cursor: this.cursor, epoch: this.epoch } = local);
  }

  /** The shard's gradient on its next batch, computed into `target` where the shard can (the cursor moves on only with `advance`). */
  gradient(resident: ResidentShard, target: GradientTarget): { gradient: ReturnType<ResidentShard['gradient']>; size: number } {
    const { config, data, indices, batchSize } = this.shard;
    const batch = batchArrays(data, indices.subarray(this.cursor, Math.min(this.cursor + batchSize, indices.length)));
    return { gradient: resident.gradient(batch, phaseOf(config, this.epoch), this.rng, target), size: batch.size };
  }

  advance(size: number): void {
    this.cursor += size;
    if (this.cursor >= this.shard.indices.length) {
      this.cursor = 0;
      this.epoch += 1;
    }
  }

  local(): ShardLocalState {
    return { rngState: this.rng.state(), cursor: this.cursor, epoch: this.epoch };
  }
}

/** The second half of a round, the same on every shard. */
function applyRound(resident: ResidentShard, exchange: ShardExchange, round: number, sizes: readonly number[], config: TrainConfig): void {
  resident.apply(exchange.gradients(round), sizes, weightedMean(exchange.runnings(round), sizes), config);
}

const meanOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Shard `shard`'s part of rounds [first, first + count) in a worker thread. Every shard stops at the
 * same round when any one's loss or gradient norm is not finite, before applying it.
 */
export function runSpan(
  resident: ResidentShard,
  exchange: ShardExchange,
  data: ShardData & { readonly shard: number; readonly sizes: readonly number[] },
  local: ShardLocalState,
  first: number,
  count: number,
): SpanOutcome & { local: ShardLocalState } {
  const cursor = new ShardCursor(data, local);
  const losses: number[] = [];
  for (let round = first; round < first + count; round++) {
    const { gradient, size } = cursor.gradient(resident, exchange.target(round, data.shard));
    exchange.publish(round, data.shard, gradient);
    exchange.barrier();
    const bad = exchange.nonFinite(round);
    if (bad) return { losses, nonFinite: { value: bad.value }, local: cursor.local() };
    applyRound(resident, exchange, round, data.sizes, data.config);
    losses.push(meanOf(exchange.losses(round)));
    cursor.advance(size);
  }
  return { losses, local: cursor.local() };
}

/** All shards' rounds [first, first + count) in this thread; `locals` are replaced by the shards' new positions. */
export function runRoundsInProcess(
  residents: readonly ResidentShard[],
  exchange: ShardExchange,
  shards: readonly ShardData[],
  locals: ShardLocalState[],
  first: number,
  count: number,
): SpanOutcome {
  const cursors = shards.map((shard, s) => new ShardCursor(shard, locals[s]));
  const sizes = shards.map((s) => s.indices.length);
  const losses: number[] = [];
  let outcome: SpanOutcome | undefined;
  for (let round = first; round < first + count && !outcome; round++) {
    const batchSizes = cursors.map((cursor, s) => {
      const { gradient, size } = cursor.gradient(residents[s], exchange.target(round, s));
      exchange.publish(round, s, gradient);
      return size;
    });
    const bad = exchange.nonFinite(round);
    if (bad) outcome = { losses, nonFinite: { value: bad.value } };
    else {
      residents.forEach((resident) => applyRound(resident, exchange, round, sizes, shards[0].config));
      losses.push(meanOf(exchange.losses(round)));
      cursors.forEach((cursor, s) => cursor.advance(batchSizes[s]));
    }
  }
  cursors.forEach((cursor, s) => (locals[s] = cursor.local()));
  return outcome ?? { losses };
}
