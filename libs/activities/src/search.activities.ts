import { hostname } from 'node:os';
import { ArtifactError, readArtifact } from '@a2v/artifacts';
import { ModelError, parseEmbeddingSet } from '@a2v/model';
import { getBenchmark, type BenchmarkArchitecture, type TabularBenchmark } from '@a2v/benchmarks';
import { loadRun, recordRound, runQueries, setRunStatus, type QueryRecord, type RunRow } from '@a2v/db';
import {
  createSearchMethod,
  fromModelEmbeddingSet,
  methodNeedsEmbeddings,
  SearchError,
  nextEntry,
  restoreSearchMethod,
  SearchSpaceExhaustedError,
  summarize,
  type EmbeddingSet,
  type MethodName,
  type SearchMode,
  type SearchMethod,
  type SearchState,
  type TrajectoryEntry,
} from '@a2v/search';
import type { RunChunkResult, SearchActivities } from '@a2v/workflows/api';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type pg from 'pg';
import { processCache } from './process-cache.js';

const MAX_BATCH = 16;
/** A state longer than this (JSON characters) is written every STATE_EVERY_QUERIES queries, not every round. */
const SMALL_STATE_CHARS = 256 * 1024;
const STATE_EVERY_QUERIES = 4 * MAX_BATCH;
/** Rounds are recorded together until this many queries or this many milliseconds have gathered. */
const FLUSH_QUERIES = 32;
const FLUSH_MS = 250;

function encodingOf(a: BenchmarkArchitecture): unknown {
  return a.space === 'nb101' ? { matrix: a.cell.matrix, ops: a.cell.ops } : { arch: a.key, index: a.index };
}

/** key → encoding, built once per benchmark per process (the ledger stores each architecture's cell). */
const encodings = new Map<string, Map<string, unknown>>();
function encodingIndex(benchmark: TabularBenchmark): Map<string, unknown> {
  let index = encodings.get(benchmark.name);
  if (!index) {
    index = new Map();
    for (const a of benchmark.architectures()) index.set(a.key, encodingOf(a));
    encodings.set(benchmark.name, index);
  }
  return index;
}

/**
 * Architectures a round proposes after `count` queries: a replayed run must ask exactly what the
 * original asked, so both paths use this. ≤ 0 once a query budget is spent.
 */
function roundSize(run: RunRow, count: number): number {
  return run.budgetKind === 'SECONDS' ? MAX_BATCH : Math.min(MAX_BATCH, run.budgetLimit - count);
}

/** Embedding sets by URI, loaded once per process (a search worker runs many seeds on the same set). */
const embeddingSets = processCache<EmbeddingSet>();
function embeddingSet(uri: string, pool: pg.Pool): Promise<EmbeddingSet> {
  return embeddingSets(uri, async () => fromModelEmbeddingSet(parseEmbeddingSet(await readArtifact(uri, pool), uri)));
}

interface MethodInputs {
  embeddingsUri?: string;
  mode?: SearchMode;
}

async function openMethod(run: RunRow, benchmark: TabularBenchmark, inputs: MethodInputs, pool: pg.Pool): Promise<SearchMethod> {
  let embeddings: EmbeddingSet | undefined;
  if (methodNeedsEmbeddings(run.method as MethodName)) {
    if (!inputs.embeddingsUri) throw ApplicationFailure.nonRetryable(`run ${run.id}: ${run.method} needs an embedding set and the sweep gave none`, 'SearchInputError');
    try {
      embeddings = await embeddingSet(inputs.embeddingsUri, pool);
    } catch (error) {
      if (error instanceof ArtifactError || error instanceof ModelError) throw ApplicationFailure.nonRetryable(`run ${run.id}: ${error.message}`, 'SearchInputError');
      throw error;
    }
  }
  const mode = methodNeedsEmbeddings(run.method as MethodName) ? inputs.mode : undefined;
  try {
    if (run.state) return restoreSearchMethod(run.state as SearchState, { benchmark, method: run.method, embeddings });
    return createSearchMethod({ method: run.method, benchmark, seed: run.seed, mode, embeddings });
  } catch (error) {
    if (error instanceof SearchError) throw ApplicationFailure.nonRetryable(`run ${run.id}: ${error.message}`, 'SearchInputError');
    throw error;
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', '57P01', '57P03', '08006', '08001']);

/** A database outage becomes one clear, retryable failure (Temporal retries the activity with backoff). */
async function reachingDatabase<T>(what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code && UNREACHABLE.has(code)) {
      throw ApplicationFailure.retryable(`${what}: cannot reach PostgreSQL (${code}: ${(error as Error).message}); check DATABASE_URL on this worker — the activity will be retried`, 'DatabaseUnavailable');
    }
    throw error;
  }
}

