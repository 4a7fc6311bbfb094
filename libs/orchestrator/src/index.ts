export { bundleWorkflows, startA2vWorker, workflowsEntry, type A2vWorkerOptions, type RunningWorker, type WorkerRole } from './worker.js';
export { connectClient, launchSweep, newSweepId, runRoundTrip, workflowUiUrl } from './client.js';
export { parseConcurrency, parseQueues, runWorkerProcess, QUEUE_NAMES, WorkerOptionsError, type Concurrency, type QueueName } from './worker-process.js';
