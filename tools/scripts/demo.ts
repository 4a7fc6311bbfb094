/**
 * `npm run demo`: brings up the local stack (or uses DATABASE_URL / TEMPORAL_ADDRESS), starts
 * workers, launches a real sweep on the vendored NAS-Bench-201 data through Temporal, follows it,
 * and prints the results table from PostgreSQL and the Temporal UI link. The stack stays up
 * afterwards so the UI can be browsed; `npx a2v stack down` stops it.
 */
import { databaseUrl, loadConfig, TASK_QUEUES, temporalAddress, temporalUiUrl } from '@a2v/config';
import { createPool, sweepResults, sweepStatus } from '@a2v/db';
import { connectClient, launchSweep, startA2vWorker, workflowUiUrl } from '@a2v/orchestrator';
import { stackUp } from '@a2v/stack';

process.env.A2V_LOG_LEVEL ??= 'warn'; // the demo prints its own progress
const started = Date.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
const config = loadConfig();

const spec = {
  name: 'demo: NAS-Bench-201 CIFAR-10, 100 queries',
  benchmarks: ['nb201-cifar10'],
  methods: ['random', 'evolution'],
  seeds: { from: 1, to: 10 },
  budget: '100q',
  parallelism: 8,
};

const pct = (x: number | null) => (x === null ? '   -  ' : (x * 100).toFixed(2));

try {
  say('a2v demo: bringing up the stack');
  const stack = await stackUp(config, (line) => say(`  ${line}`));
  say(`  PostgreSQL ${stack.postgres.url}`);
  say(`  Temporal   ${stack.temporal.address} (namespace ${stack.temporal.namespace})`);

  const connection = { address: temporalAddress(config), namespace: config.temporal.namespace, databaseUrl: databaseUrl(config) };
  const workers = [
    await startA2vWorker({ ...connection, taskQueue: TASK_QUEUES.control }),
    await startA2vWorker({ ...connection, taskQueue: TASK_QUEUES.search }),
  ];
  const client = await connectClient(connection.address, connection.namespace);
  const pool = createPool(connection.databaseUrl, 2);
  try {
    const { sweepId, runId } = await launchSweep(client, spec, { taskQueue: TASK_QUEUES.control });
    const ui = temporalUiUrl(config);
    say(`a2v demo: sweep ${sweepId} launched (${spec.methods.join(', ')} × ${spec.seeds.to - spec.seeds.from + 1} seeds, ${spec.budget})`);
    if (ui) say(`  follow it live: ${workflowUiUrl(ui, config.temporal.namespace, sweepId, runId)}`);
    const handle = client.workflow.getHandle(sweepId);
    const result = handle.result();
    for (let finished = false; !finished; ) {
      finished = await Promise.race([result.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
      const status = await sweepStatus(pool, sweepId);
      const runs = status?.methods.reduce((n, m) => n + m.runs, 0) ?? 0;
      const done = status?.methods.reduce((n, m) => n + m.completed, 0) ?? 0;
      const queries = status?.methods.reduce((n, m) => n + m.queries, 0) ?? 0;
      say(`  runs ${done}/${runs}, queries recorded ${queries}`);
    }
    await result;

    say(`\nResults (NAS-Bench-201 CIFAR-10: search on 12-epoch validation, report the incumbent's 200-epoch test accuracy)`);
    say(`${'method'.padEnd(12)} runs   test acc. %        val. regret %   queries`);
    for (const r of await sweepResults(pool, sweepId)) {
      say(`${r.method.padEnd(12)} ${String(r.runs).padStart(4)}   ${pct(r.testMean)} ± ${pct(r.testStd)}     ${pct(r.regretMean)}          ${r.queriesMean.toFixed(0)}`);
    }
    say('(paper, Table 3, 100 seeds: RE 93.84, RS 93.75)');
    if (ui) say(`\nTemporal UI: ${workflowUiUrl(ui, config.temporal.namespace, sweepId, runId)}`);
    say(`Results DB:  psql "${databaseUrl(config)}" -c "select method, seed, query_count, summary->'best' from search_run where sweep_id = '${sweepId}'"`);
  } finally {
    await pool.end();
    await client.connection.close();
    for (const w of workers) await w.shutdown();
  }
  say(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; the stack is still up (stop it with: npx a2v stack down)`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`a2v demo: ${(error as Error).message}\n`);
  process.exit(1);
}
