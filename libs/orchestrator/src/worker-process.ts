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

/** Concurrent activities: one number for every queue, or per queue as `search=8,pretrain=1` (others 1). */
export type Concurrency = number | Partial<Record<QueueName, number>>;

export function parseConcurrency(value: string): Concurrency {
  const count = (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new WorkerOptionsError(`--concurrency: must be a whole number ≥ 1 or queue=n pairs such as search=8,pretrain=1, got '${value}'`);
    return n;
  };
  if (!value.includes('=')) return count(value);
  const perQueue: Partial<Record<QueueName, number>> = {};
  for (const pair of value.split(',')) {
    const [queue, n] = pair.split('=').map((t) => t.trim());
    perQueue[parseQueues(queue)[0]] = count(n ?? '');
  }
  return perQueue;
}

function concurrencyOf(concurrency: Concurrency, queue: QueueName): number {
  return typeof concurrency === 'number' ? concurrency : (concurrency[queue] ?? 1);
}

/**
 * Serves the given queues until SIGINT/SIGTERM (the SDK drains in-flight tasks on shutdown).
 * `taskQueue` renames the one served queue: a pool of workers (say, one GPU machine) that only the
 * sweeps launched with that queue name reach.
 */
export async function runWorkerProcess(queues: QueueName[], concurrency: Concurrency, taskQueue?: string): Promise<void> {
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
    maxConcurrentActivities: concurrencyOf(concurrency, q),
  })));
  process.stderr.write(`worker serving ${taskQueue ? `${queues[0]} on task queue ${taskQueue}` : queues.join(', ')} on ${temporalAddress(config)} namespace ${config.temporal.namespace} (Ctrl-C to stop)\n`);
  await Promise.all(workers.map((w) => w.done));
}
