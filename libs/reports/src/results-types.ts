/**
 * What a sweep's results are made of, as read from the results views (see
 * prisma/migrations/*_results_views and libs/reports/RESULTS.md). Accuracies and regrets are fractions 0..1.
 * Regrets are computed here from the incumbents and the benchmark optimum (regret = optimum −
 * incumbent is affine, so every statistic transforms exactly), which lets a sweep whose benchmark
 * has no completed run yet still show regrets, using @a2v/benchmarks' optimum.
 */

export interface Optimum {
  validationAccuracy: number;
  testAccuracy?: number;
  /** 'database': from completed runs' summaries; 'benchmark': from @a2v/benchmarks. */
  source: 'database' | 'benchmark';
}

export interface SweepInfo {
  id: string;
  name: string | null;
  status: string;
  spec: unknown;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface RunResult {
  runId: string;
  benchmark: string;
  method: string;
  seed: number;
  status: string;
  complete: boolean;
  budgetKind: string;
  budgetLimit: number;
  budgetUsed: number;
  queries: number;
  simulatedSeconds: number | null;
  bestValidation: number | null;
  bestTest: number | null;
  bestKey: string | null;
  regretValidation: number | null;
  regretTest: number | null;
}

/** Mean, sample standard deviation and median over runs; null where no run has the value. */
export interface Stat {
  mean: number | null;
  std: number | null;
  median: number | null;
}

export interface MethodResult {
  benchmark: string;
  method: string;
  runs: number;
  completedRuns: number;
  runsWithQueries: number;
  validation: Stat;
  test: Stat;
  regretValidation: Stat;
  regretTest: Stat;
  meanQueries: number;
  meanSimulatedSeconds: number | null;
  meanBudgetUsed: number | null;
}

/** One point of a method's curve averaged over seeds at one query index. */
export interface CurvePoint {
  queryIndex: number;
  queries: number;
  /** How many runs reached this index (the paper keeps indexes every run reached). */
  runs: number;
  meanSimulatedSeconds: number;
  meanCumulativeCost: number;
  meanRegretValidation: number | null;
  stdRegretValidation: number | null;
  meanRegretTest: number | null;
  stdRegretTest: number | null;
}

export interface MethodCurve {
  benchmark: string;
  method: string;
  points: CurvePoint[];
}

export interface SweepResults {
  sweep: SweepInfo;
  /** Runs not yet COMPLETED are reported at their incumbent so far. */
  partial: boolean;
  optimum: Record<string, Optimum | undefined>;
  runs: RunResult[];
  methods: MethodResult[];
  curves: MethodCurve[];
}

export class UnknownSweepError extends Error {
  override name = 'UnknownSweepError';
  constructor(readonly sweepId: string) {
    super(`no sweep '${sweepId}' in the results database (see: a2v sweep list)`);
  }
}
