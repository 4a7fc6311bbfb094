/**
 * Scale of the orchestrator: a sweep of A2V_BENCH_SEEDS seeds (default 100) × random + evolution on
 * NAS-Bench-201 CIFAR-10 at 100 queries, through a real Temporal dev server and PostgreSQL (started
 * here), with one control worker and A2V_BENCH_WORKERS search worker processes (default 2).
 * Prints wall time, sustained recorded queries/s, Temporal history sizes, and the ledger's write
 * rate per slice of 10,000 rows (flat = no slowdown as the ledger grows).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot } from '@a2v/config';
import { createPool } from '@a2v/db';
import { bundleWorkflows, connectClient, launchSweep, startA2vWorker } from '@a2v/orchestrator';
import { withTestStack } from '../test/test-stack.js';

const seeds = Number(process.env.A2V_BENCH_SEEDS ?? 100);
const searchWorkers = Number(process.env.A2V_BENCH_WORKERS ?? 2);
const root = findRepoRoot();

await withTestStack(async (env) => {
  Object.assign(process.env, env);
  const { createTestDatabase } = await import('@a2v/testing');
  const db = await createTestDatabase();
  const pool = createPool(db.url, 2);
  const control = await startA2vWorker({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: 'bench-control', databaseUrl: db.url, workflowBundle: await bundleWorkflows() });
  const processes = Array.from({ length: searchWorkers }, () =>
    spawn(join(root, 'node_modules/.bin/a2v'), ['worker', '--queues', 'search', '--concurrency', '8'], {
      env: { ...process.env, DATABASE_URL: db.url, A2V_LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    }),
  );
  const client = await connectClient(env.TEMPORAL_ADDRESS, env.TEMPORAL_NAMESPACE);
  try {
    const spec = { benchmarks: ['nb201-cifar10'], methods: ['random', 'evolution'], seeds: { from: 1, to: seeds }, budget: '100q', parallelism: 16 };
    const started = performance.now();
    const { sweepId } = await launchSweep(client, spec, { taskQueue: 'bench-control' });
    await client.workflow.getHandle(sweepId).result();
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await pool.query(`select count(*)::int as n from query q join search_run r on r.id = q.run_id where r.sweep_id = $1`, [sweepId]);
    const queries = rows[0].n;
    console.log(`sweep: ${seeds} seeds × 2 methods × 100 queries on ${searchWorkers} search workers`);
    console.log(`  recorded queries: ${queries} (expected ${seeds * 2 * 100})`);
    console.log(`  wall time: ${seconds.toFixed(1)} s; sustained ${(queries / seconds).toFixed(0)} recorded queries/s (goal ≥ 500/s)`);

    let executions = 0;
    let maxSweepHistory = 0;
    let maxRunHistory = 0;
    for await (const w of client.workflow.list({ query: `A2vSweepId = '${sweepId}'` })) {
      executions += 1;
      if (w.type === 'sweepWorkflow') maxSweepHistory = Math.max(maxSweepHistory, w.historyLength);
      else maxRunHistory = Math.max(maxRunHistory, w.historyLength);
    }
    console.log(`  Temporal: ${executions} executions; largest sweep history ${maxSweepHistory} events (continue-as-new every 200 runs); largest run history ${maxRunHistory} events`);

    const slices = await pool.query(
      `with ordered as (select recorded_at, row_number() over (order by recorded_at, id) - 1 as i from query)
       select (i / 10000)::int as slice, count(*)::int as n, extract(epoch from max(recorded_at) - min(recorded_at)) as span
       from ordered group by 1 order by 1`,
    );
    const rates = slices.rows.filter((r) => r.n === 10000 && r.span > 0).map((r) => Math.round(r.n / r.span));
    console.log(`  ledger write rate per 10k rows (queries/s): ${rates.join(', ') || 'n/a (fewer than 10k rows)'}`);
  } finally {
    for (const p of processes) p.kill('SIGTERM');
    await client.connection.close();
    await control.shutdown();
    await pool.end();
    await db.drop();
  }
});
