/**
 * `npm run demo`: brings up the local stack (or uses DATABASE_URL / TEMPORAL_ADDRESS), starts a worker,
 * runs a real workflow through it that writes and reads a Sweep row in PostgreSQL, and prints the
 * result and the Temporal UI link. The stack stays up afterwards so the UI can be browsed;
 * `npx a2v stack down` stops it.
 */
import { databaseUrl, loadConfig, TASK_QUEUES, temporalAddress, temporalUiUrl } from '@a2v/config';
import { connectClient, runRoundTrip, startA2vWorker, workflowUiUrl } from '@a2v/orchestrator';
import { stackUp } from '@a2v/stack';

process.env.A2V_LOG_LEVEL ??= 'warn'; // the demo prints its own progress
const started = Date.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
const config = loadConfig();

try {
  say('a2v demo: bringing up the stack');
  const stack = await stackUp(config, (line) => say(`  ${line}`));
  say(`  PostgreSQL ${stack.postgres.url}`);
  say(`  Temporal   ${stack.temporal.address} (namespace ${stack.temporal.namespace})`);

  say('a2v demo: starting a worker and running the round-trip workflow');
  const worker = await startA2vWorker({
    address: temporalAddress(config),
    namespace: config.temporal.namespace,
    taskQueue: TASK_QUEUES.control,
    databaseUrl: databaseUrl(config),
  });
  const client = await connectClient(temporalAddress(config), config.temporal.namespace);
  try {
    const { result, workflowId, runId } = await runRoundTrip(client, TASK_QUEUES.control);
    say(`  workflow ${workflowId} finished: Sweep row ${result.sweepId} is ${result.status} (created ${result.createdAt})`);
    const ui = temporalUiUrl(config);
    if (ui) say(`\nTemporal UI: ${workflowUiUrl(ui, config.temporal.namespace, workflowId, runId)}`);
    say(`Results DB:  psql "${databaseUrl(config)}" -c 'select id, status, created_at, finished_at from sweep order by created_at desc limit 5'`);
  } finally {
    await client.connection.close();
    await worker.shutdown();
  }
  say(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; the stack is still up (stop it with: npx a2v stack down)`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`a2v demo: ${(error as Error).message}\n`);
  process.exit(1);
}
