/**
 * What a finished (or interrupted) run reports: one entry per query, in query order, and the
 * summary the paper's tables are made of (the final incumbent — best validation accuracy so far —
 * its test accuracy, and the regrets to the benchmark's optimum).
 */
import type { BenchmarkOptimum, QueryResult } from '@a2v/benchmarks';
import type { BudgetKind } from '../budget.js';

export interface Incumbent {
  key: string;
  validationAccuracy: number;
  testAccuracy?: number;
}

export interface TrajectoryEntry {
  /** 0-based query number in the run. */
  index: number;
  key: string;
  validationAccuracy: number;
  testAccuracy?: number;
  /** Simulated training seconds of this query, where the benchmark has them. */
  trainingSeconds?: number;
  /** Cost charged for this query, in the budget's unit (1 per query for a query budget). */
  cost: number;
  cumulativeCost: number;
  /** Best validation accuracy so far (first one found wins ties), after this query. */
  incumbent: Incumbent;
}

export interface SearchSummary {
  queries: number;
  cost: { unit: BudgetKind; used: number; limit: number };
  /** Sum of training seconds over the queries, where the benchmark has them. */
  simulatedSeconds?: number;
  best?: Incumbent;
  /** optimum − incumbent; absent when nothing was queried (or the benchmark has no test accuracy). */
  regret?: { validation: number; test?: number };
}

/** Appends one query's entry, carrying the incumbent forward. */
export function nextEntry(previous: TrajectoryEntry | undefined, key: string, result: QueryResult, cost: number): TrajectoryEntry {
  const entry: TrajectoryEntry = {
    index: previous === undefined ? 0 : previous.index + 1,
    key,
    validationAccuracy: result.validationAccuracy,
    cost,
    cumulativeCost: (previous?.cumulativeCost ?? 0) + cost,
    incumbent: previous?.incumbent ?? { key, validationAccuracy: result.validationAccuracy },
  };
  if (result.testAccuracy !== undefined) entry.testAccuracy = result.testAccuracy;
  if (result.trainingSeconds !== undefined) entry.trainingSeconds = result.trainingSeconds;
  if (previous === undefined || result.validationAccuracy > previous.incumbent.validationAccuracy) {
    entry.incumbent = { key, validationAccuracy: result.validationAccuracy };
    if (result.testAccuracy !== undefined) entry.incumbent.testAccuracy = result.testAccuracy;
  }
  return entry;
}

export function summarize(trajectory: readonly TrajectoryEntry[], unit: BudgetKind, limit: number, optimum: BenchmarkOptimum): SearchSummary {
  const last = trajectory.at(-1);
  const summary: SearchSummary = { queries: trajectory.length, cost: { unit, used: last?.cumulativeCost ?? 0, limit } };
  if (trajectory.length > 0 && trajectory.every((e) => e.trainingSeconds !== undefined)) {
    summary.simulatedSeconds = trajectory.reduce((s, e) => s + (e.trainingSeconds ?? 0), 0);
  }
  if (last !== undefined) {
    summary.best = last.incumbent;
    summary.regret = { validation: optimum.validationAccuracy - last.incumbent.validationAccuracy };
    if (optimum.testAccuracy !== undefined && last.incumbent.testAccuracy !== undefined) summary.regret.test = optimum.testAccuracy - last.incumbent.testAccuracy;
  }
  return summary;
}
