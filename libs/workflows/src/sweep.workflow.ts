import {
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  executeChild,
  defineSignal,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { RepresentationPlan, SpaceId, SweepControlActivities, SweepPlan } from './activity-api.js';
import { embedWorkflow } from './embed.workflow.js';
import { pretrainWorkflow } from './pretrain.workflow.js';
import { A2V_METHOD, A2V_SEED, A2V_SPACE, A2V_STATUS, A2V_SWEEP_ID } from './search-attributes.js';
import { searchRunWorkflow } from './search-run.workflow.js';

const control = proxyActivities<SweepControlActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['SweepSpecError'] },
});

export const cancelSweepSignal = defineSignal('cancel');
export const pauseSweepSignal = defineSignal('pause');
export const resumeSweepSignal = defineSignal('resume');
export const progressQuery = defineQuery<SweepProgress>('progress');

export interface SweepProgress {
  sweepId: string;
  /** What the sweep is doing now. */
  phase: 'preparing' | 'pretraining' | 'embedding' | 'searching' | 'finished';
  total: number;
  completed: number;
  failed: number;
  running: number;
  paused: boolean;
  cancelled: boolean;
}

export interface SweepQueues {
  pretrain?: string;
  embed?: string;
  search?: string;
}

export interface SweepInput {
  sweepId: string;
  spec: unknown;
  /** Where this execution continues (continue-as-new keeps each history bounded). */
  offset?: number;
  counts?: { completed: number; failed: number };
  /** Runs scheduled per execution before continuing as new. */
  page?: number;
  /** Task queues of the workers that pre-train, embed and search (defaults a2v-pretrain/-embed/-search). */
  queues?: SweepQueues;
  /** Embedding-set URI per space, once made (carried across continue-as-new). */
  embeddings?: Partial<Record<SpaceId, string>>;
}

/**
 * A sweep: prepare (rows in PostgreSQL), then one child workflow per (benchmark, method, seed) with
 * bounded parallelism. Signals cancel / pause / resume; query `progress`.
 */
export async function sweepWorkflow(input: SweepInput): Promise<SweepProgress> {
  const page = input.page ?? 200;
  const offset = input.offset ?? 0;
  const progress: SweepProgress = {
    sweepId: input.sweepId, phase: 'preparing', total: 0, completed: input.counts?.completed ?? 0, failed: input.counts?.failed ?? 0,
    running: 0, paused: false, cancelled: false,
  };
  const scope = new CancellationScope();
  setHandler(progressQuery, () => progress);
  setHandler(pauseSweepSignal, () => void (progress.paused = true));
  setHandler(resumeSweepSignal, () => void (progress.paused = false));
  setHandler(cancelSweepSignal, () => {
    progress.cancelled = true;
    scope.cancel();
  });
  upsertSearchAttributes([{ key: A2V_SWEEP_ID, value: input.sweepId }, { key: A2V_STATUS, value: 'RUNNING' }]);

  try {
    const plan = await control.prepareSweep({ sweepId: input.sweepId, spec: input.spec });
    progress.total = plan.runCount;
    await scope.run(async () => {
      const embeddings = input.embeddings ?? (await makeEmbeddings(input, plan, progress));
      input = { ...input, embeddings };
      progress.phase = 'searching';
      const runs = await control.listRuns({ sweepId: input.sweepId, offset, limit: page });
      await searchRuns(input, plan, runs, embeddings, progress);
      if (offset + runs.length < plan.runCount && !progress.cancelled) {
        await continueAsNew<typeof sweepWorkflow>({ ...input, offset: offset + runs.length, counts: { completed: progress.completed, failed: progress.failed } });
      }
    });
    progress.phase = 'finished';
    const status = progress.failed > 0 ? 'FAILED' : 'COMPLETED';
    await control.finishSweep({ sweepId: input.sweepId, status });
    upsertSearchAttributes([{ key: A2V_STATUS, value: status }]);
    return progress;
  } catch (error) {
    if (!isCancellation(error) && !progress.cancelled) throw error;
    progress.cancelled = true;
    progress.phase = 'finished';
    await CancellationScope.nonCancellable(() => control.finishSweep({ sweepId: input.sweepId, status: 'CANCELLED' }));
    upsertSearchAttributes([{ key: A2V_STATUS, value: 'CANCELLED' }]);
    return progress;
  }
}

/** Pre-training (unless a checkpoint or embedding set is reused) and embedding, one child each, per space. */
async function makeEmbeddings(input: SweepInput, plan: SweepPlan, progress: SweepProgress): Promise<Partial<Record<SpaceId, string>>> {
  const { sweepId } = input;
  const made = await Promise.all(plan.representations.map((rep) => representation(input, rep, progress)));
  const embeddings: Partial<Record<SpaceId, string>> = {};
  plan.representations.forEach((rep, i) => (embeddings[rep.space] = made[i]));
  if (plan.representations.length > 0) await control.recordEmbeddings({ sweepId, embeddings });
  return embeddings;
}

async function representation({ sweepId, queues }: SweepInput, rep: RepresentationPlan, progress: SweepProgress): Promise<string> {
  if (rep.embeddingsUri) return rep.embeddingsUri;
  const attributes = [{ key: A2V_SWEEP_ID, value: sweepId }, { key: A2V_SPACE, value: rep.space }];
  let checkpointUri = rep.checkpointUri;
  if (!checkpointUri) {
    progress.phase = 'pretraining';
    const jobId = `${sweepId}.pretrain.${rep.space}`;
    const outcome = await executeChild(pretrainWorkflow, {
      workflowId: jobId,
      args: [{ job: { jobId, sweepId, space: rep.space, settings: rep.pretrain! }, taskQueue: queues?.pretrain }],
      typedSearchAttributes: attributes,
    });
    checkpointUri = outcome.checkpointUri;
  }
  progress.phase = 'embedding';
  const jobId = `${sweepId}.embed.${rep.space}`;
  const embedded = await executeChild(embedWorkflow, {
    workflowId: jobId,
    args: [{ jobId, sweepId, space: rep.space, checkpointUri, shards: rep.embedShards }, queues?.embed ?? 'a2v-embed'],
    typedSearchAttributes: attributes,
  });
  return embedded.embeddingsUri;
}

/** One child workflow per run of this page, at most `parallelism` at a time; pause holds new starts. */
async function searchRuns(
  input: SweepInput,
  plan: SweepPlan,
  runs: Awaited<ReturnType<SweepControlActivities['listRuns']>>,
  embeddings: Partial<Record<SpaceId, string>>,
  progress: SweepProgress,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (const run of runs) {
    await condition(() => !progress.paused && inFlight.size < plan.parallelism);
    const child = await startChild(searchRunWorkflow, {
      workflowId: run.runId,
      args: [{ runId: run.runId, embeddingsUri: embeddings[run.space as SpaceId], mode: plan.mode, taskQueue: input.queues?.search }],
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      typedSearchAttributes: [
        { key: A2V_SWEEP_ID, value: input.sweepId },
        { key: A2V_SPACE, value: run.space },
        { key: A2V_METHOD, value: run.method },
        { key: A2V_SEED, value: run.seed },
        { key: A2V_STATUS, value: 'PENDING' },
      ],
    });
    progress.running += 1;
    const done: Promise<void> = child.result().then(
      () => void (progress.completed += 1),
      (error) => {
        if (!isCancellation(error)) progress.failed += 1;
      },
    ).finally(() => {
      progress.running -= 1;
      inFlight.delete(done);
    });
    inFlight.add(done);
  }
  await Promise.all(inFlight);
}
