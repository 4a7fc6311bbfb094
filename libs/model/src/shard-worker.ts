/**
 * Worker-thread side of the sharded driver; one shard per thread. Runs under tsx like every a2v entry
 * point (shard-runners.ts registers tsx in the thread).
 *
 * - 'local-adam': each request carries the global state and the shard's stream and cursor, and the
 *   reply its trained state and new stream and cursor (the coordinator averages).
 * - 'gradient': the shard is resident (resident-shard.ts). It is loaded once with the global state,
 *   then runs spans of rounds, meeting the other shards at the exchange each round
 *   (resident-rounds.ts). The coordinator only hears each span's losses and positions, and asks for
 *   the state when it checkpoints.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendChoice } from './backend.js';
import { NonFiniteLossError } from './errors.js';
import type { GraphDataset } from './graph-data.js';
import { createStepper } from './graph-step.js';
import type { TrainConfig } from './model-config.js';
import { runSpan, type SpanOutcome } from './resident-rounds.js';
import { createResidentShard, type ResidentShard } from './resident-shard.js';
import { ShardAbortedError, ShardExchange, type ShardExchangeInit } from './shard-exchange.js';
import { trainShardRound, type GlobalState, type ShardLocalState, type ShardStrategy } from './sharded.js';
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
  /** 'gradient': the exchange shared by all shards, and every shard's size (for the weighted means). */
  readonly exchange?: ShardExchangeInit;
  readonly sizes?: readonly number[];
}

export type ShardWorkerRequest =
  | { type: 'round'; global: GlobalState; local: ShardLocalState; steps: number }
  | { type: 'load'; global: GlobalState }
  | { type: 'span'; first: number; count: number; local: ShardLocalState }
  | { type: 'state' }
  | { type: 'close' };
export type ShardWorkerReply =
  | { type: 'done'; state: GlobalState; local: ShardLocalState; losses: number[] }
  | { type: 'loaded' }
  | ({ type: 'span'; local: ShardLocalState } & SpanOutcome)
  | { type: 'state'; state: GlobalState }
  | { type: 'error'; name: string; message: string; nonFinite?: { epoch: number; step: number; loss: number } };

const transferOf = (state: GlobalState): ArrayBuffer[] => [state.weights.params, state.weights.running, state.adam.m, state.adam.v].map((a) => a.buffer as ArrayBuffer);

function errorReply(error: Error): ShardWorkerReply {
  const nonFinite = error instanceof NonFiniteLossError ? { epoch: error.epoch, step: error.step, loss: error.loss } : undefined;
  return { type: 'error', name: error.name, message: error.message, ...(nonFinite ? { nonFinite } : {}) };
}

if (parentPort) {
  const port = parentPort;
  const init = workerData as ShardWorkerInit;
  const ready = initBackend({ force: init.backend, log: () => undefined });
  const exchange = init.exchange ? new ShardExchange(init.exchange) : undefined;
  let stepper: TrainStepper | undefined;
  let resident: ResidentShard | undefined;
  const answer = (request: Exclude<ShardWorkerRequest, { type: 'close' }>): void => {
    if (request.type === 'round') {
      stepper ??= createStepper(init.config.model);
      const result = trainShardRound(stepper, { ...init, steps: request.steps }, request.global, request.local);
      port.postMessage({ type: 'done', state: result.state, local: result.local, losses: result.losses } satisfies ShardWorkerReply, transferOf(result.state));
      return;
    }
    resident ??= createResidentShard(init.config.model);
    if (request.type === 'load') {
      resident.load(request.global);
      port.postMessage({ type: 'loaded' } satisfies ShardWorkerReply);
    } else if (request.type === 'span') {
      const outcome = runSpan(resident, exchange!, { ...init, sizes: init.sizes! }, request.local, request.first, request.count);
      port.postMessage({ type: 'span', ...outcome } satisfies ShardWorkerReply);
    } else {
      const state = resident.state();
      port.postMessage({ type: 'state', state } satisfies ShardWorkerReply, transferOf(state));
    }
  };
  port.on('message', (request: ShardWorkerRequest) => {
    if (request.type === 'close') {
      stepper?.dispose();
      resident?.dispose();
      port.close();
      return;
    }
    ready
      .then(() => answer(request))
      .catch((error: Error) => {
        // Release the other shards from the barrier; they answer with ShardAbortedError.
        if (!(error instanceof ShardAbortedError)) exchange?.abort(`shard ${init.shard}: ${error.message}`);
        port.postMessage(errorReply(error));
      });
  });
}
