-- Results views (issue 7): what `a2v results`, `a2v report` and psql users read. Views only, so
-- Prisma's schema is unchanged (it does not manage views) and every number is derived from the
-- ledger on read: a sweep still running shows what is recorded so far. See docs/results.md.
--
-- Definitions used throughout:
--   incumbent   the best validation accuracy so far in a run (the earliest query wins ties) and the
--               test accuracy of that same architecture, as in the paper's search scripts;
--   regret      benchmark optimum − incumbent, for validation and for test (a2v_regret below);
--   optimum     what the search runner scored each completed run against (see below).
-- Per-run curves are computed with one LATERAL index scan of query(run_id, query_index) per run, so
-- a filter on sweep_id (or run_id) reads only that sweep's ledger, in index order, with no sort.

-- Regret = optimum − value, never below 0 (an optimum derived from summaries can sit one ulp under a
-- best value), and NULL when either is unknown (greatest() would turn NULL into 0). Inlined by the
-- planner (a plain SQL expression).
CREATE FUNCTION "a2v_regret"("optimum" double precision, "value" double precision) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN "optimum" - "value" < 0 THEN 0 ELSE "optimum" - "value" END;

-- The optimum of each benchmark, as the search runner wrote it into each completed run's summary
-- (best + regret = optimum). The run with the smallest regret supplies it, so the value is exact
-- whenever some run found the optimum. A benchmark with no completed run yet has no row here, and
-- the regret columns below are NULL until one completes (`a2v results` then takes the optimum from
-- @a2v/benchmarks instead).
CREATE VIEW "results_benchmark_optimum" AS
SELECT "benchmark",
       (array_agg(("summary"->'best'->>'validationAccuracy')::float8 + ("summary"->'regret'->>'validation')::float8
                  ORDER BY ("summary"->'regret'->>'validation')::float8))[1] AS "validation_accuracy",
       (array_agg(("summary"->'best'->>'testAccuracy')::float8 + ("summary"->'regret'->>'test')::float8
                  ORDER BY ("summary"->'regret'->>'test')::float8)
          FILTER (WHERE "summary"->'regret' ? 'test' AND "summary"->'best' ? 'testAccuracy'))[1] AS "test_accuracy",
       count(*)::int AS "runs"
  FROM "search_run"
 WHERE "summary"->'regret' ? 'validation' AND "summary"->'best' ? 'validationAccuracy'
 GROUP BY "benchmark";

-- One row per recorded query: the run's incumbent and regret after it, by query index and by cost.
-- The running incumbent is max(ARRAY[validation, −index, test]): arrays compare element by element,
-- so the highest validation wins and, on a tie, the earliest query; the third element carries that
-- query's test accuracy along.
CREATE VIEW "results_run_curve" AS
SELECT r."sweep_id", r."id" AS "run_id", r."benchmark", r."method", r."seed",
       c."query_index", c."query_index" + 1 AS "queries",
       c."validation_accuracy", c."test_accuracy", c."simulated_cost",
       -- running sum of simulated training seconds (0 where the benchmark has no training times)
       c."simulated_seconds",
       -- running total charged to the budget, in the run's budget unit (queries or seconds)
       c."cumulative_cost",
       c."best"[1] AS "incumbent_validation",
       c."best"[3] AS "incumbent_test",
       (-c."best"[2])::int AS "incumbent_query_index",
       a2v_regret(o."validation_accuracy", c."best"[1]) AS "regret_validation",
       a2v_regret(o."test_accuracy", c."best"[3]) AS "regret_test"
  FROM "search_run" r
 CROSS JOIN LATERAL (
        SELECT q."query_index", q."simulated_cost", q."cumulative_cost",
               (q."metrics"->>'validationAccuracy')::float8 AS "validation_accuracy",
               (q."metrics"->>'testAccuracy')::float8 AS "test_accuracy",
               sum(q."simulated_cost") OVER w AS "simulated_seconds",
               max(ARRAY[(q."metrics"->>'validationAccuracy')::float8, -q."query_index"::float8, (q."metrics"->>'testAccuracy')::float8]) OVER w AS "best"
          FROM "query" q
         WHERE q."run_id" = r."id"
        WINDOW w AS (ORDER BY q."query_index" ROWS UNBOUNDED PRECEDING)
       ) c
  LEFT JOIN "results_benchmark_optimum" o ON o."benchmark" = r."benchmark";

