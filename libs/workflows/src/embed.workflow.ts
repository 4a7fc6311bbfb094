import { proxyActivities } from '@temporalio/workflow';
import type { EmbedActivities, EmbedJob } from './activity-api.js';

const embedActivities = (taskQueue: string) => proxyActivities<EmbedActivities>({
  taskQueue,
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: ['CheckpointCorruptError', 'EmbeddingSetError', 'PretrainInputError'] },
});

/** Embeds every architecture of a space with a checkpoint: one activity per slice, then one set. */
export async function embedWorkflow(job: EmbedJob, taskQueue = 'a2v-embed'): Promise<{ embeddingsUri: string; count: number; sha256: string }> {
  const embedWork = embedActivities(taskQueue);
  await Promise.all(Array.from({ length: job.shards }, (_, shard) => embedWork.embedShard({ job, shard })));
  return embedWork.assembleEmbeddings({ job });
}
