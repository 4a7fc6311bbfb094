/**
 * Bayesian linear regression on DNGO's basis: y = Θw + ε, w ~ N(0, α⁻¹I), ε ~ N(0, β⁻¹).
 * Everything runs in the eigenbasis of ΘᵀΘ = V diag(λ) Vᵀ (one symmetric eigendecomposition by
 * ml-matrix per round, of ΘΘᵀ instead when there are fewer observations than basis functions), where the log marginal likelihood (Bishop, PRML eq. 3.86) costs O(M) per
 * (α, β), so the hyper-parameter search is cheap, and the posterior covariance
 * S = (αI + βΘᵀΘ)⁻¹ = V diag(1/(α + βλ)) Vᵀ is diagonal — which the pruned EI search exploits.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { nelderMead } from '../math/nelder-mead.js';

/** ΘᵀΘ in its eigenbasis, and the data projected onto it. */
export interface BlrData {
  n: number;
  m: number;
  /** Eigenvalues of ΘᵀΘ (clamped at 0), ascending. */
  lambda: Float64Array;
  /**
   * Eigenvectors as columns, m × m row-major: V[i*m + j] = component i of eigenvector j. Only the
   * last `rank` columns are stored; the others (λ = 0, the null space) are zero.
   */
  vectors: Float64Array;
  rank: number;
  /** g = Vᵀ Θᵀ y. */
  projected: Float64Array;
  /** yᵀy. */
  yy: number;
}

export interface BlrHyper {
  alpha: number;
  beta: number;
}

/** A fitted posterior, in the eigenbasis. */
export interface BlrPosterior extends BlrHyper {
  data: BlrData;
  /** Posterior mean weights in the original basis (m). */
  mean: Float64Array;
  /** Posterior variance along each eigenvector: 1/(α + βλ_j). */
  weightVariance: Float64Array;
}

export function prepareBlr(theta: Float64Array, y: Float64Array, m: number): BlrData {
  const n = y.length;
  const { lambda, vectors, rank } = n < m ? eigenFromDual(theta, n, m) : eigenFromGram(theta, n, m);
  const thetaTy = new Float64Array(m);
  let yy = 0;
  for (let r = 0; r < n; r++) {
    yy += y[r] * y[r];
    for (let i = 0; i < m; i++) thetaTy[i] += theta[r * m + i] * y[r];
  }
  const projected = new Float64Array(m);
  for (let j = m - rank; j < m; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += vectors[i * m + j] * thetaTy[i];
    projected[j] = s;
  }
  return { n, m, lambda, vectors, rank, projected, yy };
}

interface Eigen {
  lambda: Float64Array;
  vectors: Float64Array;
  rank: number;
}

/** Symmetric eigendecomposition by ml-matrix, eigenvalues ascending (ties by index). */
function symmetricEigen(matrix: Matrix): { values: number[]; vectors: Matrix } {
  const evd = new EigenvalueDecomposition(matrix, { assumeSymmetric: true });
  const raw = evd.realEigenvalues;
  const order = raw.map((_, j) => j).sort((a, b) => raw[a] - raw[b] || a - b);
  const source = evd.eigenvectorMatrix;
  const vectors = new Matrix(matrix.rows, matrix.rows);
  order.forEach((from, j) => {
    for (let i = 0; i < matrix.rows; i++) vectors.set(i, j, source.get(i, from));
  });
  return { values: order.map((j) => raw[j]), vectors };
}

/** The size × size symmetric matrix with entries entry(i, j), i ≤ j, computed once per pair. */
function symmetricMatrix(size: number, entry: (i: number, j: number) => number): Matrix {
  const matrix = Matrix.zeros(size, size);
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      const value = entry(i, j);
      matrix.set(i, j, value);
      matrix.set(j, i, value);
    }
  }
  return matrix;
}

/** n ≥ m: the eigendecomposition of the m × m Gram matrix ΘᵀΘ itself. */
function eigenFromGram(theta: Float64Array, n: number, m: number): Eigen {
  const gram = symmetricMatrix(m, (i, j) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += theta[r * m + i] * theta[r * m + j];
    return s;
  });
  const { values, vectors: v } = symmetricEigen(gram);
  const lambda = Float64Array.from(values, (value) => Math.max(0, value));
  const vectors = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) vectors[i * m + j] = v.get(i, j);
  return { lambda, vectors, rank: m };
}

/**
 * n < m (every early BO round, and all of NB201's 100-query runs): ΘᵀΘ has rank ≤ n, and its
 * non-zero eigenpairs come from the n × n matrix ΘΘᵀ = U diag(μ) Uᵀ as λ = μ, v = Θᵀu/√μ — an
 * eigendecomposition of n³ instead of m³. Eigenvalues below 1e-12·μ_max are taken as 0. The null
 * space is not spanned explicitly: its columns are left zero, `rank` says how many are real, and
 * blrPredict adds the null space's share of ‖φ‖² at the prior variance 1/α.
 */
