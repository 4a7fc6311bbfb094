/**
 * The ask/tell contract every search method implements (NASLib-like), and the small types shared
 * by the methods and the runner. A method only ever sees architecture keys and validation
 * accuracies; the driver (runSearch, or a workflow) does the querying and charges the budget.
 */
import type { SeededRngState } from './util/seeded-rng.js';

/** CLI names of the search methods. */
export const METHOD_NAMES = ['random', 'evolution', 'arch2vec-rl', 'arch2vec-bo', 'supervised-rl', 'supervised-bo'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/**
 * 'clean': the paper's algorithms with the reference code's bugs fixed (the default).
 * 'reference': the official arch2vec code's behaviour where it differs (fixed EI incumbent,
 * variance in place of the standard deviation, undiscounted rewards, constant baselines...).
 * Only the two embedding methods (and their supervised twins) have a reference mode.
 */
export type SearchMode = 'clean' | 'reference';

/** What the driver tells a method about one queried architecture. */
export interface Observation {
  key: string;
  /** The search signal, a fraction in 0..1. */
  validationAccuracy: number;
}

/**
 * One search in progress. Contract:
 * - `propose(k)` returns 1..k keys that were never proposed before in this run (so never an
 *   architecture already queried); fewer than k only at the end of a round or episode.
 * - `observe(results)` must then get the results of exactly those keys, in proposal order, before
 *   the next `propose`.
 * - `serialize()` may be called at any point; restoring it (see `restoreSearchMethod`) and going on
 *   gives exactly the sequence the uninterrupted method would have produced.
 * - The proposal sequence depends only on the seed and the observations, never on k.
 */
export interface SearchMethod {
  readonly name: MethodName;
  propose(k: number): string[];
  observe(results: readonly Observation[]): void;
  serialize(): SearchState;
}

/** Where a search state came from; checked on restore so a state cannot be resumed elsewhere. */
export interface SearchStateHeader {
  format: 'a2v-search-state';
  version: 1;
  method: MethodName;
  mode: SearchMode;
  benchmark: string;
  seed: number;
  /** sourceId of the embedding set the method runs on; null for methods without one. */
  embeddingSourceId: string | null;
  /** Number of candidate architectures (a cheap check that the benchmark is the same table). */
  candidates: number;
}

/** The whole state of a search as plain JSON (tensors as number arrays). */
export interface SearchState extends SearchStateHeader {
  /** Every key proposed so far, in order (queried ones first, then `pending`). */
  proposed: string[];
  /** Keys proposed but not yet observed. */
  pending: string[];
  rng: SeededRngState;
  /** Method-specific part. */
  methodState: unknown;
}
