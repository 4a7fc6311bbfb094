/**
 * Worker-thread side of the sharded driver: holds one shard's data and stepper and answers each round
 * request (global state + the shard's stream and cursor) with its trained state and new stream/cursor.
 * Runs under tsx like every a2v entry point (shard-runners.ts registers tsx in the thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendChoice } from './backend.js';
import { NonFiniteLossError } from './errors.js';
import type { GraphDataset } from './graph-data.js';
import type { TrainConfig } from './model-config.js';
import { trainShardRound, type GlobalState, type ShardLocalState, type ShardStrategy } from './sharded.js';
import { createStepper } from './graph-step.js';
import type { TrainStepper } from './train-step.js';

export interface ShardWorkerInit {
  readonly config: TrainConfig;
  readonly data: GraphDataset;
  readonly indices: Uint32Array;
  readonly batchSize: number;
  readonly shard: number;
  readonly strategy: ShardStrategy;
  /** The coordinator's backend: shards must compute with the same kernels (results differ in the last bits). */
  readonly backend?: BackendChoice;
}

export type ShardWorkerRequest = { type: 'round'; global: GlobalState; local: ShardLocalState; steps: number } | { type: 'close' };
export type ShardWorkerReply =
  | { type: 'done'; state: GlobalState; local: ShardLocalState; losses: number[] }
  | { type: 'error'; name: string; message: string; nonFinite?: { epoch: number; step: number; loss: number } };

if (parentPort) {
  const port = parentPort;
  const init = workerData as ShardWorkerInit;
  const ready = initBackend({ force: init.backend, log: () => undefined });
  let stepper: TrainStepper | undefined;
  port.on('message', (request: ShardWorkerRequest) => {
    if (request.type === 'close') {
      stepper?.dispose();
      port.close();
      return;
    }
    ready
      .then(() => {
        stepper ??= createStepper(init.config.model);
        const result = trainShardRound(stepper, { ...init, steps: request.steps }, request.global, request.local);
        const reply: ShardWorkerReply = { type: 'done', state: result.state, local: result.local, losses: result.losses };
        const { weights, adam } = result.state;
        port.postMessage(reply, [weights.params, weights.running, adam.m, adam.v].map((a) => a.buffer as ArrayBuffer));
      })
      .catch((error: Error) => {
        const nonFinite = error instanceof NonFiniteLossError ? { epoch: error.epoch, step: error.step, loss: error.loss } : undefined;
        port.postMessage({ type: 'error', name: error.name, message: error.message, ...(nonFinite ? { nonFinite } : {}) } satisfies ShardWorkerReply);
      });
  });
}
