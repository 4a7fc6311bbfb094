/**
 * Speed of the results views (prisma/migrations/*_results_views) on a generated ledger of about a
 * million queries: one paper-scale sweep (2 methods × 500 seeds × 1,000 queries = 1,000,000) plus a
 * small one (2 × 10 × 100), so the per-sweep figures also show that a filter on sweep_id reads only
 * that sweep's part of the ledger. Run: `npx tsx tools/bench/results.bench.ts`.
 *
 * Uses a fresh database on DATABASE_URL's server when set (the role needs CREATEDB), else starts a
 * throw-away embedded PostgreSQL. Rows are generated in SQL with triggers off (session_replication_role
 * = replica, superuser only): the charge trigger would take minutes for 1M rows and is not what is
 * measured; cumulative_cost and the run counters are filled in as the trigger would.
 */
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateDeploy } from '@a2v/db';
import { embeddedUrl, startEmbeddedPostgres, stopEmbeddedPostgres } from '@a2v/stack';
import { freePort } from '@a2v/testing';

const BIG = { id: 'bench-big', seeds: 500, queries: 1000 };
const SMALL = { id: 'bench-small', seeds: 10, queries: 100 };
const METHODS = ['random', 'evolution'];
const REPEATS = 3;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function generate(client: pg.Client): Promise<void> {
  await client.query('set session_replication_role = replica');
  await client.query(`insert into architecture (id, space, hash, encoding) select g, 'nb201', 'arch-' || g, '{}' from generate_series(1, 15625) g`);
  for (const sweep of [BIG, SMALL]) {
    await client.query(`insert into sweep (id, spec, status) values ($1, '{}', 'COMPLETED')`, [sweep.id]);
    await client.query(
      `insert into search_run (id, sweep_id, space, benchmark, method, seed, budget_kind, budget_limit, status)
       select $1 || '.' || m || '.s' || s, $1, 'nb201', 'nb201-bench', m, s, 'QUERIES', $2, 'COMPLETED'
       from unnest($3::text[]) m, generate_series(1, $4) s`,
      [sweep.id, sweep.queries, METHODS, sweep.seeds],
    );
    // Accuracies below the optimum used in the summaries (0.95 / 0.945); seeded for repeatable figures.
    await client.query('select setseed(0.42)');
    await client.query(
      `insert into query (run_id, query_index, architecture_id, metrics, simulated_cost, charged, cumulative_cost)
       select r.id, i, (r.seed * 7919 + i) % 15625 + 1,
              jsonb_build_object('validationAccuracy', v, 'testAccuracy', v - 0.005 + random() * 0.01, 'trainingSeconds', t),
              t, 1, i + 1
       from search_run r, generate_series(0, $2 - 1) i,
            lateral (select 0.5 + random() * 0.44 + 0 * i as v, 500 + random() * 3000 as t) x -- correlated, so drawn per row
       where r.sweep_id = $1`,
      [sweep.id, sweep.queries],
    );
  }
  await client.query(`update search_run r set query_count = c.n, budget_charged = c.n from (select run_id, count(*)::int n from query group by run_id) c where c.run_id = r.id`);
  await client.query('set session_replication_role = origin');
  await client.query('vacuum analyze');
}

/** The summaries the search runner writes when a run completes (optimum 0.95 / 0.945), from the ledger. */
async function summarise(client: pg.Client): Promise<void> {
  await client.query('set session_replication_role = replica');
  await client.query(
    `update search_run r set summary = jsonb_build_object(
        'queries', r.query_count, 'simulatedSeconds', s.simulated_seconds,
        'best', jsonb_build_object('key', s.best_key, 'validationAccuracy', s.best_validation, 'testAccuracy', s.best_test),
        'regret', jsonb_build_object('validation', 0.95 - s.best_validation, 'test', 0.945 - s.best_test))
     from (select run_id, best_key, simulated_seconds, best_validation, best_test from results_run_summary) s where s.run_id = r.id`,
  );
  await client.query('set session_replication_role = origin');
  await client.query('vacuum analyze search_run');
}

