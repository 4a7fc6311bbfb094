/**
 * arch2vec-RL's policy (code `Policy_LSTM`): an LSTMCell(D→H) whose hidden state goes through
 * Linear(H→D) to give the mean of a Gaussian with identity covariance over the latent space.
 * Forward, and backward through time for a REINFORCE loss, written out by hand (PyTorch's gate
 * order i, f, g, o and its two bias vectors; PyTorch's default init U(±1/√fan)). Parameters live in
 * one Float32Array (PyTorch's precision, and half the JSON of float64); arithmetic is float64.
 */
import type { SeededRng } from '../util/seeded-rng.js';

export interface PolicyShape {
  input: number;
  hidden: number;
}

/** Offsets of each tensor in the flat parameter vector. */
export function policyLayout({ input: d, hidden: h }: PolicyShape) {
  const wih = 0;
  const whh = wih + 4 * h * d;
  const bih = whh + 4 * h * h;
  const bhh = bih + 4 * h;
  const wfc = bhh + 4 * h;
  const bfc = wfc + d * h;
  return { wih, whh, bih, bhh, wfc, bfc, size: bfc + d };
}

export function initPolicyParams(shape: PolicyShape, rng: SeededRng): Float32Array {
  const layout = policyLayout(shape);
  const params = new Float32Array(layout.size);
  const bound = 1 / Math.sqrt(shape.hidden);
  // LSTMCell: every tensor U(±1/√H); Linear(H→D): weight and bias U(±1/√fan_in) = U(±1/√H).
  for (let i = 0; i < layout.size; i++) params[i] = (2 * rng.uniform() - 1) * bound;
  return params;
}

/** What one step keeps for the backward pass. */
export interface StepCache {
  x: Float64Array;
  hPrev: Float64Array;
  cPrev: Float64Array;
  /** Activated gates i, f, g, o (4H). */
  gates: Float64Array;
  c: Float64Array;
  h: Float64Array;
  mean: Float64Array;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

export function policyStep(params: Float32Array, shape: PolicyShape, x: ArrayLike<number>, hPrev: Float64Array, cPrev: Float64Array): StepCache {
  const { input: d, hidden: h } = shape;
  const L = policyLayout(shape);
  const gates = new Float64Array(4 * h);
  for (let r = 0; r < 4 * h; r++) {
    let z = params[L.bih + r] + params[L.bhh + r];
    const wi = L.wih + r * d;
    for (let j = 0; j < d; j++) z += params[wi + j] * x[j];
    const wh = L.whh + r * h;
    for (let j = 0; j < h; j++) z += params[wh + j] * hPrev[j];
    gates[r] = r >= 2 * h && r < 3 * h ? Math.tanh(z) : sigmoid(z);
  }
  const c = new Float64Array(h);
  const hOut = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    c[j] = gates[h + j] * cPrev[j] + gates[j] * gates[2 * h + j];
    hOut[j] = gates[3 * h + j] * Math.tanh(c[j]);
  }
  const mean = new Float64Array(d);
  for (let r = 0; r < d; r++) {
    let z = params[L.bfc + r];
    const wo = L.wfc + r * h;
    for (let j = 0; j < h; j++) z += params[wo + j] * hOut[j];
    mean[r] = z;
  }
  return { x: Float64Array.from(x as ArrayLike<number>), hPrev, cPrev, gates, c, h: hOut, mean };
}

/**
 * Gradient of L = (1/T) Σ_t −log N(a_t; μ_t, I) · A_t with respect to the parameters, by
 * backpropagation through the T steps (∂(−log N)/∂μ = −(a − μ)).
 */
export function policyGradient(params: Float32Array, shape: PolicyShape, steps: readonly StepCache[], actions: readonly Float64Array[], advantages: readonly number[]): Float64Array {
  const { input: d, hidden: h } = shape;
  const L = policyLayout(shape);
  const grad = new Float64Array(L.size);
  const T = steps.length;
  let dhNext = new Float64Array(h);
  const dcNext = new Float64Array(h);
  for (let t = T - 1; t >= 0; t--) {
    const step = steps[t];
    const dh = Float64Array.from(dhNext);
    for (let r = 0; r < d; r++) {
      const dMean = (-(actions[t][r] - step.mean[r]) * advantages[t]) / T;
      grad[L.bfc + r] += dMean;
      const wo = L.wfc + r * h;
      for (let j = 0; j < h; j++) {
        grad[wo + j] += dMean * step.h[j];
        dh[j] += dMean * params[wo + j];
      }
    }
    const g = step.gates;
    const dPre = new Float64Array(4 * h);
    const dc = new Float64Array(h);
    for (let j = 0; j < h; j++) {
      const i = g[j];
      const f = g[h + j];
      const gg = g[2 * h + j];
      const o = g[3 * h + j];
      const tc = Math.tanh(step.c[j]);
      dc[j] = dh[j] * o * (1 - tc * tc) + dcNext[j];
      dPre[j] = dc[j] * gg * i * (1 - i);
      dPre[h + j] = dc[j] * step.cPrev[j] * f * (1 - f);
      dPre[2 * h + j] = dc[j] * i * (1 - gg * gg);
      dPre[3 * h + j] = dh[j] * tc * o * (1 - o);
    }
    const dhPrev = new Float64Array(h);
    for (let r = 0; r < 4 * h; r++) {
      const v = dPre[r];
      if (v === 0) continue;
      grad[L.bih + r] += v;
      grad[L.bhh + r] += v;
      const wi = L.wih + r * d;
      for (let j = 0; j < d; j++) grad[wi + j] += v * step.x[j];
      const wh = L.whh + r * h;
      for (let j = 0; j < h; j++) {
        grad[wh + j] += v * step.hPrev[j];
        dhPrev[j] += v * params[wh + j];
      }
    }
    for (let j = 0; j < h; j++) dcNext[j] = dc[j] * g[h + j];
    dhNext = dhPrev;
  }
  return grad;
}

/** The loss itself (up to the constant), for gradient checks. */
export function policyLoss(steps: readonly StepCache[], actions: readonly Float64Array[], advantages: readonly number[]): number {
  let loss = 0;
  steps.forEach((step, t) => {
    let sq = 0;
    for (let r = 0; r < step.mean.length; r++) sq += (actions[t][r] - step.mean[r]) ** 2;
    loss += 0.5 * sq * advantages[t];
  });
  return loss / steps.length;
}