function eigenFromDual(theta: Float64Array, n: number, m: number): Eigen {
  const kernel = symmetricMatrix(n, (a, b) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += theta[a * m + i] * theta[b * m + i];
    return s;
  });
  const { values, vectors: u } = symmetricEigen(kernel);
  const cutoff = 1e-12 * Math.max(0, values[n - 1] ?? 0);
  const lambda = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  let rank = 0;
  for (let k = n - 1; k >= 0 && values[k] > cutoff; k--, rank++) {
    const j = m - 1 - rank;
    lambda[j] = values[k];
    const norm = 1 / Math.sqrt(values[k]);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += theta[r * m + i] * u.get(r, k);
      vectors[i * m + j] = s * norm;
    }
  }
  return { lambda, vectors, rank };
}

/**
 * log p(y | α, β). `squaredResidual: false` reproduces pybnn's bug of using the plain L2 norm
 * ‖y - Θm‖ where the formula has its square (used in 'reference' mode only).
 */
export function logMarginalLikelihood(data: BlrData, hyper: BlrHyper, squaredResidual = true): number {
  const { n, m, lambda, projected, yy } = data;
  const { alpha, beta } = hyper;
  let fit = 0;
  let weightNorm = 0;
  let logDet = 0;
  for (let j = 0; j < m; j++) {
    const a = alpha + beta * lambda[j];
    const w = (beta * projected[j]) / a;
    fit += -2 * w * projected[j] + lambda[j] * w * w;
    weightNorm += w * w;
    logDet += Math.log(a);
  }
  const residual2 = Math.max(0, yy + fit);
  const residualTerm = squaredResidual ? residual2 : Math.sqrt(residual2);
  return (m / 2) * Math.log(alpha) + (n / 2) * Math.log(beta) - (n / 2) * Math.log(2 * Math.PI) - (beta / 2) * residualTerm - (alpha / 2) * weightNorm - logDet / 2;
}

/** θ = (log α, log β⁻¹) is searched in [-10, 10]², as pybnn's DNGO bounds it. */
export const LOG_HYPER_BOUND = 10;

function fromTheta(theta: readonly number[]): BlrHyper | null {
  if (theta.some((t) => !(Math.abs(t) <= LOG_HYPER_BOUND))) return null;
  return { alpha: Math.exp(theta[0]), beta: Math.exp(-theta[1]) };
}

/**
 * Maximises the log marginal likelihood over θ = (log α, log β⁻¹) in [-10, 10]²: Nelder-Mead
 * from `start` when given (the reference's one random start), otherwise from the best point of
 * a 9×9 grid over the box (deterministic and robust to the likelihood's flat regions).
 */
export function fitBlrHyper(data: BlrData, options: { start?: readonly number[]; squaredResidual?: boolean } = {}): BlrHyper {
  const squared = options.squaredResidual ?? true;
  const negative = (theta: readonly number[]): number => {
    const hyper = fromTheta(theta);
    return hyper === null ? Infinity : -logMarginalLikelihood(data, hyper, squared);
  };
  let start = options.start;
  if (start === undefined) {
    let best = Infinity;
    for (let i = 0; i <= 8; i++) {
      for (let j = 0; j <= 8; j++) {
        const theta = [-10 + 2.5 * i, -10 + 2.5 * j];
        // Keep the grid strictly inside the box so the simplex can move both ways.
        theta[0] = Math.max(-9.9, Math.min(9.9, theta[0]));
        theta[1] = Math.max(-9.9, Math.min(9.9, theta[1]));
        const v = negative(theta);
        if (v < best) [best, start] = [v, theta];
      }
    }
  }
  const result = nelderMead(negative, start ?? [0, -3], { xtol: 1e-6, ftol: 1e-8, maxIterations: 1000 });
  return fromTheta(result.x) ?? { alpha: 1, beta: 1000 };
}

export function blrPosterior(data: BlrData, hyper: BlrHyper): BlrPosterior {
  const { m, lambda, vectors, projected } = data;
  const weightVariance = new Float64Array(m);
  const mean = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const a = hyper.alpha + hyper.beta * lambda[j];
    weightVariance[j] = 1 / a;
    const w = (hyper.beta * projected[j]) / a;
    for (let i = 0; i < m; i++) mean[i] += vectors[i * m + j] * w;
  }
  return { ...hyper, data, mean, weightVariance };
}

/** Predictive mean and variance (1/β + φᵀSφ, clipped at machine ε as pybnn does) of one basis row. */
export function blrPredict(posterior: BlrPosterior, phi: ArrayLike<number>, offset = 0): { mean: number; variance: number } {
  const { m, vectors } = posterior.data;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += posterior.mean[i] * phi[offset + i];
  let quad = 0;
  let spanned = 0;
  for (let j = m - posterior.data.rank; j < m; j++) {
    let c = 0;
    for (let i = 0; i < m; i++) c += vectors[i * m + j] * phi[offset + i];
    quad += c * c * posterior.weightVariance[j];
    spanned += c * c;
  }
  if (posterior.data.rank < m) {
    // The null space's share of ‖φ‖², at the prior variance 1/α.
    let norm = 0;
    for (let i = 0; i < m; i++) norm += phi[offset + i] ** 2;
    quad += Math.max(0, norm - spanned) / posterior.alpha;
  }
  return { mean, variance: Math.max(Number.EPSILON, 1 / posterior.beta + quad) };
}
