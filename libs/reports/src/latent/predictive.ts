/**
 * Fig. 2 of the paper: how well the embedding predicts performance. A Gaussian process (RBF kernel
 * on z-scored features) is fitted to `trainSize` random architectures and predicts the rest; RMSE
 * and Pearson r are taken on the held-out architectures whose true label exceeds `threshold`
 * (the paper: 250 training points, 10 seeds, test accuracy > 0.8; arch2vec 0.018 / 0.67).
 * Length scale and noise are picked per seed by log marginal likelihood over a small grid.
 * (DNGO, the paper's other predictor, lives in @a2v/search, which this lib may not import.)
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { meanStd, pearson, Rng, type Embedding, type MeanStdN } from './embedding.js';

export interface PredictiveOptions {
  trainSize?: number;
  seeds?: number[];
  threshold?: number;
  /** Held-out architectures scored per seed (a random subset when there are more). */
  maxTest?: number;
}

export interface PredictiveSeed {
  seed: number;
  rmse: number;
  pearson: number;
  /** Held-out architectures scored (label > threshold). */
  n: number;
  lengthScale: number;
  noise: number;
}

export interface PredictivePerformance {
  perSeed: PredictiveSeed[];
  rmse: MeanStdN;
  pearson: MeanStdN;
  /** (true, predicted) pairs of the first seed, for the scatter plot: at most 1,000 (a random subset; SVG size). */
  scatter: Array<{ truth: number; predicted: number }>;
}

interface Fit {
  alpha: Matrix;
  logLikelihood: number;
}

function rbf(x: Float64Array[], a: Float64Array, lengthScale: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let d = 0;
    for (let k = 0; k < a.length; k++) d += (x[i][k] - a[k]) ** 2;
    out[i] = Math.exp(-d / (2 * lengthScale * lengthScale));
  }
  return out;
}

/** GP with signal variance `signal`, noise variance signal·noise; undefined when K is not positive definite. */
function fit(x: Float64Array[], y: number[], lengthScale: number, noise: number, signal: number): Fit | undefined {
  const n = x.length;
  const k = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    const row = rbf(x, x[i], lengthScale);
    for (let j = 0; j < n; j++) k.set(i, j, signal * row[j] + (i === j ? signal * noise : 0));
  }
  const chol = new CholeskyDecomposition(k);
  if (!chol.isPositiveDefinite()) return undefined;
  const alpha = chol.solve(Matrix.columnVector(y));
  const l = chol.lowerTriangularMatrix;
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += 2 * Math.log(l.get(i, i));
  const fitTerm = y.reduce((s, v, i) => s + v * alpha.get(i, 0), 0);
  return { alpha, logLikelihood: -0.5 * fitTerm - 0.5 * logDet - (n / 2) * Math.log(2 * Math.PI) };
}

/** z-scores every row with the training rows' mean and population std. */
function standardise(e: Embedding, rows: number[], train: number[]): Float64Array[] {
  const { dim, vectors } = e;
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  for (const r of train) for (let d = 0; d < dim; d++) mean[d] += vectors[r * dim + d] / train.length;
  for (const r of train) for (let d = 0; d < dim; d++) std[d] += (vectors[r * dim + d] - mean[d]) ** 2 / train.length;
  for (let d = 0; d < dim; d++) std[d] = Math.sqrt(std[d]) || 1;
  return rows.map((r) => Float64Array.from({ length: dim }, (_, d) => (vectors[r * dim + d] - mean[d]) / std[d]));
}

export function gpPredictivePerformance(e: Embedding, labelOf: (key: string) => number | undefined, options: PredictiveOptions = {}): PredictivePerformance {
  const { trainSize = 250, seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], threshold = 0.8, maxTest = 5000 } = options;
  const labelled = e.keys.map((k, i) => [i, labelOf(k)] as const).filter((p): p is readonly [number, number] => p[1] !== undefined && Number.isFinite(p[1]));
  if (labelled.length <= trainSize) throw new RangeError(`predictive performance needs more than ${trainSize} labelled architectures, got ${labelled.length}`);
  const perSeed: PredictiveSeed[] = [];
  let scatter: PredictivePerformance['scatter'] = [];
  for (const seed of seeds) {
    const rng = new Rng(seed);
    const order = rng.sample(labelled.length, labelled.length);
    const train = order.slice(0, trainSize).map((k) => labelled[k]);
    const held = order.slice(trainSize).map((k) => labelled[k]).filter(([, y]) => y > threshold).slice(0, maxTest);
    if (held.length < 2) throw new RangeError(`fewer than 2 held-out architectures have a label above ${threshold}`);
    const x = standardise(e, train.map(([r]) => r), train.map(([r]) => r));
    const xt = standardise(e, held.map(([r]) => r), train.map(([r]) => r));
    const mean = train.reduce((s, [, y]) => s + y, 0) / train.length;
    const y = train.map(([, v]) => v - mean);
    const signal = Math.max(y.reduce((s, v) => s + v * v, 0) / y.length, 1e-12);
    let best: { fit: Fit; lengthScale: number; noise: number } | undefined;
    for (const scale of [0.25, 0.5, 1, 2, 4]) {
      for (const noise of [1e-3, 1e-2, 1e-1, 0.5]) {
        const lengthScale = scale * Math.sqrt(e.dim);
        const f = fit(x, y, lengthScale, noise, signal);
        if (f && (!best || f.logLikelihood > best.fit.logLikelihood)) best = { fit: f, lengthScale, noise };
      }
    }
    if (!best) throw new RangeError('no kernel setting gave a positive definite GP covariance');
    const predicted = xt.map((row) => mean + rbf(x, row, best.lengthScale).reduce((s, k, i) => s + signal * k * best.fit.alpha.get(i, 0), 0));
    const truth = held.map(([, v]) => v);
    const rmse = Math.sqrt(truth.reduce((s, t, i) => s + (t - predicted[i]) ** 2, 0) / truth.length);
    perSeed.push({ seed, rmse, pearson: pearson(truth, predicted), n: truth.length, lengthScale: best.lengthScale, noise: best.noise });
    // held-out architectures are in random order, so the first 1,000 are a random subset
    if (scatter.length === 0) scatter = truth.slice(0, 1000).map((t, i) => ({ truth: t, predicted: predicted[i] }));
  }
  return { perSeed, rmse: meanStd(perSeed.map((s) => s.rmse)), pearson: meanStd(perSeed.map((s) => s.pearson)), scatter };
}
