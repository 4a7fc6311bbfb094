import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPool } from '@a2v/db';
import { createTestDatabase, type TestDatabase } from '@a2v/testing';
import { buildReport, writeReport } from './report.js';
import { loadSweepResults, type OptimumLookup } from './results-data.js';
import { UnknownSweepError } from './results-types.js';
import { checkReportInBrowser, chromiumSkip } from './test-support/browser.js';
import { archKey, runId, SEED_RUNS, seedLedger } from './test-support/seed-ledger.js';

let db: TestDatabase;
let pool: ReturnType<typeof createPool>;
const [randomS1, randomS2, evolutionS1, evolutionS2] = SEED_RUNS.map(runId);
const noFallback: OptimumLookup = async () => undefined;

before(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 4);
  await seedLedger(pool);
});
after(async () => {
  await pool?.end();
  await db?.drop();
});

const rows = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;

describe('results views on a seeded ledger (see test-support/seed-ledger.ts for the numbers)', () => {
  test('results_benchmark_optimum: best + regret of the completed runs, per benchmark', async () => {
    assert.deepEqual(await rows('select * from results_benchmark_optimum order by benchmark'), [
      { benchmark: 'nb201-cifar10', validation_accuracy: 0.9375, test_accuracy: 0.96875, runs: 2 },
      { benchmark: 'other-bench', validation_accuracy: 0.5, test_accuracy: 0.5, runs: 1 },
    ]);
  });

  test('results_run_curve: incumbent (earliest wins a tie, its test carried along), regret and costs per query', async () => {
    const curve = await rows(`select query_index, queries, incumbent_validation, incumbent_test, incumbent_query_index, regret_validation, regret_test,
                                     simulated_seconds, cumulative_cost from results_run_curve where run_id = $1 order by query_index`, [randomS1]);
    assert.deepEqual(curve.map((r) => Object.values(r)), [
      [0, 1, 0.75, 0.8125, 0, 0.1875, 0.15625, 10, 1],
      [1, 2, 0.875, 0.90625, 1, 0.0625, 0.0625, 30, 2],
      [2, 3, 0.875, 0.90625, 1, 0.0625, 0.0625, 35, 3],
      [3, 4, 0.875, 0.90625, 1, 0.0625, 0.0625, 36, 4],
    ]);
    const sweep = await rows(`select run_id, count(*)::int as n from results_run_curve where sweep_id = 'S1' group by run_id order by run_id`);
    assert.deepEqual(sweep, [{ run_id: evolutionS1, n: 2 }, { run_id: randomS1, n: 4 }, { run_id: randomS2, n: 2 }]);
  });

  test('results_run_summary: completed runs from their summary, the others from the ledger, and both agree', async () => {
    const summary = await rows(`select run_id, status, complete, queries, simulated_seconds, best_validation, best_test, best_key, regret_validation, regret_test
                                  from results_run_summary where sweep_id = 'S1' order by method desc, seed`);
    assert.deepEqual(summary.map((r) => Object.values(r)), [
      [randomS1, 'COMPLETED', true, 4, 36, 0.875, 0.90625, archKey(SEED_RUNS[0], 1), 0.0625, 0.0625],
      [randomS2, 'COMPLETED', true, 2, 16, 0.9375, 0.9375, archKey(SEED_RUNS[1], 0), 0, 0.03125],
      [evolutionS1, 'RUNNING', false, 2, 8, 0.8125, 0.875, archKey(SEED_RUNS[2], 1), 0.125, 0.09375],
      [evolutionS2, 'PENDING', false, 0, null, null, null, null, null, null],
    ]);
    // The ledger's last curve point of a summarised run gives the same incumbent as its summary.
    const last = await rows(`select distinct on (run_id) run_id, incumbent_validation, incumbent_test, simulated_seconds from results_run_curve
                              where sweep_id = 'S1' order by run_id, query_index desc`);
    for (const point of last) {
      const s = summary.find((r) => r.run_id === point.run_id)!;
      assert.deepEqual([point.incumbent_validation, point.incumbent_test, point.simulated_seconds], [s.best_validation, s.best_test, s.simulated_seconds]);
    }
  });

  test('results_method_summary: mean ± std, median over runs with queries; completed_runs marks partial methods', async () => {
    const [evolution, random] = await rows(`select * from results_method_summary where sweep_id = 'S1' order by method`);
    assert.equal(random.runs, 2);
    assert.equal(random.completed_runs, 2);
    assert.equal(random.mean_validation, 0.90625);
    assert.ok(Math.abs(random.std_validation - 0.0625 / Math.SQRT2) < 1e-15);
    assert.equal(random.median_validation, 0.90625);
    assert.equal(random.mean_test, 0.921875);
    assert.equal(random.mean_regret_validation, 0.03125);
    assert.equal(random.mean_regret_test, 0.046875);
    assert.equal(random.median_regret_test, 0.046875);
    assert.equal(random.mean_queries, 3);
    assert.equal(random.mean_simulated_seconds, 26);
    assert.deepEqual([evolution.runs, evolution.completed_runs, evolution.runs_with_queries, evolution.mean_validation, evolution.std_validation, evolution.mean_queries],
      [2, 0, 1, 0.8125, null, 1]);
  });

  test('results_method_curve: per index over the runs that reached it', async () => {
    const curve = await rows(`select method, query_index, runs, mean_regret_validation, mean_regret_test, mean_incumbent_validation, round(std_incumbent_validation::numeric, 12)::float8 as std, mean_simulated_seconds, mean_cumulative_cost
                                from results_method_curve where sweep_id = 'S1' order by method, query_index`);
    assert.deepEqual(curve.map((r) => Object.values(r)), [
      ['evolution', 0, 1, 0.3125, 0.21875, 0.625, null, 4, 1],
      ['evolution', 1, 1, 0.125, 0.09375, 0.8125, null, 8, 2],
      ['random', 0, 2, 0.09375, 0.09375, 0.84375, Number((0.1875 / Math.SQRT2).toFixed(12)), 9, 1],
      ['random', 1, 2, 0.03125, 0.046875, 0.90625, Number((0.0625 / Math.SQRT2).toFixed(12)), 23, 2],
      ['random', 2, 1, 0.0625, 0.0625, 0.875, null, 35, 3],
      ['random', 3, 1, 0.0625, 0.0625, 0.875, null, 36, 4],
    ]);
  });

  test('results_regret_cdf: share of the method’s runs at or below each run’s final regret', async () => {
    const cdf = await rows(`select run_id, regret_validation, cdf_validation, regret_test, cdf_test from results_regret_cdf where sweep_id = 'S1' order by method, cdf_validation`);
    assert.deepEqual(cdf.map((r) => Object.values(r)), [
      [evolutionS1, 0.125, 1, 0.09375, 1],
      [randomS2, 0, 0.5, 0.03125, 0.5],
      [randomS1, 0.0625, 1, 0.0625, 1],
    ]);
  });
});

