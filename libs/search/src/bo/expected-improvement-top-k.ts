/**
 * The acquisition step of DNGO over a whole embedding table: the k unvisited candidates with the
 * highest expected improvement, exactly as a brute-force pass would rank them (log EI, ties by
 * lower index), but without computing every predictive variance in full.
 *
 * Why it can prune: EI grows with both the predictive mean and the predictive spread. In the
 * eigenbasis of the posterior covariance, var(φ) = 1/β + Σ_j s_j c_j² with c = Vᵀφ and
 * s_j = 1/(α + βλ_j) ≤ s_0 = 1/(α + βλ_min). Writing s_j = s_0 − δ_j (δ_j ≥ 0),
 * var = 1/β + s_0‖φ‖² − Σ_j δ_j c_j²: every direction projected lowers an upper bound that starts
 * at the prior variance. Directions go largest δ first (the best-determined ones), in blocks, and
 * a candidate is dropped as soon as its EI bound falls below the current k-th best EI.
 * Why it is cheap with few observations: ΦᵀΦ has rank ≤ n, so with n < 128 observations the
 * other 128 − n directions all have λ = 0 and δ = 0; they are never projected (δ_j ≤ 1e-12·s_0
 * ends the sum; what it leaves out is below 1e-12 of the variance, float64 rounding territory).
 * The mean is always computed in full. At the arch2vec shape a SIMD kernel computes the basis,
 * the mean, ‖φ‖² and the fully projected bound in float32 for a block of candidates; only those
 * whose widened bound can still beat the k-th best are scored in float64.
 */
import { logExpectedImprovement, logExpectedImprovementUpperBound } from '../math/expected-improvement.js';
import type { BlrPosterior } from './bayesian-linear-regression.js';
import { DngoBasisKernel, KERNEL_BLOCK, KERNEL_HIDDEN, KERNEL_INPUTS } from './dngo-basis-kernel.js';
import { hiddenLayer, type DngoNetwork } from './dngo-network.js';

export interface AcquisitionModel {
  net: DngoNetwork;
  posterior: BlrPosterior;
  /** Per-input normalisation applied before the net: (x - mean) / std. */
  inputMean: Float64Array;
  inputStd: Float64Array;
  /** Best value in the model's output units (observed best, or the reference's fixed 0.95 / 1.0). */
  incumbent: number;
  /** 'std': EI with σ (correct); 'variance': the reference code's EI with σ² in place of σ. */
  spread: 'std' | 'variance';
}

export interface ScoredCandidate {
  index: number;
  logEi: number;
  mean: number;
  variance: number;
}

const BLOCK = 16;
/** Slack on the pruning test, far above rounding error and far below any real EI gap. */
const PRUNE_MARGIN = 1e-9;
/**
 * Error allowance of the kernel's float32 projection, relative to the prior bound s_0‖φ‖² it is
 * subtracted from. Each float32 dot product vᵣ·φ (unit vᵣ, 128 terms) is within 128·2⁻²⁴·‖φ‖ of
 * its float64 value, so Σ δᵣcᵣ² is within 2·7.7e-6·‖φ‖·s_0·Σ|cᵣ| ≤ 1.7e-4·s_0‖φ‖² (Σ|cᵣ| ≤ √128‖φ‖):
 * 1e-3 covers that worst case with room to spare.
 */
const PROJECTION_SLACK = 1e-3;

/**
 * Top-k candidates by EI among rows with `visited[i] === 0`. `rows` is count × dim (float32).
 * Returns them best first. `stats` (optional) counts how many needed the full variance.
 */
