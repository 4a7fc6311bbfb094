/**
 * Pretrain-queue activities: data-parallel pre-training in rounds (see @a2v/model's sharded.ts).
 * Every round's global state and every shard's result is an artifact in PostgreSQL, named by
 * (sweep, space, round, shard), so any worker on any machine can run any shard of any round, and a
 * retried activity rewrites the same artifact with the same bytes (training is a pure function of
 * the round's inputs). Round r's global state is the round's checkpoint; a crash resumes there.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PgArtifactStore } from '@a2v/artifacts';
import { createLogger } from '@a2v/config';
import {
  combineShards,
  deserializeCheckpoint,
  initialShardState,
  initialState,
  reconstructionMetrics,
  roundsFor,
  runSplit,
  serializeCheckpoint,
  trainShardRound,
  type GlobalState,
  type ShardLocalState,
  type TrainingState,
} from '@a2v/model';
import type { PretrainActivities, PretrainJob } from '@a2v/workflows/api';
import { Context } from '@temporalio/activity';
import type pg from 'pg';
import { asActivityFailure, jobData } from './model-context.js';

const log = createLogger('pretrain-activities');
/** Steps between heartbeats (and event-loop turns, so the heartbeat and cancellation get through). */
const STEPS_PER_HEARTBEAT = 10;

const prefix = (job: PretrainJob): string => `sweeps/${job.sweepId}/pretrain-${job.space}`;
const globalName = (job: PretrainJob, round: number): string => `${prefix(job)}/global-r${round}.ckpt`;
const shardName = (job: PretrainJob, round: number, shard: number): string => `${prefix(job)}/shard${shard}-r${round}.ckpt`;
const finalName = (job: PretrainJob): string => `${prefix(job)}/final.ckpt`;

/**
 * Shard results and global states use the checkpoint format (checksummed): a shard's noise stream is
 * `rngState`, its position in its indices `stepInEpoch` (a graph cursor here) and `epoch` its passes.
 */
function shardCheckpoint(base: TrainingState, state: GlobalState, local: ShardLocalState, losses: number[]): TrainingState {
  return { ...base, weights: state.weights, adam: state.adam, rngState: local.rngState, epoch: local.epoch, stepInEpoch: local.cursor, losses };
}

export function createPretrainActivities(pool: pg.Pool): PretrainActivities {
  const store = new PgArtifactStore(pool);
  const read = async (name: string): Promise<TrainingState> => deserializeCheckpoint(await store.get(store.uriOf(name)), name);
  const write = (name: string, state: TrainingState, job: PretrainJob, kind: 'CHECKPOINT' | 'SHARD_WEIGHTS') =>
    store.put(name, serializeCheckpoint(state), { kind, meta: { sweepId: job.sweepId, space: job.space, job: job.jobId } });

  return {
    planPretraining: (job) =>
      asActivityFailure(`pre-training ${job.jobId}`, async () => {
        const { config, data, parts, batchSize } = await jobData(job);
        const rounds = roundsFor(config, Math.max(...parts.map((p) => p.length)), batchSize, job.settings.stepsPerRound);
        // Round 0 is written once: a re-planned job (a retry, a resumed sweep) keeps its later rounds.
        if (!(await store.exists(store.uriOf(globalName(job, 0))))) {
          await write(globalName(job, 0), initialState(config, data.count), job, 'SHARD_WEIGHTS');
        }
        log.info({ job: job.jobId, rounds, shards: parts.length, graphs: data.count }, 'pre-training planned');
        return { rounds, shards: parts.length, shardSizes: parts.map((p) => p.length) };
      }),

    trainShard: ({ job, round, shard }) =>
      asActivityFailure(`pre-training ${job.jobId} round ${round} shard ${shard}`, async () => {
        const context = Context.current();
        const { config, data, parts, batchSize, stepper } = await jobData(job);
        const global = await read(globalName(job, round));
        let local = round === 0 ? initialShardState(config, shard) : localOf(await read(shardName(job, round - 1, shard)));
        let state: GlobalState = { weights: global.weights, adam: global.adam };
        const losses: number[] = [];
        for (let done = 0; done < job.settings.stepsPerRound; done += STEPS_PER_HEARTBEAT) {
          const steps = Math.min(STEPS_PER_HEARTBEAT, job.settings.stepsPerRound - done);
          const result = trainShardRound(stepper, { config, data, indices: parts[shard], batchSize, steps }, state, local);
          ({ state, local } = result);
          losses.push(...result.losses);
          context.heartbeat({ round, shard, steps: done + steps });
          await yieldToEventLoop();
          if (context.cancellationSignal.aborted) throw new Error(`round ${round} shard ${shard} cancelled`);
        }
        const stored = await write(shardName(job, round, shard), shardCheckpoint(global, state, local, losses), job, 'SHARD_WEIGHTS');
        return { uri: stored.uri, meanLoss: mean(losses) };
      }),

    combineRound: ({ job, round }) =>
      asActivityFailure(`pre-training ${job.jobId} round ${round}`, async () => {
        const { parts } = await jobData(job);
        const global = await read(globalName(job, round));
        const shards = await Promise.all(parts.map((_, s) => read(shardName(job, round, s))));
        const next = combineShards(shards, parts.map((p) => p.length));
        const meanLoss = mean(shards.flatMap((s) => s.losses));
        const stored = await write(globalName(job, round + 1), { ...global, ...next, epoch: shards[0].epoch, stepInEpoch: 0, losses: [...global.losses, meanLoss] }, job, 'SHARD_WEIGHTS');
        // What round r-1 left is no longer needed by any retry (round r's shards have all finished).
        if (round >= 1) {
          await Promise.all([globalName(job, round - 1), ...parts.map((_, s) => shardName(job, round - 1, s))].map((name) => store.delete(store.uriOf(name))));
        }
        return { globalUri: stored.uri, meanLoss };
      }),

    finishPretraining: ({ job, rounds }) =>
      asActivityFailure(`pre-training ${job.jobId}`, async () => {
        const { config, data } = await jobData(job);
        const last = await read(globalName(job, rounds));
        const final: TrainingState = { ...last, epoch: config.epochs, stepInEpoch: 0 };
        const measured = reconstructionMetrics(config.model, final.weights, data, runSplit(config, data.count).heldOut);
        const heldOut = { reconstructionAccuracy: measured.reconstructionAccuracy, opAccuracy: measured.opAccuracy, adjacencyAccuracy: measured.adjAccuracy, graphs: measured.graphs };
        const stored = await store.put(finalName(job), serializeCheckpoint(final), {
          kind: 'CHECKPOINT',
          meta: { sweepId: job.sweepId, space: job.space, job: job.jobId, settings: job.settings, rounds, heldOut },
        });
        log.info({ job: job.jobId, uri: stored.uri, heldOut }, 'pre-training finished');
        return {
          checkpointUri: stored.uri,
          checkpointSha256: stored.sha256,
          rounds,
          finalLoss: final.losses.at(-1) ?? Number.NaN,
          heldOut,
        };
      }),
  };
}

function localOf(state: TrainingState): ShardLocalState {
  return { rngState: state.rngState, cursor: state.stepInEpoch, epoch: state.epoch };
}

function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

