/**
 * Small labelled benchmarks for the tests, built with @a2v/benchmarks' createTabularBenchmark from
 * real search-space cells, with made-up smooth accuracies (so searches have something to find)
 * and optional training seconds. Fast to build and independent of the vendored data.
 */
import { createTabularBenchmark, type BenchmarkInfo, type TabularBenchmark, type TabularRow } from '@a2v/benchmarks';
import { NB201_OPS, createSeededRandom, nasBench101, nb201ArchStringAt, nb201CellAt, type Nb101Cell } from '@a2v/search-spaces';
import { SeededRng } from '../util/seeded-rng.js';

function info(costUnit: 'seconds' | 'queries'): BenchmarkInfo {
  return {
    dataset: 'synthetic',
    description: 'test fixture',
    searchSignal: 'made-up validation accuracy',
    reportedMetric: 'made-up test accuracy',
    costUnit,
    costNote: costUnit === 'seconds' ? 'made-up training seconds' : 'no training times',
    accuracyUnit: 'fraction',
    source: 'libs/search/src/test-support/synthetic-benchmarks.ts',
  };
}

/** The first `size` NAS-Bench-201 cells (official order); accuracy rises with conv ops. */
export function syntheticNb201Benchmark(options: { size?: number; seconds?: boolean; name?: string } = {}): TabularBenchmark {
  const size = options.size ?? 600;
  const rng = SeededRng.fromSeed(99);
  const rows: TabularRow[] = [];
  for (let index = 0; index < size; index++) {
    const cell = nb201CellAt(index);
    const score = cell.ops.reduce((s, op, k) => s + (op === 'nor_conv_3x3' ? 0.02 + 0.002 * k : op === 'nor_conv_1x1' ? 0.01 : op === 'none' ? -0.015 : 0), 0);
    const validation = Math.min(0.99, Math.max(0.01, 0.7 + score + 0.01 * rng.normal()));
    const result: TabularRow['result'] = { validationAccuracy: validation, testAccuracy: Math.min(0.99, Math.max(0.01, validation + 0.05 + 0.005 * rng.normal())) };
    if (options.seconds) result.trainingSeconds = 1000 + 400 * NB201_OPS.indexOf(cell.ops[0]) + 100 * rng.uniform();
    rows.push({ architecture: { space: 'nb201', key: nb201ArchStringAt(index), index, cell }, result });
  }
  return createTabularBenchmark({ name: options.name ?? (options.seconds ? 'synthetic-nb201-seconds' : 'synthetic-nb201'), space: 'nb201', info: info(options.seconds ? 'seconds' : 'queries'), rows });
}

/**
 * A connected patch of NAS-Bench-101: breadth-first over mutation neighbours from one random cell
 * until `size` cells, so evolution's neighbour lookups hit both labelled and unlabelled cells.
 */
export function syntheticNb101Benchmark(size = 300): TabularBenchmark {
  const rng = SeededRng.fromSeed(7);
  const start = nasBench101.sample(createSeededRandom(3));
  const seen = new Map<string, Nb101Cell>([[nasBench101.key(start), start]]);
  const queue: Nb101Cell[] = [start];
  while (queue.length > 0 && seen.size < size) {
    for (const next of nasBench101.neighbours(queue.shift()!)) {
      const key = nasBench101.key(next);
      if (seen.size < size && !seen.has(key)) {
        seen.set(key, next);
        queue.push(next);
      }
    }
  }
  const rows: TabularRow[] = [...seen].map(([key, cell]) => {
    const convs = cell.ops.filter((op) => op === 'conv3x3-bn-relu').length;
    const validation = 0.85 + 0.02 * convs + 0.005 * rng.normal();
    return { architecture: { space: 'nb101', key, cell }, result: { validationAccuracy: validation, testAccuracy: validation - 0.01, trainingSeconds: 500 + 300 * convs } };
  });
  return createTabularBenchmark({ name: 'synthetic-nb101', space: 'nb101', info: info('seconds'), rows });
}
