/**
 * Architectures as the model sees them: per graph an N×K one-hot op matrix and an N×N upper-triangular
 * adjacency, stored as bytes (NB101: 423,624 graphs in 36 MB instead of 142 MB of floats) and turned
 * into Float32 batch arrays only for the graphs of one batch.
 */
import type { ArchEncoding } from '@a2v/search-spaces';

export interface GraphDataset {
  readonly count: number;
  readonly N: number;
  readonly K: number;
  /** count × N × K, 0/1. */
  readonly ops: Uint8Array;
  /** count × N × N, 0/1, row = source. */
  readonly adjacency: Uint8Array;
}

export function emptyDataset(count: number, N: number, K: number): GraphDataset {
  return { count, N, K, ops: new Uint8Array(count * N * K), adjacency: new Uint8Array(count * N * N) };
}

export function setEncoding(data: GraphDataset, index: number, encoding: ArchEncoding): void {
  const { N, K } = data;
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < K; k++) data.ops[(index * N + i) * K + k] = encoding.ops[i][k];
    for (let j = 0; j < N; j++) data.adjacency[(index * N + i) * N + j] = encoding.adjacency[i][j];
  }
}

export function datasetFromEncodings(encodings: readonly ArchEncoding[], N: number, K: number): GraphDataset {
  const data = emptyDataset(encodings.length, N, K);
  encodings.forEach((e, i) => setEncoding(data, i, e));
  return data;
}

/** The first `count` graphs (views, no copy). */
export function datasetPrefix(data: GraphDataset, count: number): GraphDataset {
  const n = Math.min(count, data.count);
  return { count: n, N: data.N, K: data.K, ops: data.ops.subarray(0, n * data.N * data.K), adjacency: data.adjacency.subarray(0, n * data.N * data.N) };
}

export interface BatchArrays {
  readonly size: number;
  /** (B·N) × K op features; also the op-reconstruction target. */
  readonly x: Float32Array;
  /** B × N × N: Ã + I with Ã = A + Aᵀ (symmetric), so (1+ε)·H + Ã·H = (Ã + I)·H + ε·H. */
  readonly aggregation: Float32Array;
  /** B × N × N adjacency target (upper triangle; the rest is masked out of the loss). */
  readonly adjacency: Float32Array;
}

export function batchArrays(data: GraphDataset, indices: ArrayLike<number>): BatchArrays {
  const { N, K } = data;
  const size = indices.length;
  const x = new Float32Array(size * N * K);
  const aggregation = new Float32Array(size * N * N);
  const adjacency = new Float32Array(size * N * N);
  for (let b = 0; b < size; b++) {
    const g = indices[b];
    x.set(data.ops.subarray(g * N * K, (g + 1) * N * K), b * N * K);
    const src = g * N * N;
    const dst = b * N * N;
    for (let i = 0; i < N; i++) {
      aggregation[dst + i * N + i] = 1;
      for (let j = 0; j < N; j++) {
        if (!data.adjacency[src + i * N + j]) continue;
        adjacency[dst + i * N + j] = 1;
        aggregation[dst + i * N + j] += 1;
        aggregation[dst + j * N + i] += 1;
      }
    }
  }
  return { size, x, aggregation, adjacency };
}

/**
 * The reference split: the first 90 % of indices train, the rest held out, each permuted once with
 * the seeded generator (train first), and never reshuffled between epochs.
 */
export function splitIndices(count: number, shuffle: (values: Uint32Array) => Uint32Array): { train: Uint32Array; heldOut: Uint32Array } {
  const nTrain = Math.floor(0.9 * count);
  const train = shuffle(Uint32Array.from({ length: nTrain }, (_, i) => i));
  const heldOut = shuffle(Uint32Array.from({ length: count - nTrain }, (_, i) => nTrain + i));
  return { train, heldOut };
}
