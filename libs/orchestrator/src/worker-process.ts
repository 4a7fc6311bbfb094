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

/** Serves the given queues until SIGINT/SIGTERM (the SDK drains in-flight tasks on shutdown). */
export async function runWorkerProcess(queues: QueueName[], concurrency: number): Promise<void> {
  const config = loadConfig();
  const served: QueueName[] = queues.filter((q) => q !== 'pretrain' && q !== 'embed');
  const skipped = queues.filter((q) => !served.includes(q));
  if (skipped.length) process.stderr.write(`note: queues ${skipped.join(', ')} have no activities yet (pre-training lands with the model lib); not polled\n`);
  if (served.length === 0) throw new WorkerOptionsError('--queues: nothing to serve');
  queues = served;
  const workers = await Promise.all(queues.map((q) => startA2vWorker({
    address: temporalAddress(config),
    namespace: config.temporal.namespace,
    taskQueue: TASK_QUEUES[q],
    databaseUrl: databaseUrl(config),
    maxConcurrentActivities: concurrency,
  })));
  process.stderr.write(`worker serving ${queues.join(', ')} on ${temporalAddress(config)} namespace ${config.temporal.namespace} (Ctrl-C to stop)\n`);
  await Promise.all(workers.map((w) => w.done));
}