describe('loadSweepResults', () => {
  test('reads the views into SweepResults: partial, optimum from the database, regrets from incumbents', async () => {
    const r = await loadSweepResults(pool, 'S1', { optimumOf: noFallback });
    assert.equal(r.partial, true);
    assert.deepEqual(r.optimum, { 'nb201-cifar10': { validationAccuracy: 0.9375, testAccuracy: 0.96875, source: 'database' } });
    const random = r.methods.find((m) => m.method === 'random')!;
    assert.deepEqual(random.regretTest, { mean: 0.046875, std: random.test.std, median: 0.046875 });
    assert.deepEqual(r.runs.map((x) => [x.method, x.seed, x.regretValidation, x.regretTest]),
      [['evolution', 1, 0.125, 0.09375], ['evolution', 2, null, null], ['random', 1, 0.0625, 0.0625], ['random', 2, 0, 0.03125]]);
    assert.deepEqual((await loadSweepResults(pool, 'S1', { optimumOf: noFallback, curves: false })).curves, []);
    const curve = r.curves.find((c) => c.method === 'random')!;
    assert.deepEqual(curve.points.map((p) => [p.queries, p.runs, p.meanRegretValidation, p.meanRegretTest]), [[1, 2, 0.09375, 0.09375], [2, 2, 0.03125, 0.046875], [3, 1, 0.0625, 0.0625], [4, 1, 0.0625, 0.0625]]);
  });

  test('a benchmark with no completed run takes its optimum from the lookup, or has no regret', async () => {
    const withLookup = await loadSweepResults(pool, 'S2', { optimumOf: async (name) => (name === 'nb201-cifar100' ? { validationAccuracy: 0.75, testAccuracy: 0.625 } : undefined) });
    assert.deepEqual(withLookup.optimum['nb201-cifar100'], { validationAccuracy: 0.75, testAccuracy: 0.625, source: 'benchmark' });
    assert.deepEqual([withLookup.runs[0].regretValidation, withLookup.runs[0].regretTest], [0.25, 0.125]);
    assert.equal(withLookup.curves[0].points[0].meanRegretValidation, 0.25);
    const without = await loadSweepResults(pool, 'S2', { optimumOf: noFallback });
    assert.equal(without.optimum['nb201-cifar100'], undefined);
    assert.equal(without.runs[0].regretValidation, null);
    assert.equal(without.methods[0].regretValidation.mean, null);
  });

  test('an unknown sweep id is an UnknownSweepError naming it', async () => {
    await assert.rejects(loadSweepResults(pool, 'nope'), (e: Error) => e instanceof UnknownSweepError && /no sweep 'nope'/.test(e.message));
  });
});

test('the report of the seeded running sweep opens in Chromium with every plot and the partial banner', { skip: chromiumSkip(), timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'a2v-report-itest-'));
  try {
    const input = await buildReport(pool, 'S1', { optimumOf: noFallback });
    assert.deepEqual(input.plots.plots.map((p) => p.id), ['nb201-cifar10-regret-queries', 'nb201-cifar10-regret-seconds', 'nb201-cifar10-regret-cdf']);
    const check = await checkReportInBrowser(writeReport(dir, input)[0]);
    assert.deepEqual([check.consoleErrors, check.pageErrors, check.otherRequests], [[], [], []]);
    assert.deepEqual(check.plots.map((p) => [p.id, p.series]), input.plots.plots.map((p) => [p.id, 'evolution,random']));
    assert.ok(check.plots.every((p) => p.width > 300 && p.height > 200));
    assert.equal(input.provenance.benchmarks[0].info?.dataset, 'CIFAR-10');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
