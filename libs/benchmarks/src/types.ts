/**
 * The one interface every benchmark implements, built-in (vendored tables) or imported (official
 * files). Search code sees only this, so a search runs the same on any of them.
 *
 * Units, the same for every benchmark: accuracies are FRACTIONS in 0..1 (NAS-Bench-201's percent
 * values are divided by 100 on load), times are SECONDS, parameters are a plain COUNT.
 */

import type { Nb101Cell, Nb201Cell } from '@a2v/search-spaces';

export type SearchSpaceId = 'nb101' | 'nb201';

/**
 * One labelled architecture: the key `query()` takes, and the cell it names, in @a2v/search-spaces'
 * cell types (its encodeNb101Cell / encodeNb201Cell give arch2vec's padded encodings).
 */
export type BenchmarkArchitecture =
  | {
      space: 'nb101';
      /** Official module hash (32 hex chars). */
      key: string;
      /** The pruned cell: n×n upper-triangular matrix, n ops from 'input' to 'output'. */
      cell: Nb101Cell;
    }
  | {
      space: 'nb201';
      /** Official arch string, e.g. |nor_conv_3x3~0|+|…~0|…~1|+|…~0|…~1|…~2|. */
      key: string;
      /** Official NAS-Bench-201 index (0..15624). */
      index: number;
      cell: Nb201Cell;
    };

/** What a query returns. Accuracies are fractions 0..1; optional fields are absent, never NaN. */
export interface QueryResult {
  /** The search signal (see `info.searchSignal`). */
  validationAccuracy: number;
  /** The reported result (see `info.reportedMetric`); absent where the data has none. */
  testAccuracy?: number;
  /** Simulated cost of this query in seconds; absent where the data has none (budget in queries). */
  trainingSeconds?: number;
  /** Trainable parameter count; absent where the data has none. */
  parameters?: number;
}

/** What the numbers of a benchmark mean; static documentation carried with the data. */
export interface BenchmarkInfo {
  /** Image data set the architectures were trained on, e.g. 'CIFAR-10'. */
  dataset: string;
  description: string;
  /** What `validationAccuracy` holds: the signal a search may look at. */
  searchSignal: string;
  /** What `testAccuracy` holds (or why it is absent): the number to report and compute regret on. */
  reportedMetric: string;
  /** Unit of a search budget: simulated training seconds, or a count of queries. */
  costUnit: 'seconds' | 'queries';
  /** How the cost is obtained, or why there is none. */
  costNote: string;
  /** Always 'fraction': accuracies are in 0..1 on every benchmark. */
  accuracyUnit: 'fraction';
  /** Where the numbers come from. */
  source: string;
}

/** Best values over the labelled set, with the keys that reach them (the first in `architectures()` order on ties). */
export interface BenchmarkOptimum {
  validationAccuracy: number;
  validationKey: string;
  /** Absent when the benchmark has no test accuracy. */
  testAccuracy?: number;
  testKey?: string;
}

export interface TabularBenchmark {
  readonly name: string;
  readonly space: SearchSpaceId;
  readonly info: BenchmarkInfo;
  /** Number of labelled architectures. */
  readonly size: number;
  readonly optimum: BenchmarkOptimum;
  /** Every labelled architecture, in the benchmark's stable order. */
  architectures(): IterableIterator<BenchmarkArchitecture>;
  /** Whether `query(archKey)` would succeed. */
  has(archKey: string): boolean;
  /** The labels of one architecture; throws UnknownArchitectureError for an unlabelled key. */
  query(archKey: string): QueryResult;
}
