/**
 * A made-up SweepResults for unit tests of tables, plots and the report: two methods × three seeds
 * on nb201-cifar10 (test accuracy, no training times) and on nb101-20k (validation only, simulated
 * seconds), optionally with one run still RUNNING.
 */
import { regretOf, regretStat } from '../results-data.js';
import type { CurvePoint, MethodCurve, MethodResult, Optimum, RunResult, Stat, SweepResults } from '../results-types.js';

const OPTIMUM: Record<string, Optimum> = {
  'nb201-cifar10': { validationAccuracy: 0.85, testAccuracy: 0.945, source: 'database' },
  'nb101-20k': { validationAccuracy: 0.95, source: 'benchmark' },
};

function stat(values: number[]): Stat {
  if (values.length === 0) return { mean: null, std: null, median: null };
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return { mean, std, median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2 };
}

export function sampleResults(options: { running?: boolean; name?: string } = {}): SweepResults {
  const runs: RunResult[] = [];
  const curves: MethodCurve[] = [];
  const methods: MethodResult[] = [];
  for (const benchmark of ['nb201-cifar10', 'nb101-20k']) {
    const optimum = OPTIMUM[benchmark];
    const nb201 = benchmark === 'nb201-cifar10';
    for (const [m, method] of ['evolution', 'random'].entries()) {
      const own: RunResult[] = [];
      for (let seed = 1; seed <= 3; seed++) {
        const running = options.running && nb201 && method === 'random' && seed === 3;
        const bestValidation = optimum.validationAccuracy - 0.002 * (seed + m) + (seed === 1 && m === 0 ? 0.002 : 0);
        const bestTest = nb201 ? optimum.testAccuracy! - 0.003 * seed - 0.002 * m : null;
        const queries = running ? 12 : 20;
        own.push({
          runId: `sweep-test.${benchmark}.${method}.s${seed}`, benchmark, method, seed, status: running ? 'RUNNING' : 'COMPLETED', complete: !running,
          budgetKind: 'QUERIES', budgetLimit: 20, budgetUsed: queries, queries, simulatedSeconds: nb201 ? 0 : queries * 1800,
          bestValidation, bestTest, bestKey: `arch-${seed}-${m}`,
          regretValidation: regretOf(optimum.validationAccuracy, bestValidation), regretTest: regretOf(optimum.testAccuracy, bestTest),
        });
      }
      runs.push(...own);
      const validation = stat(own.map((r) => r.bestValidation!));
      const test = stat(own.flatMap((r) => (r.bestTest === null ? [] : [r.bestTest])));
      methods.push({
        benchmark, method, runs: 3, completedRuns: own.filter((r) => r.complete).length, runsWithQueries: 3, validation, test,
        regretValidation: regretStat(optimum.validationAccuracy, validation), regretTest: regretStat(optimum.testAccuracy, test),
        meanQueries: own.reduce((s, r) => s + r.queries, 0) / 3, meanSimulatedSeconds: nb201 ? 0 : 36_000, meanBudgetUsed: 20,
      });
      const points: CurvePoint[] = Array.from({ length: 20 }, (_, i) => ({
        queryIndex: i, queries: i + 1, runs: options.running && nb201 && method === 'random' && i >= 12 ? 2 : 3,
        meanSimulatedSeconds: nb201 ? 0 : 1800 * (i + 1), meanCumulativeCost: i + 1,
        meanRegretValidation: i === 19 && m === 0 ? 0 : 0.05 / (i + 1 + m), stdRegretValidation: 0.01 / (i + 1),
        meanRegretTest: nb201 ? 0.03 / (i + 1 + m) : null, stdRegretTest: nb201 ? 0.005 / (i + 1) : null,
      }));
      curves.push({ benchmark, method, points });
    }
  }
  return {
    sweep: { id: 'sweep-test', name: options.name ?? 'unit test sweep', status: options.running ? 'RUNNING' : 'COMPLETED', spec: { methods: ['evolution', 'random'], budget: '20q' }, createdAt: new Date('2026-11-29T00:00:00Z'), finishedAt: options.running ? null : new Date('2026-11-29T00:10:00Z') },
    partial: Boolean(options.running), optimum: { ...OPTIMUM }, runs, methods, curves,
  };
}
