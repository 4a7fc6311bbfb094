// The worker process alone, for machines that only run workers (GPU boxes: --queues pretrain,embed).
import { Command } from 'commander';
import { parseConcurrency, parseQueues, QUEUE_NAMES, runWorkerProcess } from '@a2v/orchestrator';

const program = new Command('a2v-worker')
  .description('a2v Temporal worker; reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and DATABASE_URL')
  .option('--queues <list>', `comma-separated queues: ${QUEUE_NAMES.join(', ')}`, QUEUE_NAMES.join(','))
  .option('--concurrency <n>', 'concurrent activities per queue', '4');
program.parse();
const opts = program.opts<{ queues: string; concurrency: string }>();
try {
  await runWorkerProcess(parseQueues(opts.queues), parseConcurrency(opts.concurrency));
} catch (error) {
  process.stderr.write(`a2v-worker: ${(error as Error).message}\n`);
  process.exit(2);
}
