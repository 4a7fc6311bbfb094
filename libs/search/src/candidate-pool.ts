/**
 * The architectures a search may propose: every labelled architecture of a benchmark, in the
 * benchmark's stable order, with key <-> index lookups and the cells (for mutation). Read-only and
 * shared by all runs on the same benchmark object; per-run bookkeeping lives in the methods.
 */
import type { BenchmarkArchitecture, TabularBenchmark } from '@a2v/benchmarks';
import { nasBench101, nasBench201, type Nb101Cell, type Nb201Cell, type SearchSpace } from '@a2v/search-spaces';

export class CandidatePool {
  readonly keys: readonly string[];
  private readonly indexByKey: Map<string, number>;
  private readonly architectures: readonly BenchmarkArchitecture[];

  private constructor(readonly benchmark: TabularBenchmark) {
    this.architectures = [...benchmark.architectures()];
    this.keys = this.architectures.map((a) => a.key);
    this.indexByKey = new Map(this.keys.map((key, index) => [key, index]));
  }

  private static readonly cache = new WeakMap<TabularBenchmark, CandidatePool>();

  static of(benchmark: TabularBenchmark): CandidatePool {
    let pool = CandidatePool.cache.get(benchmark);
    if (pool === undefined) {
      pool = new CandidatePool(benchmark);
      CandidatePool.cache.set(benchmark, pool);
    }
    return pool;
  }

  get size(): number {
    return this.keys.length;
  }

  indexOf(key: string): number | undefined {
    return this.indexByKey.get(key);
  }

  /**
   * Keys of the labelled architectures one mutation away from `index` (the space's
   * `neighbours`), in the space's order; unlabelled neighbours (e.g. on a subsampled
   * NAS-Bench-101 table) are left out because they cannot be queried.
   */
  neighbourIndices(index: number): number[] {
    const arch = this.architectures[index];
    const out: number[] = [];
    if (arch.space === 'nb101') {
      const space: SearchSpace<Nb101Cell> = nasBench101;
      for (const cell of space.neighbours(arch.cell)) this.pushIfLabelled(space.key(cell), out);
    } else {
      const space: SearchSpace<Nb201Cell> = nasBench201;
      for (const cell of space.neighbours(arch.cell)) this.pushIfLabelled(space.key(cell), out);
    }
    return out;
  }

  private pushIfLabelled(key: string, out: number[]): void {
    const index = this.indexByKey.get(key);
    if (index !== undefined) out.push(index);
  }
}
