/**
 * Expected improvement for maximisation: EI = s·h(u), h(u) = φ(u) + u·Φ(u), u = (μ - f*)/s.
 * With s = the predictive standard deviation this is the textbook EI; arch2vec's code passes the
 * predictive variance as s (a bug we reproduce only in 'reference' mode). Ranking uses log EI,
 * computed without underflow far in the tail (u ≪ 0, where φ and Φ vanish in double precision
 * but the ordering of candidates is still well defined).
 */
import { logNormalPdf, millsTail, normalCdf, normalPdf } from './normal-distribution.js';

/**
 * Below this u, h(u) comes from the continued fraction instead of φ(u) + uΦ(u): above it the
 * direct sum loses at most ~3 digits to cancellation (relative size ~u²), below it the fraction
 * converges in a few terms.
 */
const TAIL_START = -30;

/** log h(u) = log(φ(u) + uΦ(u)), finite for every finite u. */
export function logImprovementFactor(u: number): number {
  if (u >= TAIL_START) return Math.log(normalPdf(u) + u * normalCdf(u));
  const x = -u;
  const t = millsTail(x);
  return logNormalPdf(u) + Math.log(t) - Math.log(x + t);
}

/** EI = s·(φ(u) + uΦ(u)) with u = (mean - incumbent)/s; s > 0. May underflow to 0 far in the tail. */
export function expectedImprovement(mean: number, scale: number, incumbent: number): number {
  return Math.exp(logExpectedImprovement(mean, scale, incumbent));
}

/**
 * A cheap upper bound on log EI (one exp/log, no erfc), valid for every u: h(u) ≤ φ(u) + u for
 * u ≥ 0 (Φ ≤ 1), h(u) ≤ φ(u) for u < 0, and h(u) ≤ φ(u)/u² for u < -1 (the continued fraction's
 * tail t ≤ 1/x). Used to discard candidates before computing log EI itself.
 */
export function logExpectedImprovementUpperBound(mean: number, scale: number, incumbent: number): number {
  const u = (mean - incumbent) / scale;
  const logH = u >= 0 ? Math.log(normalPdf(u) + u) : u < -1 ? logNormalPdf(u) - 2 * Math.log(-u) : logNormalPdf(u);
  return Math.log(scale) + logH;
}

/** log EI; increasing in `mean` and in `scale`, which is what the pruned top-k search relies on. */
export function logExpectedImprovement(mean: number, scale: number, incumbent: number): number {
  return Math.log(scale) + logImprovementFactor((mean - incumbent) / scale);
}
