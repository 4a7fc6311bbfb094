/**
 * The built-in `nb101-20k` benchmark: nasbench-vis's 20,001 NAS-Bench-101 cells (parallel arrays
 * keyed by module hash, no structure), joined to the NAS-Bench-101 enumeration by hash to recover
 * each cell. Every key must be found: a miss means a wrong hash or enumeration, never a gap to skip.
 */
import { BenchmarkDataError } from '../errors.js';
import type { Nb101Cell } from '@a2v/search-spaces';
import type { BenchmarkInfo, TabularBenchmark } from '../types.js';
import { readVendoredGzipText } from '../vendored-data.js';
import { createNb101Benchmark, type Nb101CellResult } from './nb101-benchmark.js';

export const NB101_20K_FILE = 'nb101/data-20k.json.gz';
export const NB101_20K_SIZE = 20_001;

/** Finds the cell of a module hash; undefined when the hash is not a NAS-Bench-101 cell. */
export type Nb101CellLookup = (hash: string) => Nb101Cell | undefined;

const NB101_20K_INFO: BenchmarkInfo = {
  dataset: 'CIFAR-10',
  description:
    'NAS-Bench-101, 20,001 cells: the first 20,001 module hashes in sorted order, an effectively uniform ~4.7% ' +
    'sample of the 423,624 cells (nasbench-vis data-20k.json)',
  searchSignal: 'final validation accuracy after 108 epochs, of ONE of the three official training repeats (not the mean of 3 arch2vec uses)',
  reportedMetric:
    'none: this data holds no test accuracy, so testAccuracy is absent; report validation accuracy and regret against optimum.validationAccuracy',
  costUnit: 'seconds',
  costNote: 'final_training_time of the same 108-epoch run, in seconds: the simulated cost of a query',
  accuracyUnit: 'fraction',
  source: 'data/nb101/data-20k.json.gz (see data/PROVENANCE.md): github.com/tiga1231/nasbench-vis, upstream NAS-Bench-101',
};

interface Sample20kColumns {
  key: string[];
  '108_final_validation_accuracy': number[];
  final_training_time: number[];
  trainable_parameters: number[];
}

function checkColumns(table: unknown): Sample20kColumns {
  const t = table as Record<string, unknown>;
  for (const column of ['key', '108_final_validation_accuracy', 'final_training_time', 'trainable_parameters']) {
    const values = t?.[column];
    if (!Array.isArray(values) || values.length !== NB101_20K_SIZE) {
      throw new BenchmarkDataError(`${NB101_20K_FILE}: column ${column} must be an array of ${NB101_20K_SIZE} values`);
    }
  }
  return t as unknown as Sample20kColumns;
}

/** Loads nb101-20k, recovering each cell with `lookup`; throws BenchmarkDataError naming the first missing key. */
export async function loadNb101Sample20k(lookup: Nb101CellLookup): Promise<TabularBenchmark> {
  const table = checkColumns(JSON.parse(await readVendoredGzipText(NB101_20K_FILE)));
  const cells: Nb101CellResult[] = table.key.map((hash, row) => {
    const cell = lookup(hash);
    if (cell === undefined) {
      throw new BenchmarkDataError(`nb101-20k: key ${hash} (row ${row}) is not in the NAS-Bench-101 enumeration; the join must find every key`);
    }
    return {
      hash,
      cell,
      epochs: 108,
      repeats: 1,
      validationAccuracy: table['108_final_validation_accuracy'][row],
      trainingSeconds: table.final_training_time[row],
      parameters: table.trainable_parameters[row],
    };
  });
  return createNb101Benchmark({ name: 'nb101-20k', info: NB101_20K_INFO, cells });
}
