import {
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { SweepControlActivities } from './activity-api.js';
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
  total: number;
  completed: number;
  failed: number;
  running: number;
  paused: boolean;
  cancelled: boolean;
}

export interface SweepInput {
  sweepId: string;
  spec: unknown;
  /** Where this execution continues (continue-as-new keeps each history bounded). */
  offset?: number;
  counts?: { completed: number; failed: number };
  /** Runs scheduled per execution before continuing as new. */
  page?: number;
}

/**
 * A sweep: prepare (rows in PostgreSQL), then one child workflow per (benchmark, method, seed) with
 * bounded parallelism. Signals cancel / pause / resume; query `progress`.
 */
export async function sweepWorkflow(input: SweepInput): Promise<SweepProgress> {
  const page = input.page ?? 200;
  const offset = input.offset ?? 0;
  const progress: SweepProgress = {
    sweepId: input.sweepId, total: 0, completed: input.counts?.completed ?? 0, failed: input.counts?.failed ?? 0,
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
    const runs = await control.listRuns({ sweepId: input.sweepId, offset, limit: page });
    await scope.run(async () => {
      const inFlight = new Set<Promise<void>>();
      for (const run of runs) {
        await condition(() => !progress.paused && inFlight.size < plan.parallelism);
        const child = await startChild(searchRunWorkflow, {
          workflowId: run.runId,
          args: [{ runId: run.runId, embeddingsUri: plan.embeddingsUri }],
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
    });
    if (offset + runs.length < plan.runCount && !progress.cancelled) {
      await continueAsNew<typeof sweepWorkflow>({ ...input, offset: offset + runs.length, counts: { completed: progress.completed, failed: progress.failed } });
    }
    const status = progress.failed > 0 ? 'FAILED' : 'COMPLETED';
    await control.finishSweep({ sweepId: input.sweepId, status });
    upsertSearchAttributes([{ key: A2V_STATUS, value: status }]);
    return progress;
  } catch (error) {
    if (!isCancellation(error) && !progress.cancelled) throw error;
    progress.cancelled = true;
    await CancellationScope.nonCancellable(() => control.finishSweep({ sweepId: input.sweepId, status: 'CANCELLED' }));
    upsertSearchAttributes([{ key: A2V_STATUS, value: 'CANCELLED' }]);
    return progress;
  }
}
