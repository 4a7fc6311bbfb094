/**
 * The in-memory TabularBenchmark every loader and importer builds. It checks the table once on
 * construction (unique keys, accuracies really fractions, no NaN), so `query` can be a bare
 * Map lookup that hands back a frozen, pre-built result.
 */
import { BenchmarkDataError, UnknownArchitectureError } from './errors.js';
import type {
  BenchmarkArchitecture,
  BenchmarkInfo,
  BenchmarkOptimum,
  QueryResult,
  SearchSpaceId,
  TabularBenchmark,
} from './types.js';

/** One labelled row: the architecture and its labels (fractions, seconds, counts). */
export interface TabularRow {
  architecture: BenchmarkArchitecture;
  result: QueryResult;
}

export interface TabularBenchmarkSpec {
  name: string;
  space: SearchSpaceId;
  info: BenchmarkInfo;
  rows: Iterable<TabularRow>;
}

function checkFraction(name: string, key: string, field: string, value: unknown): void {
  // Catches percent-vs-fraction mix-ups and NaN before any search sees them.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new BenchmarkDataError(`${name}: ${field} of ${key} must be a fraction in 0..1, got ${String(value)}`);
  }
}

function checkOptionalNonNegative(name: string, key: string, field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new BenchmarkDataError(`${name}: ${field} of ${key} must be a finite number >= 0 or absent, got ${String(value)}`);
  }
}

/** Copies only the defined fields, so absent values stay absent (no `undefined` keys, no NaN). */
function freezeResult(result: QueryResult): QueryResult {
  const out: QueryResult = { validationAccuracy: result.validationAccuracy };
  if (result.testAccuracy !== undefined) out.testAccuracy = result.testAccuracy;
  if (result.trainingSeconds !== undefined) out.trainingSeconds = result.trainingSeconds;
  if (result.parameters !== undefined) out.parameters = result.parameters;
  return Object.freeze(out);
}

class InMemoryTabularBenchmark implements TabularBenchmark {
  readonly size: number;
  readonly optimum: BenchmarkOptimum;
  private readonly results = new Map<string, QueryResult>();
  private readonly archs: BenchmarkArchitecture[] = [];

  constructor(
    readonly name: string,
    readonly space: SearchSpaceId,
    readonly info: BenchmarkInfo,
    rows: Iterable<TabularRow>,
  ) {
    let best: BenchmarkOptimum | undefined;
    let testCount = 0;
    for (const { architecture, result } of rows) {
      const key = architecture.key;
      if (architecture.space !== space) {
        throw new BenchmarkDataError(`${name}: architecture ${key} is from space ${architecture.space}, not ${space}`);
      }
      if (this.results.has(key)) throw new BenchmarkDataError(`${name}: duplicate architecture key ${key}`);
      checkFraction(name, key, 'validationAccuracy', result.validationAccuracy);
      if (result.testAccuracy !== undefined) {
        checkFraction(name, key, 'testAccuracy', result.testAccuracy);
        testCount += 1;
      }
      checkOptionalNonNegative(name, key, 'trainingSeconds', result.trainingSeconds);
      checkOptionalNonNegative(name, key, 'parameters', result.parameters);
      this.results.set(key, freezeResult(result));
      this.archs.push(architecture);
      best = improveOptimum(best, key, result);
    }
    if (best === undefined) throw new BenchmarkDataError(`${name}: no labelled architectures`);
    // A test accuracy for only some rows would make regret depend on which rows a search visits.
    if (testCount !== 0 && testCount !== this.archs.length) {
      throw new BenchmarkDataError(`${name}: only ${testCount} of ${this.archs.length} rows have a test accuracy`);
    }
    this.size = this.archs.length;
    this.optimum = Object.freeze(best);
  }

  *architectures(): IterableIterator<BenchmarkArchitecture> {
    yield* this.archs;
  }

  has(archKey: string): boolean {
    return this.results.has(archKey);
  }

  query(archKey: string): QueryResult {
    const result = this.results.get(archKey);
    if (result === undefined) throw new UnknownArchitectureError(this.name, archKey);
    return result;
  }
}

function improveOptimum(best: BenchmarkOptimum | undefined, key: string, result: QueryResult): BenchmarkOptimum {
  if (best === undefined) {
    const first: BenchmarkOptimum = { validationAccuracy: result.validationAccuracy, validationKey: key };
    if (result.testAccuracy !== undefined) Object.assign(first, { testAccuracy: result.testAccuracy, testKey: key });
    return first;
  }
  if (result.validationAccuracy > best.validationAccuracy) {
    best.validationAccuracy = result.validationAccuracy;
    best.validationKey = key;
  }
  if (result.testAccuracy !== undefined && result.testAccuracy > (best.testAccuracy ?? -Infinity)) {
    best.testAccuracy = result.testAccuracy;
    best.testKey = key;
  }
  return best;
}

/** Builds a benchmark from labelled rows; throws BenchmarkDataError when the table is inconsistent. */
export function createTabularBenchmark(spec: TabularBenchmarkSpec): TabularBenchmark {
  return new InMemoryTabularBenchmark(spec.name, spec.space, Object.freeze({ ...spec.info }), spec.rows);
}