-- One row per run (also runs with no query yet): its final incumbent — for a run not COMPLETED, the
-- incumbent so far (`complete` is false) — its regret, queries and simulated cost. A COMPLETED run
-- is read from the summary the search runner wrote with its final state (the same incumbent rule),
-- so a finished sweep costs one row per run, not a scan of its ledger; the others are aggregated
-- from the ledger (the LATERAL scan is skipped for summarised runs).
CREATE VIEW "results_run_summary" AS
SELECT r."sweep_id", r."id" AS "run_id", r."benchmark", r."method", r."seed",
       r."status"::text AS "status", r."status" = 'COMPLETED' AS "complete",
       r."budget_kind"::text AS "budget_kind", r."budget_limit", r."budget_charged" AS "budget_used",
       r."query_count" AS "queries",
       CASE WHEN u."summarised" THEN coalesce((r."summary"->>'simulatedSeconds')::float8, 0) ELSE f."simulated_seconds" END AS "simulated_seconds",
       CASE WHEN u."summarised" THEN (r."summary"->'best'->>'validationAccuracy')::float8 ELSE f."best"[1] END AS "best_validation",
       CASE WHEN u."summarised" THEN (r."summary"->'best'->>'testAccuracy')::float8 ELSE f."best"[3] END AS "best_test",
       CASE WHEN u."summarised" THEN r."summary"->'best'->>'key' ELSE a."hash" END AS "best_key",
       a2v_regret(o."validation_accuracy", CASE WHEN u."summarised" THEN (r."summary"->'best'->>'validationAccuracy')::float8 ELSE f."best"[1] END) AS "regret_validation",
       a2v_regret(o."test_accuracy", CASE WHEN u."summarised" THEN (r."summary"->'best'->>'testAccuracy')::float8 ELSE f."best"[3] END) AS "regret_test"
  FROM "search_run" r
 CROSS JOIN LATERAL (SELECT r."status" = 'COMPLETED' AND coalesce(r."summary"->'best' ? 'validationAccuracy', false) AS "summarised") u
  LEFT JOIN LATERAL (
        SELECT max(ARRAY[(q."metrics"->>'validationAccuracy')::float8, -q."query_index"::float8, (q."metrics"->>'testAccuracy')::float8]) AS "best",
               sum(q."simulated_cost") AS "simulated_seconds"
          FROM "query" q
         WHERE q."run_id" = r."id" AND NOT u."summarised"
       ) f ON true
  LEFT JOIN "query" bq ON bq."run_id" = r."id" AND bq."query_index" = (-f."best"[2])::int
  LEFT JOIN "architecture" a ON a."id" = bq."architecture_id"
  LEFT JOIN "results_benchmark_optimum" o ON o."benchmark" = r."benchmark";

-- Regret curves averaged per method over seeds, by query index (the paper's Fig. 6 averages
-- runtime[i] and regret[i] over runs at each index i, and plots mean regret against mean runtime
-- for the curve by simulated time). `runs` says how many runs reached index i: the paper keeps only
-- the indexes every run reached (runs = the method's run count). The spread of regret over seeds is
-- that of the incumbent (regret = optimum − incumbent), hence std_incumbent_*.
CREATE VIEW "results_method_curve" AS
SELECT "sweep_id", "benchmark", "method", "query_index", "query_index" + 1 AS "queries",
       count(*)::int AS "runs",
       avg("regret_validation") AS "mean_regret_validation",
       avg("regret_test") AS "mean_regret_test",
       avg("incumbent_validation") AS "mean_incumbent_validation",
       stddev_samp("incumbent_validation") AS "std_incumbent_validation",
       avg("incumbent_test") AS "mean_incumbent_test",
       stddev_samp("incumbent_test") AS "std_incumbent_test",
       avg("simulated_seconds") AS "mean_simulated_seconds",
       avg("cumulative_cost") AS "mean_cumulative_cost"
  FROM "results_run_curve"
 GROUP BY "sweep_id", "benchmark", "method", "query_index";

-- Per-method comparison (the paper's Tables 2 and 3): mean ± std and median over the runs that
-- have at least one query; `completed_runs` < `runs` marks a method whose numbers are partial.
CREATE VIEW "results_method_summary" AS
SELECT "sweep_id", "benchmark", "method",
       count(*)::int AS "runs",
       count(*) FILTER (WHERE "complete")::int AS "completed_runs",
       count("best_validation")::int AS "runs_with_queries",
       avg("best_validation") AS "mean_validation",
       stddev_samp("best_validation") AS "std_validation",
       percentile_cont(0.5) WITHIN GROUP (ORDER BY "best_validation") AS "median_validation",
       avg("best_test") AS "mean_test",
       stddev_samp("best_test") AS "std_test",
       percentile_cont(0.5) WITHIN GROUP (ORDER BY "best_test") AS "median_test",
       avg("regret_validation") AS "mean_regret_validation",
       stddev_samp("regret_validation") AS "std_regret_validation",
       percentile_cont(0.5) WITHIN GROUP (ORDER BY "regret_validation") AS "median_regret_validation",
       avg("regret_test") AS "mean_regret_test",
       stddev_samp("regret_test") AS "std_regret_test",
       percentile_cont(0.5) WITHIN GROUP (ORDER BY "regret_test") AS "median_regret_test",
       avg("queries")::float8 AS "mean_queries",
       avg("simulated_seconds") AS "mean_simulated_seconds",
       avg("budget_used") AS "mean_budget_used"
  FROM "results_run_summary"
 GROUP BY "sweep_id", "benchmark", "method";

-- Empirical CDF of final regret per method (the paper's Fig. 6 right): one row per run with at
-- least one query; cdf_* is the share of the method's runs whose regret is ≤ this run's.
CREATE VIEW "results_regret_cdf" AS
SELECT "sweep_id", "benchmark", "method", "seed", "run_id", "complete",
       "regret_validation", "regret_test",
       cume_dist() OVER (PARTITION BY "sweep_id", "benchmark", "method" ORDER BY "regret_validation") AS "cdf_validation",
       CASE WHEN "regret_test" IS NULL THEN NULL
            ELSE cume_dist() OVER (PARTITION BY "sweep_id", "benchmark", "method" ORDER BY "regret_test") END AS "cdf_test"
  FROM "results_run_summary"
 WHERE "best_validation" IS NOT NULL;
