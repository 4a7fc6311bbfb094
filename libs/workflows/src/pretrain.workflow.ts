import { continueAsNew, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PretrainActivities, PretrainJob, PretrainOutcome, PretrainPlan } from './activity-api.js';

const MODEL_ERRORS = ['ModelConfigError', 'CheckpointMismatchError', 'CheckpointCorruptError', 'NonFiniteLossError', 'PretrainInputError'];

// Shard rounds heartbeat every few steps, so a killed worker's round is re-dispatched within seconds.
const pretrainActivities = (taskQueue: string) => proxyActivities<PretrainActivities>({
  taskQueue,
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: MODEL_ERRORS },
});

export interface PretrainInput {
  job: PretrainJob;
  /** The round this execution starts at (continue-as-new keeps each history bounded). */
  startRound?: number;
  /** Rounds per execution before continuing as new. */
  page?: number;
  /** The pre-training workers' task queue (default a2v-pretrain). */
  taskQueue?: string;
  /** The plan, once made (carried across continue-as-new). */
  plan?: PretrainPlan;
}

export interface PretrainProgress {
  round: number;
  rounds: number;
  meanLoss: number | null;
}

export const pretrainProgressQuery = defineQuery<PretrainProgress>('pretrainProgress');

/**
 * Data-parallel pre-training: every round, one activity per shard trains from the round's global
 * weights; a combining activity averages them into the next round's weights (stored as an artifact:
 * the round's checkpoint). A crash anywhere resumes at the round that was running.
 */
export async function pretrainWorkflow(input: PretrainInput): Promise<PretrainOutcome> {
  const { job } = input;
  const shardWork = pretrainActivities(input.taskQueue ?? 'a2v-pretrain');
  const plan = input.plan ?? (await shardWork.planPretraining(job));
  const progress: PretrainProgress = { round: input.startRound ?? 0, rounds: plan.rounds, meanLoss: null };
  setHandler(pretrainProgressQuery, () => progress);
  const stopAt = Math.min(plan.rounds, progress.round + (input.page ?? 100));
  for (; progress.round < stopAt; progress.round++) {
    const round = progress.round;
    await Promise.all(Array.from({ length: plan.shards }, (_, shard) => shardWork.trainShard({ job, round, shard })));
    progress.meanLoss = (await shardWork.combineRound({ job, round })).meanLoss;
  }
  if (progress.round < plan.rounds) return continueAsNew<typeof pretrainWorkflow>({ ...input, plan, startRound: progress.round });
  return shardWork.finishPretraining({ job, rounds: plan.rounds });
}
