/**
 * Local driver for sharded pre-training: S shards, each in its own worker thread (or in-process for
 * S=1 / tests), trained in rounds from the averaged global weights. Returns the final global weights.
 */
import { Worker } from 'node:worker_threads';
import type { GraphDataset } from './graph-data.js';
import { ModelError } from './errors.js';
import type { TrainConfig } from './model-config.js';
import { combineShards, initialGlobalState, initialShardState, partitionIndices, roundsFor, shardBatchSize, trainShardRound, type GlobalState, type ShardLocalState, type ShardStrategy } from './sharded.js';
import type { ShardWorkerInit, ShardWorkerReply, ShardWorkerRequest } from './shard-worker.js';
import { VaeStepper, type ModelWeights } from './train-step.js';
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
  readonly onRound?: (round: number, rounds: number, meanLoss: number) => void;
}

export interface ShardedRunResult {
  readonly weights: ModelWeights;
  readonly rounds: number;
  /** Mean shard loss per round. */
  readonly roundLosses: number[];
}

interface ShardRunner {
  round(global: GlobalState, steps: number): Promise<{ state: GlobalState; losses: number[] }>;
  close(): Promise<void>;
}

function inProcessRunner(init: ShardWorkerInit): ShardRunner {
  const stepper = new VaeStepper(init.config.model);
  let local: ShardLocalState = initialShardState(init.config, init.shard);
  return {
    round: async (global, steps) => {
      const result = trainShardRound(stepper, { ...init, steps }, global, local);
      local = result.local;
      return result;
    },
    close: async () => stepper.dispose(),
  };
}

/**
 * The worker runs TypeScript, so it first registers tsx's loaders in its own thread: on Node 20 the
 * hooks of `tsx file.ts` / `--import tsx` do not reach worker threads.
 */
function startWorker(init: ShardWorkerInit): Worker {
  // Both hooks: ESM for our .ts files, CommonJS for backend.ts's require of tfjs's gradient modules.
  const api = (kind: 'esm' | 'cjs'): string => JSON.stringify(import.meta.resolve(`tsx/${kind}/api`));
  const bootstrap = `Promise.all([import(${api('esm')}), import(${api('cjs')})])
    .then(([esm, cjs]) => { esm.register(); cjs.register(); return import(${JSON.stringify(new URL('./shard-worker.ts', import.meta.url).href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}

function workerRunner(init: ShardWorkerInit): ShardRunner {
  const worker = startWorker(init);
  let failure: Error | undefined;
  worker.on('error', (error) => (failure = error));
  return {
    round: (global, steps) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const onError = (error: Error): void => reject(error);
        worker.once('error', onError);
        worker.once('message', (reply: ShardWorkerReply) => {
          worker.off('error', onError);
          if (reply.type === 'done') resolve(reply);
          else reject(Object.assign(new ModelError(`shard ${init.shard}: ${reply.message}`), { cause: reply.name }));
        });
        worker.postMessage({ type: 'round', global, steps } satisfies ShardWorkerRequest);
      }),
    close: async () => {
      worker.postMessage({ type: 'close' } satisfies ShardWorkerRequest);
      await worker.terminate();
    },
  };
}

export async function runShardedTraining(options: ShardedRunOptions): Promise<ShardedRunResult> {
  const { config, data, shards } = options;
  const strategy = options.strategy ?? 'gradient';
  const stepsPerRound = strategy === 'gradient' ? 1 : (options.stepsPerRound ?? 1);
  const { train } = runSplit(config, data.count);
  const parts = partitionIndices(train, shards);
  const sizes = parts.map((p) => p.length);
  const useWorkers = options.useWorkers ?? shards > 1;
  const batchSize = shardBatchSize(config, shards);
  const runners = parts.map((indices, shard) => {
    const init: ShardWorkerInit = { config, data, indices, batchSize, shard, strategy };
    return useWorkers ? workerRunner(init) : inProcessRunner(init);
  });
  // Same initial weights as a single-process run with this config.
  let global = initialGlobalState(initialState(config, data.count).weights);
  const rounds = roundsFor(config, Math.max(...sizes), batchSize, stepsPerRound);
  const roundLosses: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const results = await Promise.all(runners.map((runner) => runner.round(global, stepsPerRound)));
      global = combineShards(
        strategy,
        config,
        global,
        results.map((x) => x.state),
        sizes,
      );
      const all = results.flatMap((x) => x.losses);
      roundLosses.push(all.reduce((a, b) => a + b, 0) / all.length);
      options.onRound?.(r, rounds, roundLosses[r]);
    }
  } finally {
    await Promise.all(runners.map((runner) => runner.close()));
  }
  return { weights: global.weights, rounds, roundLosses };
}
