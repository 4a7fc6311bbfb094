import { Command } from 'commander';
import { parseConcurrency, parseQueues, QUEUE_NAMES, runWorkerProcess } from '@a2v/orchestrator';
import { action } from '../output.js';

export function workerCommand(): Command {
  return new Command('worker')
    .description('run a Temporal worker; on other machines only TEMPORAL_ADDRESS and DATABASE_URL are needed')
    .option('--queues <list>', `comma-separated queues: ${QUEUE_NAMES.join(', ')}`, QUEUE_NAMES.join(','))
    .option('--concurrency <n>', 'concurrent activities per queue: n, or per queue as search=8,pretrain=1 (unnamed queues get 1)', '4')
    .option('--task-queue <name>', 'serve the one kind in --queues on this task queue (a worker pool that sweeps launched with --<kind>-queue <name> use)')
    .action(action(async (opts: { queues: string; concurrency: string; taskQueue?: string }) => {
      await runWorkerProcess(parseQueues(opts.queues), parseConcurrency(opts.concurrency), opts.taskQueue);
    }));
}
