/**
 * How the sharded driver reaches a shard in a worker thread (shard-worker.ts): one request at a time,
 * answered by one reply; an error reply becomes the error the in-process code would have thrown.
 */
import { Worker } from 'node:worker_threads';
import { ModelError, NonFiniteLossError } from './errors.js';
import type { ShardWorkerInit, ShardWorkerReply, ShardWorkerRequest } from './shard-worker.js';

export interface ShardWorker {
  request(message: ShardWorkerRequest, transfer?: ArrayBuffer[]): Promise<Exclude<ShardWorkerReply, { type: 'error' }>>;
  /** Called with the worker's crash (not an error reply) when it happens. */
  onCrash(listener: (error: Error) => void): void;
  close(): Promise<void>;
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

/** A worker's error reply as the error the in-process code would have thrown. */
function replyError(shard: number, reply: Extract<ShardWorkerReply, { type: 'error' }>): Error {
  if (reply.nonFinite) return new NonFiniteLossError(reply.nonFinite.epoch, reply.nonFinite.step, reply.nonFinite.loss, undefined);
  return new ModelError(`shard ${shard}: ${reply.message}`, { cause: reply.name });
}

export function startShardWorker(init: ShardWorkerInit): ShardWorker {
  const worker = startWorker(init);
  let failure: Error | undefined;
  const crashListeners: ((error: Error) => void)[] = [];
  worker.on('error', (error) => {
    failure = error;
    crashListeners.forEach((listener) => listener(error));
  });
  return {
    request: (message, transfer) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const onError = (error: Error): void => reject(error);
        worker.once('error', onError);
        worker.once('message', (reply: ShardWorkerReply) => {
          worker.off('error', onError);
          if (reply.type === 'error') reject(replyError(init.shard, reply));
          else resolve(reply);
        });
        worker.postMessage(message, transfer);
      }),
    onCrash: (listener) => crashListeners.push(listener),
    close: async () => {
      worker.postMessage({ type: 'close' } satisfies ShardWorkerRequest);
      await worker.terminate();
    },
  };
}
