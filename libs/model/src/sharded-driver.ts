/**
 * Local driver for sharded pre-training: S shards, each in its own worker thread (or in-process for
 * S=1 / tests), trained in rounds from the averaged global weights. With a checkpoint path it writes
 * the whole run (global weights and Adam state, every shard's noise stream and cursor, the round
 * losses) every `checkpointEvery` rounds and at the end, and `resume` continues such a run exactly.
 */
import { existsSync } from 'node:fs';
import { initBackend } from './backend.js';
import { assertCheckpointMatches, readCheckpoint, writeCheckpoint, type ShardLayout, type TrainingState } from './checkpoint.js';
import { NonFiniteLossError } from './errors.js';
import type { GraphDataset } from './graph-data.js';
import type { TrainConfig } from './model-config.js';
import { startRoundEngine } from './round-engines.js';
import { initialShardState, partitionIndices, roundsFor, shardBatchSize, type ShardStrategy } from './sharded.js';
import type { ModelWeights } from './train-step.js';
import { initialState, runSplit } from './trainer.js';

export interface ShardedRunOptions {
  readonly config: TrainConfig;
  readonly data: GraphDataset;
  readonly shards: number;
  /** 'gradient' (default; one step per round) or 'local-adam' (stepsPerRound Adam steps); see sharded.ts. */
  readonly strategy?: ShardStrategy;
  /** Batches each shard trains between two averagings ('local-adam' only; default 1). */
  readonly stepsPerRound?: number;
  /** Run shards in worker threads (default: when shards > 1). */
  readonly useWorkers?: boolean;
  /** Where the run's checkpoint goes (overwritten atomically); none is written without it. */
  readonly checkpointPath?: string;
  /** Checkpoint every this many rounds (default: once per epoch) and always at the end. */
  readonly checkpointEvery?: number;
  /** Continue the run in `checkpointPath` when that file exists (it must match config, data and shard layout). */
  readonly resume?: boolean;
  /** Stop (with a checkpoint) after this many rounds in this call, for tests of interrupted runs. */
  readonly stopAfterRounds?: number;
  readonly onRound?: (round: number, rounds: number, meanLoss: number) => void;
}

export interface ShardedRunResult {
  readonly weights: ModelWeights;
  readonly rounds: number;
  /** Mean shard loss per round, from the start of the run (resumed runs included). */
  readonly roundLosses: number[];
  readonly state: TrainingState;
  readonly finished: boolean;
  /** sha256 of the last checkpoint written or resumed from, if any. */
  readonly checkpointSha256?: string;
}

function layoutOf(options: ShardedRunOptions): ShardLayout {
  const strategy = options.strategy ?? 'gradient';
  return { count: options.shards, strategy, stepsPerRound: strategy === 'gradient' ? 1 : (options.stepsPerRound ?? 1) };
}

/** The run's starting point: the checkpoint when resuming, else S=1's initial weights and fresh shard streams. */
function startingState(options: ShardedRunOptions, layout: ShardLayout): { state: TrainingState; sha256?: string } {
  const { config, data, checkpointPath } = options;
  if (options.resume && checkpointPath && existsSync(checkpointPath)) {
    const { state, sha256 } = readCheckpoint(checkpointPath);
    assertCheckpointMatches(checkpointPath, state, config, data.count, layout);
    return { state: { ...state, config: { ...state.config, epochs: config.epochs } }, sha256 };
  }
  const locals = Array.from({ length: layout.count }, (_, s) => initialShardState(config, s));
  return { state: { ...initialState(config, data.count), shards: { ...layout, round: 0, locals } } };
}

/** Rounds per span: the coordinator hears progress (onRound, heartbeats) about this often. */
const SPAN_ROUNDS = 64;

export async function runShardedTraining(options: ShardedRunOptions): Promise<ShardedRunResult> {
  const { config, data, shards, checkpointPath } = options;
  const layout = layoutOf(options);
  const { train } = runSplit(config, data.count);
  const parts = partitionIndices(train, shards);
  const sizes = parts.map((p) => p.length);
  const batchSize = shardBatchSize(config, shards);
  const rounds = roundsFor(config, Math.max(...sizes), batchSize, layout.stepsPerRound);
  const every = options.checkpointEvery ?? roundsFor({ ...config, epochs: 1 }, Math.max(...sizes), batchSize, layout.stepsPerRound);
  const start = startingState(options, layout);
  const state = start.state;
  const progress = state.shards!;
  let last = start.sha256 && checkpointPath ? { path: checkpointPath, sha256: start.sha256 } : undefined;
  const useWorkers = options.useWorkers ?? shards > 1;
  const workers = useWorkers ? { backend: (await initBackend()).choice } : undefined;
  const global = { weights: state.weights, adam: state.adam };
  const engine = await startRoundEngine({ config, data, parts, batchSize, strategy: layout.strategy, stepsPerRound: layout.stepsPerRound, global, workers });
  const checkpoint = async (): Promise<void> => {
    const current = await engine.state();
    const local = progress.locals[0];
    Object.assign(state, { weights: current.weights, adam: current.adam, epoch: local.epoch, stepInEpoch: local.cursor / batchSize });
    if (checkpointPath) last = { path: checkpointPath, sha256: writeCheckpoint(checkpointPath, state) };
  };
  let stoppedEarly = false;
  try {
    const stopAt = options.stopAfterRounds === undefined ? rounds : Math.min(rounds, progress.round + options.stopAfterRounds);
    while (progress.round < stopAt) {
      const first = progress.round;
      const count = Math.min(SPAN_ROUNDS, stopAt - first, every - (first % every));
      const outcome = await engine.run(first, count, progress.locals);
      outcome.losses.forEach((loss, k) => {
        state.losses.push(loss);
        options.onRound?.(first + k, rounds, loss);
      });
      progress.round += outcome.losses.length;
      // The failed round changed nothing on disk: the last checkpoint written is the run's last good state.
      if (outcome.nonFinite) throw new NonFiniteLossError(progress.locals[0].epoch, progress.round, outcome.nonFinite.value, last?.path);
      if (progress.round % every === 0 && progress.round < rounds) await checkpoint();
    }
    stoppedEarly = progress.round < rounds;
    await checkpoint();
  } finally {
    await engine.close();
  }
  return { weights: state.weights, rounds, roundLosses: state.losses, state, finished: !stoppedEarly, checkpointSha256: last?.sha256 };
}
