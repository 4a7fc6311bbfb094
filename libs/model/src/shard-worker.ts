/**
 * Worker-thread side of the sharded driver: holds one shard's data, stepper and local state (noise
 * stream, cursor) and answers each round request with its trained weights and Adam moments.
 * Runs under tsx like every a2v entry point (the worker inherits the parent's loader flags).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from './backend.js';
import type { GraphDataset } from './graph-data.js';
import type { TrainConfig } from './model-config.js';
import { initialShardState, trainShardRound, type GlobalState, type ShardLocalState, type ShardStrategy } from './sharded.js';
import { VaeStepper } from './train-step.js';

export interface ShardWorkerInit {
  readonly config: TrainConfig;
  readonly data: GraphDataset;
  readonly indices: Uint32Array;
  readonly batchSize: number;
  readonly shard: number;
  readonly strategy: ShardStrategy;
}

export type ShardWorkerRequest = { type: 'round'; global: GlobalState; steps: number } | { type: 'close' };
export type ShardWorkerReply = { type: 'done'; state: GlobalState; losses: number[] } | { type: 'error'; name: string; message: string };

if (parentPort) {
  const port = parentPort;
  const init = workerData as ShardWorkerInit;
  const ready = initBackend({ log: () => undefined });
  let local: ShardLocalState = initialShardState(init.config, init.shard);
  let stepper: VaeStepper | undefined;
  port.on('message', (request: ShardWorkerRequest) => {
    if (request.type === 'close') {
      stepper?.dispose();
      port.close();
      return;
    }
    ready
      .then(() => {
        stepper ??= new VaeStepper(init.config.model);
        const result = trainShardRound(stepper, { ...init, steps: request.steps }, request.global, local);
        local = result.local;
        const reply: ShardWorkerReply = { type: 'done', state: result.state, losses: result.losses };
        const { weights, adam } = result.state;
        port.postMessage(reply, [weights.params, weights.running, adam.m, adam.v].map((a) => a.buffer as ArrayBuffer));
      })
      .catch((error: Error) => port.postMessage({ type: 'error', name: error.name, message: error.message } satisfies ShardWorkerReply));
  });
}
