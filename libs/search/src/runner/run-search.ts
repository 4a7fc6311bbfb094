/**
 * Runs one search in-process: the driver side of the ask/tell contract. It validates everything
 * first (method, benchmark, budget, embeddings, resume state) so bad input fails before any query
 * is charged; then it loops propose → query → charge → observe until the budget is spent.
 * The budget is never exceeded: a query that would cross a seconds budget is not made and the run
 * ends there — the same rule as sweeps (whose ledger refuses such a query), so a local run and a
 * sweep of the same seed charge the same queries. (The reference code keeps the crossing query;
 * with 1e6 s that is one query more, ~0.1% of the budget.)
 * The `chargeQuery` hook sees every query before the method does (the lead wires it to the
 * PostgreSQL ledger; by default charges are only kept in memory); if it throws, the run stops.
 */
import { getBenchmark, type QueryResult, type TabularBenchmark } from '@a2v/benchmarks';
import { checkBudget, checkBudgetFitsBenchmark, parseBudget, type Budget } from '../budget.js';
import type { EmbeddingSet } from '../embeddings/embedding-set.js';
import { SearchError, SearchInputError, SearchSpaceExhaustedError } from '../errors.js';
import { checkMethodRequest, createSearchMethod, restoreSearchMethod, type MethodOptions } from '../methods/registry.js';
import type { MethodName, SearchMode, SearchState } from '../types.js';
import { nextEntry, summarize, type SearchSummary, type TrajectoryEntry } from './trajectory.js';

export interface QueryCharge {
  benchmark: string;
  method: MethodName;
  seed: number;
  /** 0-based query number in the run. */
  index: number;
  key: string;
  result: QueryResult;
  /** In the budget's unit. */
  cost: number;
  cumulativeCost: number;
}

export type ChargeQuery = (charge: QueryCharge) => void | Promise<void>;

/** Enough to continue a run exactly where it stopped. */
export interface SearchCheckpoint {
  state: SearchState;
  trajectory: TrajectoryEntry[];
}

export interface RunSearchOptions {
  /** Benchmark name (see @a2v/benchmarks listBenchmarks) or a loaded benchmark. */
  benchmark: string | TabularBenchmark;
  method: string;
  seed: number;
  /** `{ kind, limit }` or text such as '100q' / '1e6s'. */
  budget: Budget | string;
  embeddings?: EmbeddingSet;
  mode?: SearchMode;
  options?: MethodOptions;
  chargeQuery?: ChargeQuery;
  /** Continue from a checkpoint of the same method, benchmark and embedding set. */
  resume?: SearchCheckpoint;
  /** Called after each observed batch with a checkpoint to resume from. */
  onCheckpoint?: (checkpoint: SearchCheckpoint) => void | Promise<void>;
}

export interface SearchRun {
  benchmark: string;
  method: MethodName;
  mode: SearchMode;
  seed: number;
  budget: Budget;
  embeddingSourceId: string | null;
  trajectory: TrajectoryEntry[];
  summary: SearchSummary;
  /** The method's final state (restorable). */
  state: SearchState;
}

/** Largest batch asked of a method at once; methods return fewer at round/episode ends. */
const MAX_BATCH = 16;