export function createSearchActivities(pool: pg.Pool): SearchActivities {
  const workerId = `${hostname()}:${process.pid}`;
  return {
    runSearchChunk: (input) => reachingDatabase(`search run ${input.runId}`, () => runAndFinish(input)),
    finishRun: (input) => reachingDatabase(`search run ${input.runId}`, () => finish(input)),
  };

  /** A chunk; the one that ends the run also writes its summary and COMPLETED status. */
  async function runAndFinish(input: { runId: string; maxQueries: number } & MethodInputs): Promise<RunChunkResult> {
    const chunk = await runChunk(input);
    if ('terminal' in chunk) return { runId: chunk.runId, queries: chunk.queries, done: true, finished: chunk.terminal === 'COMPLETED' };
    if (!chunk.done) return chunk;
    await finish({ runId: input.runId, status: 'COMPLETED' });
    return { ...chunk, finished: true };
  }

  async function runChunk({ runId, maxQueries, ...inputs }: { runId: string; maxQueries: number } & MethodInputs): Promise<RunChunkResult | { runId: string; queries: number; terminal: string }> {
      const context = Context.current();
      const run = await loadRun(pool, runId);
      if (!run) throw ApplicationFailure.nonRetryable(`search run ${runId} does not exist`, 'SearchInputError');
      if (['COMPLETED', 'CANCELLED', 'FAILED'].includes(run.status)) return { runId, queries: run.queryCount, terminal: run.status };
      const benchmark = await getBenchmark(run.benchmark);
      const method = await openMethod(run, benchmark, inputs, pool);
      const index = encodingIndex(benchmark);
      const seconds = run.budgetKind === 'SECONDS';
      let stateAt = run.state ? (run.stateQueryCount ?? 0) : 0;
      if (stateAt > run.queryCount) throw ApplicationFailure.nonRetryable(`run ${runId}: the state is at query ${stateAt} but the ledger has ${run.queryCount}`, 'LedgerConflictError');
      if (stateAt < run.queryCount && (await replayLedger(run, method, stateAt)) === 'budget-spent') return { runId, queries: run.queryCount, done: true };
      let count = run.queryCount;
      let charged = run.budgetCharged;
      let bigState: boolean | undefined;
      // Rounds are recorded in groups: one transaction (queries + state) per FLUSH_QUERIES queries or
      // FLUSH_MS, not per round — regularized evolution and NB201's BO propose one architecture per
      // round, and a transaction per query was most of their cost. A crash loses only the unrecorded
      // rounds, which the retry recomputes identically from the last recorded state.
      let pending: QueryRecord[] = [];
      let lastFlush = performance.now();
      const flush = async (withState: boolean): Promise<void> => {
        let stateJson: string | undefined;
        // Small states are written with every group; big ones (the RL policy and its Adam moments,
        // ~3 MB of JSON) every STATE_EVERY_QUERIES, the rounds between replayed from the ledger on resume.
        if (withState && (bigState !== true || count - stateAt >= STATE_EVERY_QUERIES)) {
          const json = JSON.stringify(method.serialize());
          bigState = json.length > SMALL_STATE_CHARS;
          if (!bigState || count - stateAt >= STATE_EVERY_QUERIES) stateJson = json;
        }
        if (pending.length === 0 && stateJson === undefined) return;
        await recordRound(pool, runId, pending, stateJson);
        if (stateJson !== undefined) stateAt = count;
        pending = [];
        lastFlush = performance.now();
        context.heartbeat({ queries: count });
      };
      const stopAt = count + maxQueries;
      while (count < stopAt && count < benchmark.size) {
        if (context.cancellationSignal.aborted) throw new Error('cancelled');
        const size = roundSize(run, count);
        if (size <= 0) break;
        let batch: string[];
        try {
          batch = method.propose(size);
        } catch (error) {
          if (error instanceof SearchSpaceExhaustedError) break;
          throw error;
        }
        const records: QueryRecord[] = [];
        let budgetSpent = false;
        for (const key of batch) {
          const started = performance.now();
          const result = benchmark.query(key);
          const cost = seconds ? (result.trainingSeconds ?? 0) : 1;
          // The budget is never exceeded: a query that would cross it is not made (the DB would refuse it too).
          if (charged + cost > run.budgetLimit) {
            budgetSpent = true;
            break;
          }
          charged += cost;
          records.push({
            runId, index: count + records.length, space: run.space, architectureHash: key, encoding: index.get(key),
            metrics: { ...result }, simulatedCost: result.trainingSeconds ?? 0,
            wallClockMs: performance.now() - started, workerId, attempt: context.info.attempt,
          });
        }
        pending.push(...records);
        count += records.length;
        if (budgetSpent) {
          // A round the budget cut short is recorded without observing it, and without a state.
          await flush(false);
          return { runId, queries: count, done: true };
        }
        method.observe(records.map((r) => ({ key: r.architectureHash, validationAccuracy: (r.metrics.validationAccuracy as number) })));
        if (!seconds && count >= run.budgetLimit) break;
        if (pending.length >= FLUSH_QUERIES || performance.now() - lastFlush >= FLUSH_MS) await flush(true);
      }
      await flush(true);
      const done = count >= benchmark.size || roundSize(run, count) <= 0 || (!seconds && count >= run.budgetLimit) || count < stopAt;
      return { runId, queries: count, done };
  }

  /**
   * Brings a restored method (state at query `from`) level with the ledger: re-proposes each round as
   * the original run did, checks the proposals are the recorded architectures, and observes their
   * recorded results. A round the budget cut short ends the run.
   */
  async function replayLedger(run: RunRow, method: SearchMethod, from: number): Promise<'level' | 'budget-spent'> {
    const ledger = (await runQueries(pool, run.id)).slice(from);
    let count = from;
    for (let i = 0; i < ledger.length; ) {
      const batch = method.propose(roundSize(run, count));
      const recorded = ledger.slice(i, i + batch.length);
      const conflict = recorded.findIndex((q, j) => q.hash !== batch[j]);
      if (conflict >= 0) {
        throw ApplicationFailure.nonRetryable(`run ${run.id}: replaying query ${count + conflict} proposed ${batch[conflict]}, the ledger has ${recorded[conflict].hash}`, 'LedgerConflictError');
      }
      if (recorded.length < batch.length) return 'budget-spent';
      method.observe(recorded.map((q) => ({ key: q.hash, validationAccuracy: q.metrics.validationAccuracy })));
      i += batch.length;
      count += batch.length;
    }
    return 'level';
  }

  async function finish({ runId, status }: { runId: string; status: 'COMPLETED' | 'FAILED' | 'CANCELLED' }) {
      const run = await loadRun(pool, runId);
      if (!run) return;
      const benchmark = await getBenchmark(run.benchmark);
      const trajectory: TrajectoryEntry[] = [];
      for (const q of await runQueries(pool, runId)) {
        const cost = run.budgetKind === 'SECONDS' ? (q.metrics.trainingSeconds ?? 0) : 1;
        trajectory.push(nextEntry(trajectory.at(-1), q.hash, benchmark.query(q.hash), cost));
      }
      const summary = summarize(trajectory, run.budgetKind === 'SECONDS' ? 'seconds' : 'queries', run.budgetLimit, benchmark.optimum);
      await setRunStatus(pool, runId, status, summary);
  }
}
