import type pg from 'pg';

export interface MethodResult {
  benchmark: string;
  method: string;
  runs: number;
  /** Mean and standard deviation over seeds of the final incumbent's test accuracy (fraction). */
  testMean: number | null;
  testStd: number | null;
  validationMean: number | null;
  /** Mean final validation regret (optimum − incumbent). */
  regretMean: number | null;
  queriesMean: number;
}

/** The paper's Table 3 layout for one sweep: per benchmark and method, over its completed runs. */
export async function sweepResults(pool: pg.Pool, sweepId: string): Promise<MethodResult[]> {
  const { rows } = await pool.query(
    `select benchmark, method, count(*)::int as runs,
            avg((summary->'best'->>'testAccuracy')::float8) as test_mean,
            stddev_samp((summary->'best'->>'testAccuracy')::float8) as test_std,
            avg((summary->'best'->>'validationAccuracy')::float8) as val_mean,
            avg((summary->'regret'->>'validation')::float8) as regret_mean,
            avg(query_count)::float8 as queries_mean
     from search_run where sweep_id = $1 and status = 'COMPLETED' and summary is not null
     group by benchmark, method order by benchmark, test_mean desc nulls last, method`,
    [sweepId],
  );
  return rows.map((r) => ({
    benchmark: r.benchmark, method: r.method, runs: r.runs, testMean: r.test_mean, testStd: r.test_std,
    validationMean: r.val_mean, regretMean: r.regret_mean, queriesMean: r.queries_mean,
  }));
}
