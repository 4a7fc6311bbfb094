/**
 * Drives a SearchMethod directly (no runner) against a benchmark for the method tests: returns
 * the proposed keys, and can serialise → JSON → restore at chosen steps to check that resuming
 * gives the same sequence as never stopping.
 */
import type { TabularBenchmark } from '@a2v/benchmarks';
import type { EmbeddingSet } from '../embeddings/embedding-set.js';
import { createSearchMethod, restoreSearchMethod, type MethodOptions } from '../methods/registry.js';
import type { SearchMethod, SearchMode } from '../types.js';

export interface HarnessOptions {
  method: string;
  benchmark: TabularBenchmark;
  seed: number;
  queries: number;
  mode?: SearchMode;
  embeddings?: EmbeddingSet;
  options?: MethodOptions;
  /** Batch size asked of propose (default 16). */
  k?: number;
  /** After this many proposals (counted at propose/observe boundaries), round-trip the state through JSON. */
  restoreAfterPropose?: number[];
  restoreAfterObserve?: number[];
}

export function driveMethod(o: HarnessOptions): string[] {
  const make = (): SearchMethod => createSearchMethod({ method: o.method, benchmark: o.benchmark, seed: o.seed, mode: o.mode, embeddings: o.embeddings, options: o.options });
  const roundTrip = (m: SearchMethod): SearchMethod =>
    restoreSearchMethod(JSON.parse(JSON.stringify(m.serialize())), { benchmark: o.benchmark, embeddings: o.embeddings, method: o.method });
  let method = make();
  const keys: string[] = [];
  const k = o.k ?? 16;
  while (keys.length < o.queries) {
    const batch = method.propose(Math.min(k, o.queries - keys.length));
    keys.push(...batch);
    if (o.restoreAfterPropose?.includes(keys.length)) method = roundTrip(method);
    method.observe(batch.map((key) => ({ key, validationAccuracy: o.benchmark.query(key).validationAccuracy })));
    if (o.restoreAfterObserve?.includes(keys.length)) method = roundTrip(method);
  }
  return keys;
}
