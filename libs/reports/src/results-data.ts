/**
 * Reads one sweep's results from the results views into a SweepResults. Every filter is on
 * sweep_id, which the views push down to the ledger's run_id index (tools/bench/results.bench.ts).
 */
import type pg from 'pg';
import { getBenchmark, UnknownBenchmarkError } from '@a2v/benchmarks';
import type { CurvePoint, MethodCurve, MethodResult, Optimum, RunResult, Stat, SweepInfo, SweepResults } from './results-types.js';
import { UnknownSweepError } from './results-types.js';

export type OptimumLookup = (benchmark: string) => Promise<Omit<Optimum, 'source'> | undefined>;

/** The optimum @a2v/benchmarks knows for a registered benchmark; undefined for any other name. */
export const benchmarkOptimum: OptimumLookup = async (name) => {
  try {
    const { validationAccuracy, testAccuracy } = (await getBenchmark(name)).optimum;
    return testAccuracy === undefined ? { validationAccuracy } : { validationAccuracy, testAccuracy };
  } catch (error) {
    if (error instanceof UnknownBenchmarkError) return undefined;
    throw error;
  }
};

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** optimum − x, never below 0 (the optimum derived from summaries can sit one ulp under a best value). */
export function regretOf(optimum: number | undefined, x: number | null): number | null {
  return optimum === undefined || x === null ? null : Math.max(0, optimum - x);
}

/** The same statistics for regret = optimum − x: the mean and median map through, the spread is unchanged. */
export function regretStat(optimum: number | undefined, s: Stat): Stat {
  return { mean: regretOf(optimum, s.mean), std: optimum === undefined ? null : s.std, median: regretOf(optimum, s.median) };
}

async function readSweep(pool: pg.Pool, sweepId: string): Promise<SweepInfo> {
  const { rows } = await pool.query('select id, name, status::text as status, spec, created_at, finished_at from sweep where id = $1', [sweepId]);
  if (!rows[0]) throw new UnknownSweepError(sweepId);
  const s = rows[0];
  return { id: s.id, name: s.name, status: s.status, spec: s.spec, createdAt: s.created_at, finishedAt: s.finished_at };
}

async function readOptima(pool: pg.Pool, sweepId: string, fallback: OptimumLookup): Promise<Record<string, Optimum | undefined>> {
  const { rows } = await pool.query(
    `select b.benchmark, o.validation_accuracy, o.test_accuracy
       from (select distinct benchmark from search_run where sweep_id = $1) b
       left join results_benchmark_optimum o on o.benchmark = b.benchmark`,
    [sweepId],
  );
  const optimum: Record<string, Optimum | undefined> = {};
  for (const r of rows as Row[]) {
    const benchmark = String(r.benchmark);
    if (r.validation_accuracy !== null) {
      optimum[benchmark] = { validationAccuracy: Number(r.validation_accuracy), source: 'database' };
      if (r.test_accuracy !== null) optimum[benchmark]!.testAccuracy = Number(r.test_accuracy);
    } else {
      const known = await fallback(benchmark);
      optimum[benchmark] = known ? { ...known, source: 'benchmark' } : undefined;
    }
  }
  return optimum;
}

function toRun(r: Row, optimum: Optimum | undefined): RunResult {
  const bestValidation = num(r.best_validation);
  const bestTest = num(r.best_test);
  return {
    runId: String(r.run_id), benchmark: String(r.benchmark), method: String(r.method), seed: Number(r.seed),
    status: String(r.status), complete: Boolean(r.complete), budgetKind: String(r.budget_kind),
    budgetLimit: Number(r.budget_limit), budgetUsed: Number(r.budget_used), queries: Number(r.queries),
    simulatedSeconds: num(r.simulated_seconds), bestValidation, bestTest, bestKey: (r.best_key as string | null) ?? null,
    regretValidation: regretOf(optimum?.validationAccuracy, bestValidation),
    regretTest: regretOf(optimum?.testAccuracy, bestTest),
  };
}

function toMethod(r: Row, optimum: Optimum | undefined): MethodResult {
  const stat = (name: string): Stat => ({ mean: num(r[`mean_${name}`]), std: num(r[`std_${name}`]), median: num(r[`median_${name}`]) });
  const validation = stat('validation');
  const test = stat('test');
  return {
    benchmark: String(r.benchmark), method: String(r.method), runs: Number(r.runs), completedRuns: Number(r.completed_runs),
    runsWithQueries: Number(r.runs_with_queries), validation, test,
    regretValidation: regretStat(optimum?.validationAccuracy, validation),
    regretTest: regretStat(optimum?.testAccuracy, test),
    meanQueries: Number(r.mean_queries), meanSimulatedSeconds: num(r.mean_simulated_seconds), meanBudgetUsed: num(r.mean_budget_used),
  };
}

function toPoint(r: Row, optimum: Optimum | undefined): CurvePoint {
  const hasTest = optimum?.testAccuracy !== undefined && r.mean_incumbent_test !== null;
  return {
    queryIndex: Number(r.query_index), queries: Number(r.queries), runs: Number(r.runs),
    meanSimulatedSeconds: Number(r.mean_simulated_seconds), meanCumulativeCost: Number(r.mean_cumulative_cost),
    meanRegretValidation: regretOf(optimum?.validationAccuracy, num(r.mean_incumbent_validation)),
    stdRegretValidation: optimum ? num(r.std_incumbent_validation) : null,
    meanRegretTest: hasTest ? regretOf(optimum?.testAccuracy, num(r.mean_incumbent_test)) : null,
    stdRegretTest: hasTest ? num(r.std_incumbent_test) : null,
  };
}

export interface LoadOptions {
  /** Supplies the optimum of a benchmark none of whose runs has completed yet (default: @a2v/benchmarks). */
  optimumOf?: OptimumLookup;
  /** Read the mean curves (default true). They scan the sweep's whole ledger; the tables need only one row per run. */
  curves?: boolean;
}

/** The sweep's runs, per-method comparison and mean curves. Throws UnknownSweepError for an unknown id. */
export async function loadSweepResults(pool: pg.Pool, sweepId: string, options: LoadOptions = {}): Promise<SweepResults> {
  const sweep = await readSweep(pool, sweepId);
  const optimum = await readOptima(pool, sweepId, options.optimumOf ?? benchmarkOptimum);
  const [runs, methods, curves] = await Promise.all([
    pool.query('select * from results_run_summary where sweep_id = $1 order by benchmark, method, seed', [sweepId]),
    pool.query('select * from results_method_summary where sweep_id = $1 order by benchmark, method', [sweepId]),
    options.curves === false ? { rows: [] } : pool.query('select * from results_method_curve where sweep_id = $1 order by benchmark, method, query_index', [sweepId]),
  ]);
  const byMethod = new Map<string, MethodCurve>();
  for (const r of curves.rows as Row[]) {
    const key = `${r.benchmark}\u0000${r.method}`;
    if (!byMethod.has(key)) byMethod.set(key, { benchmark: String(r.benchmark), method: String(r.method), points: [] });
    byMethod.get(key)!.points.push(toPoint(r, optimum[String(r.benchmark)]));
  }
  const runResults = (runs.rows as Row[]).map((r) => toRun(r, optimum[String(r.benchmark)]));
  return {
    sweep, optimum,
    partial: sweep.status !== 'COMPLETED' || runResults.some((r) => !r.complete),
    runs: runResults,
    methods: (methods.rows as Row[]).map((r) => toMethod(r, optimum[String(r.benchmark)])),
    curves: [...byMethod.values()],
  };
}
