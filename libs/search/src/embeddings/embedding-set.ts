/**
 * The latent space the embedding methods search in: one float32 row per architecture key. The
 * arch2vec model library produces these from a checkpoint (sourceId names it); until then tests
 * and sweeps use `createStandInEmbeddingSet`. Only this shape is assumed, so any encoder's output
 * (arch2vec, a supervised encoder, a stand-in) plugs in unchanged.
 */
import type { SearchSpaceId } from '@a2v/benchmarks';
import { SearchInputError } from '../errors.js';
import type { CandidatePool } from '../candidate-pool.js';

export type EmbeddingKind = 'arch2vec' | 'supervised' | 'stand-in';

export interface EmbeddingSet {
  space: SearchSpaceId;
  /** Width of each row (16 in the paper). */
  dim: number;
  /** Architecture keys, in row order (NB101 module hash / NB201 arch string). */
  keys: readonly string[];
  /** keys.length × dim, row-major. */
  vectors: Float32Array;
  /** Identifies what produced the rows (e.g. a checkpoint id); recorded in every search state. */
  sourceId: string;
  /** What kind of encoder produced it; absent means an unsupervised (arch2vec-like) encoder. */
  kind?: EmbeddingKind;
}

/** The rows of an embedding set re-ordered to a benchmark's candidate order. */
export interface AlignedEmbeddings {
  dim: number;
  /** pool.size × dim, row i = embedding of pool.keys[i]. */
  rows: Float32Array;
  sourceId: string;
  kind: EmbeddingKind;
}

/**
 * Checks an embedding set against a benchmark's candidates and re-orders it to them. Every
 * labelled architecture needs a row; rows for unlabelled keys (e.g. the full NAS-Bench-101 space
 * against a subsampled table) are dropped. Throws SearchInputError naming the first problem.
 */
export function alignEmbeddings(set: EmbeddingSet, pool: CandidatePool): AlignedEmbeddings {
  // Embedding sets are treated as immutable, so the alignment (and the indexes built on it) is
  // computed once per set and benchmark, not once per run.
  const cached = alignedCache.get(set)?.get(pool);
  if (cached !== undefined) return cached;
  const aligned = align(set, pool);
  let perPool = alignedCache.get(set);
  if (perPool === undefined) alignedCache.set(set, (perPool = new WeakMap()));
  perPool.set(pool, aligned);
  return aligned;
}

const alignedCache = new WeakMap<EmbeddingSet, WeakMap<CandidatePool, AlignedEmbeddings>>();

function align(set: EmbeddingSet, pool: CandidatePool): AlignedEmbeddings {
  const benchmark = pool.benchmark;
  if (set === null || typeof set !== 'object') throw new SearchInputError('embeddings must be an EmbeddingSet object');
  if (set.space !== benchmark.space) {
    throw new SearchInputError(`embedding set ${set.sourceId} is for space ${set.space}, but benchmark ${benchmark.name} is ${benchmark.space}`);
  }
  if (!Number.isInteger(set.dim) || set.dim < 1) throw new SearchInputError(`embedding dim must be an integer >= 1, got ${set.dim}`);
  if (!(set.vectors instanceof Float32Array)) throw new SearchInputError('embedding vectors must be a Float32Array');
  if (!Array.isArray(set.keys)) throw new SearchInputError('embedding keys must be an array of architecture keys');
  if (set.vectors.length !== set.keys.length * set.dim) {
    throw new SearchInputError(
      `embedding set ${set.sourceId} has ${set.vectors.length} values, expected keys (${set.keys.length}) × dim (${set.dim}) = ${set.keys.length * set.dim}`,
    );
  }
  if (typeof set.sourceId !== 'string' || set.sourceId === '') throw new SearchInputError('embedding set needs a non-empty sourceId');
  const dim = set.dim;
  const rows = new Float32Array(pool.size * dim);
  const filled = new Uint8Array(pool.size);
  set.keys.forEach((key, row) => {
    const index = pool.indexOf(key);
    if (index === undefined) return;
    if (filled[index] === 1) throw new SearchInputError(`embedding set ${set.sourceId} has key ${key} twice`);
    filled[index] = 1;
    for (let d = 0; d < dim; d++) {
      const value = set.vectors[row * dim + d];
      if (!Number.isFinite(value)) throw new SearchInputError(`embedding of ${key} has a non-finite value at ${d}`);
      rows[index * dim + d] = value;
    }
  });
  const missing = filled.indexOf(0);
  if (missing !== -1) {
    const count = filled.reduce((n, f) => n + (f === 0 ? 1 : 0), 0);
    throw new SearchInputError(
      `embedding set ${set.sourceId} (${set.keys.length} rows) lacks ${count} of the ${pool.size} architectures of ${benchmark.name}, e.g. ${pool.keys[missing]}`,
    );
  }
  return { dim, rows, sourceId: set.sourceId, kind: set.kind ?? 'arch2vec' };
}

/**
 * The shape @a2v/model's embedding files load into (space named 'nasbench101'/'nasbench201', rows,
 * the checkpoint's sha256), described structurally so this library does not depend on the model.
 */
export interface ModelEmbeddingSetLike {
  readonly space: 'nasbench101' | 'nasbench201';
  readonly dim: number;
  readonly keys: readonly string[];
  readonly rows: Float32Array;
  readonly checkpointSha256: string;
}

/** Adapts an @a2v/model embedding set (arch2vec, unsupervised unless told otherwise). */
export function fromModelEmbeddingSet(set: ModelEmbeddingSetLike, kind: EmbeddingKind = 'arch2vec'): EmbeddingSet {
  return {
    space: set.space === 'nasbench101' ? 'nb101' : 'nb201',
    dim: set.dim,
    keys: set.keys,
    vectors: set.rows,
    sourceId: `checkpoint:${set.checkpointSha256}`,
    kind,
  };
}
