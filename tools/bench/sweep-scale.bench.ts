/**
 * Scale of the orchestrator: a sweep of A2V_BENCH_SEEDS seeds (default 100) × A2V_BENCH_METHODS
 * (default random,evolution; the issue's full run is 500 seeds × random,evolution,arch2vec-rl,arch2vec-bo)
 * on NAS-Bench-201 CIFAR-10 at 100 queries, through a real Temporal dev server and PostgreSQL (started
 * here), with one control worker and A2V_BENCH_WORKERS worker processes (default 2). arch2vec methods
 * search A2V_BENCH_EMBEDDINGS (an embedding-set file) or, without it, a 1-epoch 2-shard pre-training.
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
const methods = (process.env.A2V_BENCH_METHODS ?? 'random,evolution').split(',');
const embeddingsFile = process.env.A2V_BENCH_EMBEDDINGS;
const root = findRepoRoot();

await withTestStack(async (env) => {
  Object.assign(process.env, env);
  const { createTestDatabase } = await import('@a2v/testing');
  const db = await createTestDatabase();
  const pool = createPool(db.url, 2);
  const control = await startA2vWorker({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: 'bench-control', databaseUrl: db.url, workflowBundle: await bundleWorkflows() });
  const processes = Array.from({ length: searchWorkers }, () =>
    spawn(join(root, 'node_modules/.bin/a2v'), ['worker', '--queues', 'pretrain,embed,search', '--concurrency', 'pretrain=1,embed=1,search=8'], {
      env: { ...process.env, DATABASE_URL: db.url, A2V_LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    }),
  );
  const client = await connectClient(env.TEMPORAL_ADDRESS, env.TEMPORAL_NAMESPACE);
  try {
    const representation = embeddingsFile ? { embeddings: embeddingsFile } : { pretrain: { epochs: 1, shards: 2 } };
    const spec = { benchmarks: ['nb201-cifar10'], methods, seeds: { from: 1, to: seeds }, budget: '100q', parallelism: Number(process.env.A2V_BENCH_PARALLELISM ?? 16), ...representation };
    const started = performance.now();
    const { sweepId } = await launchSweep(client, spec, { taskQueue: 'bench-control' });
    await client.workflow.getHandle(sweepId).result();
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await pool.query(`select count(*)::int as n from query q join search_run r on r.id = q.run_id where r.sweep_id = $1`, [sweepId]);
    const queries = rows[0].n;
    console.log(`sweep: ${seeds} seeds × ${methods.join(', ')} × 100 queries on ${searchWorkers} worker processes`);
    console.log(`  recorded queries: ${queries} (expected ${seeds * methods.length * 100})`);
    const perMethod = await pool.query(
      `select method, round(avg(span)::numeric, 2) as seconds from (
         select r.method, extract(epoch from max(q.recorded_at) - min(q.recorded_at)) as span
         from search_run r join query q on q.run_id = r.id where r.sweep_id = $1 group by r.id, r.method) runs
       group by 1 order by 1`,
      [sweepId],
    );
    console.log(`  mean run span (s, first → last recorded query): ${perMethod.rows.map((r) => `${r.method} ${r.seconds}`).join(', ')}`);
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
