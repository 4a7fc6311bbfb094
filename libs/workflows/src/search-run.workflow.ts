import { ApplicationFailure, CancellationScope, isCancellation, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchActivities } from './activity-api.js';
import { A2V_STATUS } from './search-attributes.js';

const searchActivities = (taskQueue: string) => proxyActivities<SearchActivities>({
  taskQueue,
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '10 seconds', // a killed worker's chunk is retried elsewhere within seconds
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: ['SearchInputError', 'LedgerConflictError'] },
});

export interface SearchRunInput {
  runId: string;
  embeddingsUri?: string;
  /** 'reference' reproduces the official code's arch2vec search behaviour. */
  mode?: 'clean' | 'reference';
  /** The search workers' task queue (default a2v-search). */
  taskQueue?: string;
  /** Queries per activity call: bounds both activity duration and what a crash can cost. */
  chunk?: number;
}

/**
 * One (benchmark, method, seed) search. The activity does the work in chunks and checkpoints its
 * state in PostgreSQL, so a retried or re-dispatched chunk resumes exactly where the ledger stops.
 */
export async function searchRunWorkflow(input: SearchRunInput): Promise<{ runId: string; queries: number; status: string }> {
  upsertSearchAttributes([{ key: A2V_STATUS, value: 'RUNNING' }]);
  const search = searchActivities(input.taskQueue ?? 'a2v-search');
  let queries = 0;
  try {
    let finished = false;
    for (;;) {
      const chunk = await search.runSearchChunk({ runId: input.runId, maxQueries: input.chunk ?? 1000, embeddingsUri: input.embeddingsUri, mode: input.mode });
      queries = chunk.queries;
      finished = chunk.finished === true;
      if (chunk.done) break;
    }
    if (!finished) await search.finishRun({ runId: input.runId, status: 'COMPLETED' });
    upsertSearchAttributes([{ key: A2V_STATUS, value: 'COMPLETED' }]);
    return { runId: input.runId, queries, status: 'COMPLETED' };
  } catch (error) {
    const status = isCancellation(error) ? 'CANCELLED' : 'FAILED';
    await CancellationScope.nonCancellable(() => search.finishRun({ runId: input.runId, status }));
    upsertSearchAttributes([{ key: A2V_STATUS, value: status }]);
    if (status === 'CANCELLED') throw error;
    throw ApplicationFailure.nonRetryable(`search run ${input.runId} failed: ${(error as Error).message}`, 'SearchRunFailed');
  }
}
