/**
 * What runs the sharded driver's rounds, per strategy and place (sharded-driver.ts owns the loop,
 * checkpoints and resume):
 * - 'gradient': resident shards (resident-rounds.ts), in worker threads meeting at a shared-memory
 *   exchange, or all in this thread (S=1, tests);
 * - 'local-adam': stateless shard rounds from the global state, averaged here after each round.
 * In-process and worker engines compute the same bits on the same backend (sharded.test.ts).
 */
import { ModelError, NonFiniteLossError } from './errors.js';
import { createStepper } from './graph-step.js';
import type { GraphDataset } from './graph-data.js';
import type { TrainConfig } from './model-config.js';
import { paramLayout } from './parameters.js';
import { runRoundsInProcess, type SpanOutcome } from './resident-rounds.js';
import { createResidentShard } from './resident-shard.js';
import { ShardAbortedError, ShardExchange } from './shard-exchange.js';
import { startShardWorker, type ShardWorker } from './shard-runners.js';
import type { ShardWorkerInit } from './shard-worker.js';
import { combineShards, trainShardRound, type GlobalState, type ShardLocalState, type ShardStrategy } from './sharded.js';
import type { BackendChoice } from './backend.js';

export interface RoundEngine {
  /** Rounds [first, first + count); `locals` become the shards' new positions unless a loss was not finite. */
  run(first: number, count: number, locals: ShardLocalState[]): Promise<SpanOutcome>;
  state(): Promise<GlobalState>;
  close(): Promise<void>;
}

export interface EngineInit {
  readonly config: TrainConfig;
  readonly data: GraphDataset;
  readonly parts: readonly Uint32Array[];
  readonly batchSize: number;
  readonly strategy: ShardStrategy;
  readonly stepsPerRound: number;
  readonly global: GlobalState;
  /** Worker threads with this backend, or undefined for this thread. */
  readonly workers?: { backend: BackendChoice };
}

const sizesOf = (init: EngineInit): number[] => init.parts.map((p) => p.length);

function workerInits(init: EngineInit, extra: Partial<ShardWorkerInit> = {}): ShardWorkerInit[] {
  const { config, data, batchSize, strategy } = init;
  return init.parts.map((indices, shard) => ({ config, data, indices, batchSize, shard, strategy, backend: init.workers?.backend, ...extra }));
}

/** The first error that is not a shard released from the exchange because another one failed. */
function firstCause(results: PromiseSettledResult<unknown>[]): unknown {
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const released = (e: unknown): boolean => e instanceof ModelError && e.cause === ShardAbortedError.name;
  return errors.find((e) => !released(e)) ?? errors[0];
}

async function residentWorkers(init: EngineInit): Promise<RoundEngine> {
  const layout = paramLayout(init.config.model);
  const exchange = ShardExchange.create(init.parts.length, layout.size, layout.runningSize);
  const workers = workerInits(init, { exchange: exchange.init, sizes: sizesOf(init) }).map(startShardWorker);
  workers.forEach((w, s) => w.onCrash((error) => exchange.abort(`shard ${s} crashed: ${error.message}`)));
  const all = async <T>(ask: (w: ShardWorker, s: number) => Promise<T>): Promise<T[]> => {
    const results = await Promise.allSettled(workers.map(ask));
    if (results.some((r) => r.status === 'rejected')) throw firstCause(results);
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  };
  await all((w) => w.request({ type: 'load', global: init.global }));
  return {
    run: async (first, count, locals) => {
      const replies = await all((w, s) => w.request({ type: 'span', first, count, local: locals[s] }));
      const spans = replies.map((r) => r as Extract<typeof r, { type: 'span' }>);
      if (!spans[0].nonFinite) spans.forEach((span, s) => (locals[s] = span.local));
      return { losses: spans[0].losses, ...(spans[0].nonFinite ? { nonFinite: spans[0].nonFinite } : {}) };
    },
    // Every shard, so that all apply a deferred update the same way (resident-shard.ts) and stay equal.
    state: async () => ((await all((w) => w.request({ type: 'state' })))[0] as { state: GlobalState }).state,
    close: async () => void (await Promise.all(workers.map((w) => w.close()))),
  };
}

function residentInProcess(init: EngineInit): RoundEngine {
  const layout = paramLayout(init.config.model);
  const exchange = ShardExchange.create(init.parts.length, layout.size, layout.runningSize);
  const residents = init.parts.map(() => createResidentShard(init.config.model));
  residents.forEach((r) => r.load(init.global));
  const shards = init.parts.map((indices) => ({ config: init.config, data: init.data, indices, batchSize: init.batchSize }));
  return {
    run: async (first, count, locals) => {
      const next = locals.slice();
      const outcome = runRoundsInProcess(residents, exchange, shards, next, first, count);
      if (!outcome.nonFinite) next.forEach((local, s) => (locals[s] = local));
      return outcome;
    },
    state: async () => residents.map((r) => r.state())[0],
    close: async () => residents.forEach((r) => r.dispose()),
  };
}

/** 'local-adam': every round, each shard trains from the global state; their states are averaged here. */
function averaging(init: EngineInit): RoundEngine {
  let global = init.global;
  const sizes = sizesOf(init);
  const inits = workerInits(init);
  const workers = init.workers ? inits.map(startShardWorker) : undefined;
  const steppers = workers ? [] : inits.map(() => createStepper(init.config.model));
  const round = async (s: number, local: ShardLocalState) => {
    if (!workers) return trainShardRound(steppers[s], { ...inits[s], steps: init.stepsPerRound }, global, local);
    const reply = await workers[s].request({ type: 'round', global, local, steps: init.stepsPerRound });
    return reply as Extract<typeof reply, { type: 'done' }>;
  };
  return {
    run: async (first, count, locals) => {
      const losses: number[] = [];
      for (let k = 0; k < count; k++) {
        let results;
        try {
          results = await Promise.all(locals.map((local, s) => round(s, local)));
        } catch (error) {
          if (error instanceof NonFiniteLossError) return { losses, nonFinite: { value: error.loss } };
          throw error;
        }
        global = combineShards(
          results.map((r) => r.state),
          sizes,
        );
        const all = results.flatMap((r) => r.losses);
        losses.push(all.reduce((a, b) => a + b, 0) / all.length);
        results.forEach((r, s) => (locals[s] = r.local));
      }
      return { losses };
    },
    state: async () => global,
    close: async () => {
      steppers.forEach((s) => s.dispose());
      await Promise.all((workers ?? []).map((w) => w.close()));
    },
  };
}

export async function startRoundEngine(init: EngineInit): Promise<RoundEngine> {
  if (init.strategy === 'local-adam') return averaging(init);
  return init.workers ? residentWorkers(init) : residentInProcess(init);
}
