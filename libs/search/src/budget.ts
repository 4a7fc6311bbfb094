/**
 * Search budgets: a number of queries, or simulated training seconds (the NAS-Bench-101 tables
 * carry each cell's training time; arch2vec's NB101 budget is 1e6 s). Written `100q` / `1e6s`.
 */
import type { TabularBenchmark } from '@a2v/benchmarks';
import { SearchInputError } from './errors.js';

export type BudgetKind = 'queries' | 'seconds';

export interface Budget {
  kind: BudgetKind;
  /** > 0; for queries an integer. */
  limit: number;
}

/** Parses `100q`, `100 queries`, `1e6s`, `1.5e6 seconds`; throws SearchInputError otherwise. */
export function parseBudget(text: string): Budget {
  const match = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(q|queries|s|sec|seconds)\s*$/i.exec(text);
  if (match === null) throw new SearchInputError(`cannot parse budget ${JSON.stringify(text)}: expected e.g. '100q' or '1e6s'`);
  const unit = match[2].toLowerCase();
  return checkBudget({ kind: unit.startsWith('q') ? 'queries' : 'seconds', limit: Number(match[1]) });
}

/** Checks the shape of a budget; returns it unchanged. */
export function checkBudget(budget: Budget): Budget {
  if (budget === null || typeof budget !== 'object') throw new SearchInputError('budget must be { kind, limit }');
  if (budget.kind !== 'queries' && budget.kind !== 'seconds') {
    throw new SearchInputError(`budget kind must be 'queries' or 'seconds', got ${JSON.stringify(budget.kind)}`);
  }
  if (typeof budget.limit !== 'number' || !Number.isFinite(budget.limit) || budget.limit <= 0) {
    throw new SearchInputError(`budget limit must be a finite number > 0, got ${String(budget.limit)}`);
  }
  if (budget.kind === 'queries' && !Number.isInteger(budget.limit)) {
    throw new SearchInputError(`a query budget must be a whole number, got ${budget.limit}`);
  }
  return budget;
}

/**
 * Checks that the benchmark can charge this budget: a seconds budget needs training times, which
 * the NAS-Bench-201 tables do not have (their info.costUnit is 'queries').
 */
export function checkBudgetFitsBenchmark(budget: Budget, benchmark: TabularBenchmark): void {
  if (budget.kind === 'seconds' && benchmark.info.costUnit !== 'seconds') {
    throw new SearchInputError(
      `benchmark ${benchmark.name} has no training times (${benchmark.info.costNote.split('.')[0]}), ` +
        `so its budget must be in queries (e.g. '100q'), not seconds`,
    );
  }
}

export function formatBudget(budget: Budget): string {
  return budget.kind === 'queries' ? `${budget.limit}q` : `${budget.limit}s`;
}
