/**
 * A stand-in for arch2vec embeddings until the real model lands: a fixed, seeded Gaussian random
 * projection of each cell's arch2vec input encoding (flattened N×N adjacency and N×K op one-hot)
 * to `dim` values, centred and scaled to unit variance per dimension. Cells that differ by one
 * edge or op differ by a few encoding entries, so near cells stay near (a crude version of what
 * arch2vec learns), and the scale roughly matches a unit-variance latent for the RL policy's
 * identity covariance. It knows nothing about accuracy.
 */
import type { TabularBenchmark } from '@a2v/benchmarks';
import { encodeNb101Cell, encodeNb201Cell, type ArchEncoding } from '@a2v/search-spaces';
import { SeededRng } from '../util/seeded-rng.js';
import type { EmbeddingSet } from './embedding-set.js';

export interface StandInOptions {
  seed?: number;
  dim?: number;
}

export function createStandInEmbeddingSet(benchmark: TabularBenchmark, options: StandInOptions = {}): EmbeddingSet {
  const seed = options.seed ?? 0;
  const dim = options.dim ?? 16;
  const keys: string[] = [];
  const encodings: number[][] = [];
  for (const arch of benchmark.architectures()) {
    const encoding: ArchEncoding = arch.space === 'nb101' ? encodeNb101Cell(arch.cell) : encodeNb201Cell(arch.cell);
    keys.push(arch.key);
    encodings.push([...encoding.adjacency.flat(), ...encoding.ops.flat()]);
  }
  return { space: benchmark.space, dim, keys, vectors: projectRows(encodings, dim, seed), sourceId: `stand-in:random-projection:seed=${seed}:dim=${dim}`, kind: 'stand-in' };
}

/** Gaussian random projection of the rows to `dim` columns, then per-column z-scoring. */
export function projectRows(rows: readonly (readonly number[])[], dim: number, seed: number): Float32Array {
  const width = rows[0]?.length ?? 0;
  const rng = SeededRng.fromSeed(seed);
  const projection = Float64Array.from({ length: width * dim }, () => rng.normal());
  const out = new Float64Array(rows.length * dim);
  rows.forEach((row, r) => {
    for (let d = 0; d < dim; d++) {
      let sum = 0;
      for (let j = 0; j < width; j++) sum += row[j] * projection[j * dim + d];
      out[r * dim + d] = sum;
    }
  });
  for (let d = 0; d < dim; d++) {
    let mean = 0;
    for (let r = 0; r < rows.length; r++) mean += out[r * dim + d];
    mean /= rows.length;
    let variance = 0;
    for (let r = 0; r < rows.length; r++) variance += (out[r * dim + d] - mean) ** 2;
    const scale = 1 / Math.sqrt(variance / rows.length || 1);
    for (let r = 0; r < rows.length; r++) out[r * dim + d] = (out[r * dim + d] - mean) * scale;
  }
  return Float32Array.from(out);
}
