/**
 * `a2v results <sweep> --curves`: the regret curves as tidy rows — each method's mean over seeds
 * (level 'method') and every run's own curve (level 'run') — by query index, simulated seconds and
 * budget used, as CSV or JSON.
 */
import type pg from 'pg';
import { csvCell } from './results-table.js';
import { regretOf } from './results-data.js';
import type { SweepResults } from './results-types.js';

export interface RunCurvePoint {
  runId: string;
  benchmark: string;
  method: string;
  seed: number;
  queryIndex: number;
  simulatedSeconds: number;
  cumulativeCost: number;
  incumbentValidation: number;
  incumbentTest: number | null;
}

/** Every recorded query of the sweep, with the run's incumbent after it (results_run_curve). */
export async function loadRunCurves(pool: pg.Pool, sweepId: string): Promise<RunCurvePoint[]> {
  const { rows } = await pool.query(
    `select run_id, benchmark, method, seed, query_index, simulated_seconds, cumulative_cost, incumbent_validation, incumbent_test
       from results_run_curve where sweep_id = $1 order by benchmark, method, seed, query_index`,
    [sweepId],
  );
  return rows.map((r) => ({
    runId: r.run_id, benchmark: r.benchmark, method: r.method, seed: r.seed, queryIndex: r.query_index,
    simulatedSeconds: Number(r.simulated_seconds), cumulativeCost: Number(r.cumulative_cost),
    incumbentValidation: Number(r.incumbent_validation), incumbentTest: r.incumbent_test === null ? null : Number(r.incumbent_test),
  }));
}

export const CURVES_CSV_HEADER = [
  'level', 'benchmark', 'method', 'seed', 'run_id', 'runs', 'query_index', 'queries', 'simulated_seconds', 'cumulative_cost',
  'regret_validation', 'std_regret_validation', 'regret_test', 'std_regret_test',
];

export function formatCurvesCsv(results: SweepResults, runPoints: RunCurvePoint[]): string {
  const lines = [CURVES_CSV_HEADER.join(',')];
  for (const curve of results.curves) {
    for (const p of curve.points) {
      lines.push(['method', curve.benchmark, curve.method, '', '', p.runs, p.queryIndex, p.queries, p.meanSimulatedSeconds, p.meanCumulativeCost,
        p.meanRegretValidation, p.stdRegretValidation, p.meanRegretTest, p.stdRegretTest].map(csvCell).join(','));
    }
  }
  for (const p of runPoints) {
    const optimum = results.optimum[p.benchmark];
    lines.push(['run', p.benchmark, p.method, p.seed, p.runId, 1, p.queryIndex, p.queryIndex + 1, p.simulatedSeconds, p.cumulativeCost,
      regretOf(optimum?.validationAccuracy, p.incumbentValidation), '', regretOf(optimum?.testAccuracy, p.incumbentTest), ''].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function curvesJson(results: SweepResults, runPoints: RunCurvePoint[]): unknown {
  const runs = new Map<string, { runId: string; benchmark: string; method: string; seed: number; points: unknown[] }>();
  for (const p of runPoints) {
    if (!runs.has(p.runId)) runs.set(p.runId, { runId: p.runId, benchmark: p.benchmark, method: p.method, seed: p.seed, points: [] });
    const optimum = results.optimum[p.benchmark];
    runs.get(p.runId)!.points.push({
      queryIndex: p.queryIndex, simulatedSeconds: p.simulatedSeconds, cumulativeCost: p.cumulativeCost,
      regretValidation: regretOf(optimum?.validationAccuracy, p.incumbentValidation), regretTest: regretOf(optimum?.testAccuracy, p.incumbentTest),
    });
  }
  return { sweepId: results.sweep.id, status: results.sweep.status, partial: results.partial, optimum: results.optimum, methods: results.curves, runs: [...runs.values()] };
}
