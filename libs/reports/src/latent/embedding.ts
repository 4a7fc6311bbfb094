/**
 * An embedding set in the neutral form the analyses take — row i of `vectors` (dim floats) embeds
 * architecture `keys[i]` — so they run on arch2vec's sets (from @a2v/model, which this lib may not
 * import) or any other, and the architectures (cells, labels) a benchmark or search space supplies.
 */
import type { SearchSpace } from '@a2v/search-spaces';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** What trained the encoder: arch2vec (unsupervised VGAE) or the supervised baseline of the paper. */
export type EncoderKind = 'arch2vec' | 'supervised';

export interface Embedding {
  keys: string[];
  vectors: Float32Array;
  dim: number;
}

/** The cells behind embedding keys, and the space that measures edit distance between them. */
export interface ArchitectureSet<Cell> {
  space: SearchSpace<Cell>;
  /** The cell of a key; undefined when the key is not an architecture the caller knows. */
  cellOf(key: string): Cell | undefined;
}

export class EmbeddingError extends Error {
  override name = 'EmbeddingError';
}

/** Throws EmbeddingError unless rows and keys agree, keys are unique and every value is finite. */
export function checkEmbedding(e: Embedding): void {
  if (!Number.isInteger(e.dim) || e.dim <= 0) throw new EmbeddingError(`embedding dim must be a positive integer, got ${e.dim}`);
  if (e.vectors.length !== e.keys.length * e.dim) {
    throw new EmbeddingError(`embedding has ${e.keys.length} keys × dim ${e.dim} = ${e.keys.length * e.dim} values expected, got ${e.vectors.length}`);
  }
  if (new Set(e.keys).size !== e.keys.length) throw new EmbeddingError('embedding keys must be unique');
  const bad = e.vectors.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new EmbeddingError(`embedding value ${bad} (key ${e.keys[Math.floor(bad / e.dim)]}) is not finite`);
}

/** The rows whose key passes `keep` (e.g. the architectures a benchmark has labels for), in order. */
export function restrictEmbedding(e: Embedding, keep: (key: string) => boolean): Embedding {
  const rows = e.keys.map((k, i) => (keep(k) ? i : -1)).filter((i) => i >= 0);
  if (rows.length === e.keys.length) return e;
  const vectors = new Float32Array(rows.length * e.dim);
  rows.forEach((r, k) => vectors.set(e.vectors.subarray(r * e.dim, (r + 1) * e.dim), k * e.dim));
  return { keys: rows.map((r) => e.keys[r]), vectors, dim: e.dim };
}

export function keyIndex(e: Embedding): Map<string, number> {
  return new Map(e.keys.map((k, i) => [k, i]));
}

export function squaredDistance(e: Embedding, i: number, j: number): number {
  let sum = 0;
  for (let d = 0, a = i * e.dim, b = j * e.dim; d < e.dim; d++) {
    const diff = e.vectors[a + d] - e.vectors[b + d];
    sum += diff * diff;
  }
  return sum;
}

export function l2Distance(e: Embedding, i: number, j: number): number {
  return Math.sqrt(squaredDistance(e, i, j));
}

/** Seeded randomness for the analyses (xoroshiro128+, as the rest of a2v). */
export class Rng {
  private readonly g: RandomGenerator;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed);
  }
  unit(): number {
    return uniformFloat64(this.g);
  }
  int(from: number, to: number): number {
    return uniformInt(this.g, from, to);
  }
  gaussian(): number {
    const u = 1 - this.unit();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.unit());
  }
  /** k distinct indexes of 0..n-1 (all of them, shuffled, when k ≥ n). */
  sample(n: number, k: number): number[] {
    const all = Array.from({ length: n }, (_, i) => i);
    const m = Math.min(k, n);
    for (let i = 0; i < m; i++) {
      const j = this.int(i, n - 1);
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all.slice(0, m);
  }
}

export interface MeanStdN {
  mean: number;
  std: number;
  n: number;
}

export function meanStd(values: number[]): MeanStdN {
  const n = values.length;
  const mean = n ? values.reduce((s, v) => s + v, 0) / n : Number.NaN;
  const std = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}
