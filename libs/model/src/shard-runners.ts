/**
 * How the sharded driver reaches a shard: in-process (S=1, tests) or in a worker thread. Runners are
 * stateless apart from the shard's data and stepper: the coordinator sends each round the global
 * state and the shard's own stream/cursor, and keeps what comes back (so it can checkpoint them).
 */
import { Worker } from 'node:worker_threads';
import { ModelError, NonFiniteLossError } from './errors.js';
import { trainShardRound, type GlobalState, type ShardLocalState } from './sharded.js';
import type { ShardWorkerInit, ShardWorkerReply, ShardWorkerRequest } from './shard-worker.js';
import { createStepper } from './graph-step.js';

export interface ShardRunner {
  round(global: GlobalState, local: ShardLocalState, steps: number): Promise<{ state: GlobalState; local: ShardLocalState; losses: number[] }>;
  close(): Promise<void>;
}

export function inProcessRunner(init: ShardWorkerInit): ShardRunner {
  const stepper = createStepper(init.config.model);
  return {
    round: async (global, local, steps) => trainShardRound(stepper, { ...init, steps }, global, local),
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

/** A worker's error reply as the error the in-process runner would have thrown. */
function replyError(shard: number, reply: Extract<ShardWorkerReply, { type: 'error' }>): Error {
  if (reply.nonFinite) return new NonFiniteLossError(reply.nonFinite.epoch, reply.nonFinite.step, reply.nonFinite.loss, undefined);
  return new ModelError(`shard ${shard}: ${reply.message}`, { cause: reply.name });
}

export function workerRunner(init: ShardWorkerInit): ShardRunner {
  const worker = startWorker(init);
  let failure: Error | undefined;
  worker.on('error', (error) => (failure = error));
  return {
    round: (global, local, steps) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const onError = (error: Error): void => reject(error);
        worker.once('error', onError);
        worker.once('message', (reply: ShardWorkerReply) => {
          worker.off('error', onError);
          if (reply.type === 'done') resolve(reply);
          else reject(replyError(init.shard, reply));
        });
        worker.postMessage({ type: 'round', global, local, steps } satisfies ShardWorkerRequest);
      }),
    close: async () => {
      worker.postMessage({ type: 'close' } satisfies ShardWorkerRequest);
      await worker.terminate();
    },
  };
}