export async function runSearch(options: RunSearchOptions): Promise<SearchRun> {
  const budget = typeof options.budget === 'string' ? parseBudget(options.budget) : checkBudget(options.budget);
  const benchmark = typeof options.benchmark === 'string' ? await loadBenchmark(options.benchmark) : options.benchmark;
  checkBudgetFitsBenchmark(budget, benchmark);
  const request = { method: options.method, benchmark, seed: options.seed, mode: options.mode, embeddings: options.embeddings, options: options.options };
  const checked = checkMethodRequest(request);
  const resume = options.resume;
  if (resume !== undefined) {
    if (resume.state?.method !== checked.name) throw new SearchInputError(`the resume state is from method ${String(resume.state?.method)}, not ${checked.name}`);
    if (resume.state.seed !== options.seed) throw new SearchInputError(`the resume state has seed ${resume.state.seed}, not ${options.seed}`);
    if (resume.state.mode !== checked.mode) throw new SearchInputError(`the resume state is in ${resume.state.mode} mode, not ${checked.mode}`);
    checkResumeTrajectory(resume, budget);
  }
  const method = resume === undefined ? createSearchMethod(request) : restoreSearchMethod(resume.state, { benchmark, embeddings: options.embeddings, method: checked.name });
  const charge = options.chargeQuery ?? createInMemoryLedger().chargeQuery;
  const trajectory: TrajectoryEntry[] = resume ? resume.trajectory.map((e) => structuredClone(e)) : [];
  let batch = resume ? [...resume.state.pending] : [];

  let crossed = false; // the next query would have exceeded the budget
  const spent = (): boolean => crossed || (trajectory.at(-1)?.cumulativeCost ?? 0) >= budget.limit;
  while (!spent() && trajectory.length < benchmark.size) {
    if (batch.length === 0) {
      const left = budget.kind === 'queries' ? budget.limit - trajectory.length : MAX_BATCH;
      try {
        batch = method.propose(Math.min(MAX_BATCH, left));
      } catch (error) {
        if (error instanceof SearchSpaceExhaustedError) break; // every architecture queried
        throw error;
      }
    }
    const observed = [];
    for (const key of batch) {
      const result = benchmark.query(key);
      const cost = budget.kind === 'queries' ? 1 : secondsOf(result, key, benchmark.name);
      if ((trajectory.at(-1)?.cumulativeCost ?? 0) + cost > budget.limit) {
        crossed = true;
        break;
      }
      const entry = nextEntry(trajectory.at(-1), key, result, cost);
      await charge({ benchmark: benchmark.name, method: checked.name, seed: options.seed, index: entry.index, key, result, cost, cumulativeCost: entry.cumulativeCost });
      trajectory.push(entry);
      observed.push({ key, validationAccuracy: result.validationAccuracy });
      if (spent()) break;
    }
    if (observed.length < batch.length) break; // budget spent mid-batch: the rest is never queried
    method.observe(observed);
    batch = [];
    if (options.onCheckpoint) await options.onCheckpoint({ state: method.serialize(), trajectory: trajectory.map((e) => structuredClone(e)) });
  }
  return {
    benchmark: benchmark.name,
    method: checked.name,
    mode: checked.mode,
    seed: options.seed,
    budget,
    embeddingSourceId: checked.aligned?.sourceId ?? null,
    trajectory,
    summary: summarize(trajectory, budget.kind, budget.limit, benchmark.optimum),
    state: method.serialize(),
  };
}

/** The default ledger: keeps every charge in memory (the lead's PostgreSQL ledger replaces it). */
export function createInMemoryLedger(): { chargeQuery: ChargeQuery; charges: QueryCharge[] } {
  const charges: QueryCharge[] = [];
  return { charges, chargeQuery: (charge) => void charges.push(charge) };
}

async function loadBenchmark(name: string): Promise<TabularBenchmark> {
  try {
    return await getBenchmark(name);
  } catch (error) {
    throw new SearchInputError((error as Error).message, { cause: error });
  }
}

function secondsOf(result: QueryResult, key: string, benchmark: string): number {
  if (result.trainingSeconds === undefined) throw new SearchError(`benchmark ${benchmark} has no training time for ${key}; use a query budget`);
  return result.trainingSeconds;
}

function checkResumeTrajectory(resume: SearchCheckpoint, budget: Budget): void {
  const { state, trajectory } = resume;
  if (!Array.isArray(trajectory)) throw new SearchInputError('resume.trajectory must be an array');
  const queried = state.proposed.length - state.pending.length;
  if (trajectory.length !== queried || trajectory.some((e, i) => e.key !== state.proposed[i])) {
    throw new SearchInputError(`resume trajectory (${trajectory.length} queries) does not match the state (${queried} observed)`);
  }
  const expectedCost = budget.kind === 'queries' ? trajectory.length : undefined;
  if (expectedCost !== undefined && trajectory.length > 0 && trajectory.at(-1)!.cumulativeCost !== expectedCost) {
    throw new SearchInputError('resume trajectory was charged in seconds, but the budget is in queries');
  }
}
