/** PCA of an embedding (Fig. 4 uses t-SNE; PCA is the cheap, deterministic view of the same set). */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Embedding } from './embedding.js';

export interface Projection {
  /** Embedding row of each point. */
  indices: number[];
  /** x, y of point k at 2k, 2k+1. */
  points: Float64Array;
}

export interface PcaResult extends Projection {
  /** Share of the total variance along the first two components. */
  explained: [number, number];
  components: [number[], number[]];
}

/** Projects the rows `indices` (default: all) onto their first two principal components. */
export function pca2(e: Embedding, indices: number[] = e.keys.map((_, i) => i)): PcaResult {
  const { dim, vectors } = e;
  const n = indices.length;
  if (n < 2) throw new RangeError('PCA needs at least 2 points');
  const mean = new Float64Array(dim);
  for (const i of indices) for (let d = 0; d < dim; d++) mean[d] += vectors[i * dim + d] / n;
  const cov = Matrix.zeros(dim, dim);
  for (const i of indices) {
    for (let a = 0; a < dim; a++) {
      const xa = vectors[i * dim + a] - mean[a];
      for (let b = a; b < dim; b++) cov.set(a, b, cov.get(a, b) + (xa * (vectors[i * dim + b] - mean[b])) / (n - 1));
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov.set(a, b, cov.get(b, a));
  const evd = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((v, k) => [v, k] as const).sort((p, q) => q[0] - p[0]).map(([, k]) => k);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const component = (k: number) => evd.eigenvectorMatrix.getColumn(order[k]);
  const c1 = component(0);
  const c2 = dim > 1 ? component(1) : new Array<number>(dim).fill(0);
  const points = new Float64Array(n * 2);
  indices.forEach((i, k) => {
    for (let d = 0; d < dim; d++) {
      const x = vectors[i * dim + d] - mean[d];
      points[2 * k] += x * c1[d];
      points[2 * k + 1] += x * c2[d];
    }
  });
  const share = (k: number) => (total > 0 && k < dim ? Math.max(values[order[k]], 0) / total : 0);
  return { indices, points, explained: [share(0), share(1)], components: [c1, c2] };
}
