/**
 * Named benchmarks: the built-in ones over the vendored data, plus any a caller registers (e.g. a
 * benchmark imported from the official files). Loading is lazy and cached per process: the first
 * `getBenchmark(name)` loads, later calls share the same promise. Load times are kept for reports.
 */
import { performance } from 'node:perf_hooks';
import { UnknownBenchmarkError } from './errors.js';
import { loadNb201Benchmark } from './nasbench201/nb201-benchmarks.js';
import { loadNb101Sample20k } from './nasbench101/nb101-sample-20k.js';
import { nb101CellLookupFromSearchSpace } from './nasbench101/search-space-join.js';
import type { SearchSpaceId, TabularBenchmark } from './types.js';

export interface BenchmarkListing {
  name: string;
  space: SearchSpaceId;
  dataset: string;
  summary: string;
}

export interface BenchmarkDefinition extends BenchmarkListing {
  load(): Promise<TabularBenchmark>;
}

export interface BenchmarkLoadTime {
  name: string;
  /** Wall-clock milliseconds of the first (cached) load. */
  millis: number;
}

const BUILT_IN: BenchmarkDefinition[] = [
  {
    name: 'nb101-20k',
    space: 'nb101',
    dataset: 'CIFAR-10',
    summary: 'NAS-Bench-101, 20,001 cells (one repeat, 108 epochs); cost = training seconds; no test accuracy',
    load: async () => loadNb101Sample20k(await nb101CellLookupFromSearchSpace()),
  },
  {
    name: 'nb201-cifar10',
    space: 'nb201',
    dataset: 'CIFAR-10',
    summary: 'NAS-Bench-201, 15,625 cells; signal 12-epoch validation, report 200-epoch test; budget in queries',
    load: () => loadNb201Benchmark('cifar10'),
  },
  {
    name: 'nb201-cifar100',
    space: 'nb201',
    dataset: 'CIFAR-100',
    summary: 'NAS-Bench-201, 15,625 cells; signal 12-epoch validation, report 200-epoch test; budget in queries',
    load: () => loadNb201Benchmark('cifar100'),
  },
  {
    name: 'nb201-imagenet16',
    space: 'nb201',
    dataset: 'ImageNet16-120',
    summary: 'NAS-Bench-201, 15,625 cells; signal 12-epoch validation, report 200-epoch test; budget in queries',
    load: () => loadNb201Benchmark('imagenet16'),
  },
];

const definitions = new Map<string, BenchmarkDefinition>(BUILT_IN.map((d) => [d.name, d]));
const loaded = new Map<string, Promise<TabularBenchmark>>();
const loadTimes = new Map<string, number>();

/** Every registered benchmark (built-in first), without loading any. */
export function listBenchmarks(): BenchmarkListing[] {
  return [...definitions.values()].map(({ name, space, dataset, summary }) => ({ name, space, dataset, summary }));
}

/**
 * The benchmark of that name, loaded on first use and cached. Throws UnknownBenchmarkError
 * (listing the valid names) for a name that is not registered.
 */
export function getBenchmark(name: string): Promise<TabularBenchmark> {
  const definition = definitions.get(name);
  if (definition === undefined) return Promise.reject(new UnknownBenchmarkError(name, [...definitions.keys()]));
  let pending = loaded.get(name);
  if (pending === undefined) {
    const started = performance.now();
    pending = definition.load().then((benchmark) => {
      loadTimes.set(name, performance.now() - started);
      return benchmark;
    });
    // A failed load is not cached, so a fixed environment can retry without a restart.
    const attempt = pending;
    attempt.catch(() => {
      if (loaded.get(name) === attempt) loaded.delete(name);
    });
    loaded.set(name, attempt);
  }
  return pending;
}

/**
 * Adds a benchmark (e.g. one imported from the official NAS-Bench-101 file) under a new name.
 * Throws when the name is taken, so a built-in can never be shadowed by accident.
 */
export function registerBenchmark(definition: BenchmarkDefinition): void {
  if (definitions.has(definition.name)) throw new Error(`benchmark ${definition.name} is already registered`);
  definitions.set(definition.name, definition);
}

/** Load times of the benchmarks loaded so far in this process, in load order. */
export function benchmarkLoadTimes(): BenchmarkLoadTime[] {
  return [...loadTimes].map(([name, millis]) => ({ name, millis }));
}
