/**
 * NAS-Bench-101 benchmarks from per-cell results, whatever file they came from (vendored 20k
 * sample, official TFRecord, arch2vec data.json). Keys are official module hashes.
 */
import { createTabularBenchmark, type TabularRow } from '../tabular-benchmark.js';
import type { Nb101Cell } from '@a2v/search-spaces';
import type { BenchmarkInfo, TabularBenchmark } from '../types.js';

/** The labels of one NAS-Bench-101 cell (fractions, seconds, count). */
export interface Nb101CellResult {
  /** Official module hash (32 hex chars). */
  hash: string;
  cell: Nb101Cell;
  /** Epoch budget the labels are for (108 in the official only-108 file). */
  epochs: number;
  /** Number of training repeats averaged (1 for the 20k sample, 3 in the official file). */
  repeats: number;
  validationAccuracy: number;
  testAccuracy?: number;
  trainingSeconds: number;
  parameters?: number;
}

/** Info for a benchmark built from a complete NAS-Bench-101-format file (TFRecord or data.json). */
export function importedNb101Info(source: string): BenchmarkInfo {
  return {
    dataset: 'CIFAR-10',
    description: `NAS-Bench-101 cells with per-cell means over training repeats, imported from ${source}`,
    searchSignal:
      'final validation accuracy, mean over the training repeats at the largest epoch budget of the cell ' +
      '(108 epochs in nasbench_only108), as in arch2vec data.json',
    reportedMetric: 'final test accuracy, mean over the same repeats',
    costUnit: 'seconds',
    costNote: 'final training_time of the run, mean over the same repeats, in seconds: the simulated cost of a query',
    accuracyUnit: 'fraction',
    source,
  };
}

export function createNb101Benchmark(spec: { name: string; info: BenchmarkInfo; cells: Iterable<Nb101CellResult> }): TabularBenchmark {
  function* rows(): Generator<TabularRow> {
    for (const c of spec.cells) {
      const result: TabularRow['result'] = { validationAccuracy: c.validationAccuracy, trainingSeconds: c.trainingSeconds };
      if (c.testAccuracy !== undefined) result.testAccuracy = c.testAccuracy;
      if (c.parameters !== undefined) result.parameters = c.parameters;
      yield { architecture: { space: 'nb101', key: c.hash, cell: c.cell }, result };
    }
  }
  return createTabularBenchmark({ name: spec.name, space: 'nb101', info: spec.info, rows: rows() });
}
