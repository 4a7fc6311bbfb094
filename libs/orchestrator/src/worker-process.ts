import { databaseUrl, loadConfig, TASK_QUEUES, temporalAddress } from '@a2v/config';
import { startA2vWorker } from './worker.js';

export type QueueName = keyof typeof TASK_QUEUES;
export const QUEUE_NAMES = Object.keys(TASK_QUEUES) as QueueName[];

export class WorkerOptionsError extends Error {
  override name = 'WorkerOptionsError';
}

export function parseQueues(list: string): QueueName[] {
  const wanted = list.split(',').map((q) => q.trim()).filter(Boolean);
  const unknown = wanted.filter((q) => !(QUEUE_NAMES as string[]).includes(q));
  if (unknown.length || wanted.length === 0) {
    throw new WorkerOptionsError(`--queues: unknown or empty queue list '${list}' (known: ${QUEUE_NAMES.join(', ')})`);
  }
  return wanted as QueueName[];
}

export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new WorkerOptionsError(`--concurrency: must be a whole number ≥ 1, got '${value}'`);
  return n;
}

/**
 * Serves the given queues until SIGINT/SIGTERM (the SDK drains in-flight tasks on shutdown).
 * `taskQueue` renames the one served queue: a pool of workers (say, one GPU machine) that only the
 * sweeps launched with that queue name reach.
 */
export async function runWorkerProcess(queues: QueueName[], concurrency: number, taskQueue?: string): Promise<void> {
  if (taskQueue !== undefined && (queues.length !== 1 || !/^[A-Za-z0-9._-]{1,200}$/.test(taskQueue))) {
    throw new WorkerOptionsError(`--task-queue: needs exactly one kind in --queues (got ${queues.join(',')}) and a name of A-Z a-z 0-9 . _ - (got '${taskQueue}')`);
  }
  const config = loadConfig();
  const workers = await Promise.all(queues.map((q) => startA2vWorker({
    address: temporalAddress(config),
    namespace: config.temporal.namespace,
    taskQueue: taskQueue ?? TASK_QUEUES[q],
    role: q,
    databaseUrl: databaseUrl(config),
    maxConcurrentActivities: concurrency,
  })));
  process.stderr.write(`worker serving ${taskQueue ? `${queues[0]} on task queue ${taskQueue}` : queues.join(', ')} on ${temporalAddress(config)} namespace ${config.temporal.namespace} (Ctrl-C to stop)\n`);
  await Promise.all(workers.map((w) => w.done));
}