export function topKByExpectedImprovement(model: AcquisitionModel, rows: Float32Array, dim: number, visited: Uint8Array, k: number, stats?: { full: number; scanned: number }): ScoredCandidate[] {
  const { net, posterior } = model;
  const h = net.hidden;
  if (net.inputs !== dim) throw new Error(`model expects ${net.inputs} inputs, rows have ${dim}`);
  // Fold the input normalisation into the first layer: z = W'x + b' (W stored transposed).
  const w1t = new Float64Array(h * dim);
  const b1 = Float64Array.from(net.b1);
  for (let d = 0; d < dim; d++) {
    for (let q = 0; q < h; q++) {
      const w = net.w1t[d * h + q] / model.inputStd[d];
      w1t[d * h + q] = w;
      b1[q] -= w * model.inputMean[d];
    }
  }
  // Eigenvectors as rows, largest λ (largest δ) first, for contiguous projections.
  const m = posterior.data.m;
  const s = posterior.weightVariance; // descending
  const sMax = s[0];
  let directions = m; // directions with δ_j > 1e-12·s_0; the rest add exactly s_0·c_j² (up to 1e-12)
  while (directions > 0 && sMax - s[m - directions] <= 1e-12 * sMax) directions--;
  const vt = new Float64Array(directions * m);
  const delta = new Float64Array(directions);
  for (let r = 0; r < directions; r++) {
    const j = m - 1 - r;
    delta[r] = sMax - s[j];
    for (let i = 0; i < m; i++) vt[r * m + i] = posterior.data.vectors[i * m + j];
  }
  const noise = 1 / posterior.beta;
  const weights = posterior.mean;
  const toScale = model.spread === 'std' ? Math.sqrt : (v: number) => v;
  const incumbent = model.incumbent;

  /** noise + s_0‖φ‖² from the kernel's float32 ‖φ‖², widened by its rounding error. */
  const priorBound = (norm2: number): number => noise + sMax * norm2 * (1 + 1e-5);
  const best: ScoredCandidate[] = [];
  let threshold = -Infinity;
  const score = (i: number, phi: Float32Array | Float64Array, offset: number): void => {
    if (stats) stats.scanned += 1;
    let mean = 0;
    let norm2 = 0;
    for (let q = 0; q < h; q++) {
      const a = phi[offset + q];
      mean += weights[q] * a;
      norm2 += a * a;
    }
    let upper = noise + sMax * norm2; // the variance once every direction is subtracted
    let r = 0;
    while (r < directions) {
      if (logExpectedImprovementUpperBound(mean, toScale(upper), incumbent) < threshold - PRUNE_MARGIN) return;
      const end = Math.min(directions, r + BLOCK);
      for (; r < end; r++) {
        const c = dot(vt, r * m, phi, offset, h);
        upper -= delta[r] * c * c;
      }
    }
    if (stats) stats.full += 1;
    const variance = Math.max(Number.EPSILON, upper);
    const logEi = logExpectedImprovement(mean, toScale(variance), incumbent);
    if (best.length < k || logEi > threshold) {
      insertRanked(best, { index: i, logEi, mean, variance }, k);
      if (best.length === k) threshold = best[k - 1].logEi;
    }
  };
  const count = visited.length;
  if (dim === KERNEL_INPUTS && h === KERNEL_HIDDEN) {
    // The arch2vec shape: the basis layer runs in the SIMD kernel, a block of candidates at a time.
    // It also returns float32 mean and ‖φ‖² per candidate: widened by their worst rounding error
    // (128 float32 additions: < 1e-5 relative to Σ|w_q|, resp. to ‖φ‖²), they give a first EI
    // bound without touching φ in TypeScript; only candidates that pass it are scored in float64.
    const kernel = new DngoBasisKernel(w1t, b1, weights);
    kernel.setDirections(vt, delta, directions);
    let meanSlack = 0;
    for (let q = 0; q < h; q++) meanSlack += 1e-5 * Math.abs(weights[q]);
    const sums = kernel.stats;
    const { list } = kernel;
    for (let from = 0; from < count; from += KERNEL_BLOCK) {
      const size = Math.min(KERNEL_BLOCK, count - from);
      const phi = kernel.run(rows, from, size);
      let listed = 0;
      for (let j = 0; j < size; j++) {
        if (visited[from + j] !== 0) continue;
        if (logExpectedImprovementUpperBound(sums[2 * j] + meanSlack, toScale(priorBound(sums[2 * j + 1])), incumbent) < threshold - PRUNE_MARGIN) {
          if (stats) stats.scanned += 1;
          continue;
        }
        list[listed++] = j;
      }
      // The survivors' variance bound with every direction projected, in the kernel (float32):
      // widened by its rounding error, a second cheap test before the exact float64 scoring.
      const projected = kernel.project(listed);
      for (let e = 0; e < listed; e++) {
        const j = list[e];
        const prior = priorBound(sums[2 * j + 1]);
        const upper = prior - projected[e] + PROJECTION_SLACK * prior;
        if (logExpectedImprovementUpperBound(sums[2 * j] + meanSlack, toScale(upper), incumbent) < threshold - PRUNE_MARGIN) {
          if (stats) stats.scanned += 1;
          continue;
        }
        score(from + j, phi, j * h);
      }
    }
  } else {
    const phi = new Float64Array(h);
    for (let i = 0; i < count; i++) {
      if (visited[i] !== 0) continue;
      hiddenLayer(w1t, b1, rows, i * dim, dim, h, phi);
      score(i, phi, 0);
    }
  }
  return best;
}

/** Σ_q a[ao + q]·b[bo + q], eight terms per iteration (V8 does not unroll; this is ~3× the plain loop). */
function dot(a: Float64Array, ao: number, b: Float32Array | Float64Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let q = 0;
  for (; q + 7 < n; q += 8) {
    const o = bo + q;
    s0 += a[ao + q] * b[o] + a[ao + q + 1] * b[o + 1] + a[ao + q + 2] * b[o + 2] + a[ao + q + 3] * b[o + 3];
    s1 += a[ao + q + 4] * b[o + 4] + a[ao + q + 5] * b[o + 5] + a[ao + q + 6] * b[o + 6] + a[ao + q + 7] * b[o + 7];
  }
  for (; q < n; q++) s0 += a[ao + q] * b[bo + q];
  return s0 + s1;
}

/** Keeps `list` sorted by log EI descending, then index ascending, at most k long. */
function insertRanked(list: ScoredCandidate[], item: ScoredCandidate, k: number): void {
  let at = list.length;
  while (at > 0 && (list[at - 1].logEi < item.logEi || (list[at - 1].logEi === item.logEi && list[at - 1].index > item.index))) at--;
  list.splice(at, 0, item);
  if (list.length > k) list.pop();
}