async function time(client: pg.Client, sql: string, params: unknown[] = []): Promise<{ millis: number; rows: number }> {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    rows = (await client.query(sql, params)).rowCount ?? 0;
    samples.push(performance.now() - started);
  }
  return { millis: samples.sort((a, b) => a - b)[Math.floor(REPEATS / 2)], rows };
}

async function report(client: pg.Client, cases: Array<[string, string, unknown[]]>): Promise<void> {
  for (const [name, sql, params] of cases) {
    const { millis, rows } = await time(client, sql, params);
    console.log(`${name.padEnd(52)} ${millis.toFixed(0).padStart(7)} ms  (${rows} rows)`);
  }
}

async function measure(client: pg.Client): Promise<void> {
  const total = (await client.query('select count(*)::int n from query')).rows[0].n;
  console.log(`ledger: ${total.toLocaleString('en')} queries in ${BIG.seeds * 2 + SMALL.seeds * 2} runs; median of ${REPEATS}`);
  console.log('-- no run summarised yet (as while a sweep runs): summaries are aggregated from the ledger');
  await report(client, [
    ['run summary, big sweep (1,000 runs)', 'select * from results_run_summary where sweep_id = $1', [BIG.id]],
    ['method summary, big sweep', 'select * from results_method_summary where sweep_id = $1', [BIG.id]],
  ]);
  await summarise(client);
  console.log('-- every run completed and summarised');
  const cases: Array<[string, string, unknown[]]> = [
    ['run summary, big sweep (1,000 runs)', 'select * from results_run_summary where sweep_id = $1', [BIG.id]],
    ['method summary, big sweep', 'select * from results_method_summary where sweep_id = $1', [BIG.id]],
    ['regret CDF, big sweep', 'select * from results_regret_cdf where sweep_id = $1', [BIG.id]],
    ['method curves, big sweep (2 × 1,000 points)', 'select * from results_method_curve where sweep_id = $1 order by method, query_index', [BIG.id]],
    ['run curves, big sweep (all 1,000,000 points)', 'select * from results_run_curve where sweep_id = $1', [BIG.id]],
    ['run curve, one run', 'select * from results_run_curve where run_id = $1 order by query_index', [`${BIG.id}.random.s7`]],
    ['method summary, small sweep', 'select * from results_method_summary where sweep_id = $1', [SMALL.id]],
    ['method curves, small sweep', 'select * from results_method_curve where sweep_id = $1', [SMALL.id]],
    ['benchmark optimum (all runs)', 'select * from results_benchmark_optimum', []],
  ];
  await report(client, cases);
  // The small sweep must not read the big one: the ledger is read run by run through an index on run_id.
  const plan = (await client.query(`explain select * from results_method_curve where sweep_id = $1`, [SMALL.id])).rows.map((r) => r['QUERY PLAN']).join('\n');
  if (/Seq Scan on query/.test(plan) || !/Index Cond: \(run_id = r\.id\)/.test(plan)) throw new Error(`a per-sweep query scans the whole ledger:\n${plan}`);
  console.log('per-sweep plans read the ledger by run_id through an index (no sequential scan of query)');
}

const scratch = mkdtempSync(join(tmpdir(), 'a2v-bench-results-'));
chmodSync(scratch, 0o755); // the postgres user must reach its data dir inside
const stops: Array<() => Promise<unknown>> = [];
try {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const options = {
      dataDir: join(scratch, 'pg'), port: await freePort(), user: 'a2v', password: 'a2v', database: 'a2v',
      logFile: join(scratch, 'postgres.log'), pidFile: join(scratch, 'postgres.pid'), durable: false,
    };
    await startEmbeddedPostgres(options);
    stops.push(() => stopEmbeddedPostgres(options));
    adminUrl = embeddedUrl(options, 'postgres');
  }
  const database = `a2v_bench_results_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  stops.push(async () => {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });
  await migrateDeploy(withDatabase(adminUrl, database));
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
  await client.connect();
  try {
    const started = performance.now();
    await generate(client);
    console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await measure(client);
  } finally {
    await client.end();
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(`cleanup: ${(e as Error).message}`));
  rmSync(scratch, { recursive: true, force: true });
}
