/**
 * DNGO's basis network (Snoek et al. 2015, as arch2vec's pybnn copy configures it):
 * Linear(D→128) → tanh → Linear(128→1), trained from scratch on every round with MSE, Adam
 * lr 1e-2, 100 epochs, minibatches of 10 reshuffled each epoch, the last partial batch dropped
 * (one full batch when there are at most 10 points). Weights start as PyTorch's Linear default,
 * U(±1/√fan_in). The tanh activations of the hidden layer are the basis for the Bayesian linear
 * regression. Training steps run in a float32 WebAssembly SIMD kernel (about 10× V8's float64
 * loops); the basis of the observed points is evaluated in float64 from the trained weights.
 */
import { fastTanh } from '../math/fast-tanh.js';
import type { SeededRng } from '../util/seeded-rng.js';
import { DngoTrainKernel } from './dngo-train-kernel.js';

export interface DngoNetworkOptions {
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

export const DNGO_NETWORK_DEFAULTS: DngoNetworkOptions = { hidden: 128, epochs: 100, batchSize: 10, learningRate: 1e-2 };

/** Weights of a trained net. W1 is stored transposed (inputs × hidden) for the hidden-layer kernel. */
export interface DngoNetwork {
  inputs: number;
  hidden: number;
  w1t: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: number;
}

/**
 * out[q] = tanh(b[q] + Σ_d wt[d·h + q]·x[xo + d]) for q < h. The loop runs over the hidden units
 * innermost, eight inputs at a time: V8 does not vectorise, and this order keeps the 16×128 layer
 * at ~1 ns per multiply-add instead of ~4 for the naive order. Shared by training and prediction
 * so both evaluate exactly the same function.
 */
export function hiddenLayer(wt: Float64Array, b: Float64Array, x: ArrayLike<number>, xo: number, dim: number, h: number, out: Float64Array): void {
  for (let q = 0; q < h; q++) out[q] = b[q];
  let d = 0;
  for (; d + 7 < dim; d += 8) {
    const x0 = x[xo + d], x1 = x[xo + d + 1], x2 = x[xo + d + 2], x3 = x[xo + d + 3];
    const x4 = x[xo + d + 4], x5 = x[xo + d + 5], x6 = x[xo + d + 6], x7 = x[xo + d + 7];
    const w0 = d * h, w1 = w0 + h, w2 = w1 + h, w3 = w2 + h, w4 = w3 + h, w5 = w4 + h, w6 = w5 + h, w7 = w6 + h;
    for (let q = 0; q < h; q++) {
      out[q] += wt[w0 + q] * x0 + wt[w1 + q] * x1 + wt[w2 + q] * x2 + wt[w3 + q] * x3 + wt[w4 + q] * x4 + wt[w5 + q] * x5 + wt[w6 + q] * x6 + wt[w7 + q] * x7;
    }
  }
  for (; d < dim; d++) {
    const xv = x[xo + d];
    const w0 = d * h;
    for (let q = 0; q < h; q++) out[q] += wt[w0 + q] * xv;
  }
  for (let q = 0; q < h; q++) out[q] = fastTanh(out[q]);
}

/**
 * Trains the net on x (n × inputs, already normalised) and y (n). Draws the initial weights and
 * the batch order from `rng`. The minibatch steps run in the float32 SIMD kernel
 * (dngo-train-kernel.ts) — float32 as in the reference's PyTorch; the returned weights are float64
 * copies of the float32 ones.
 */
export function trainDngoNetwork(x: Float64Array, y: Float64Array, inputs: number, rng: SeededRng, options: DngoNetworkOptions = DNGO_NETWORK_DEFAULTS): DngoNetwork {
  const n = y.length;
  const h = options.hidden;
  const d = inputs;
  const trainer = new DngoTrainKernel(d, h, x, y);
  // Flat parameter vector [W1ᵀ | b1 | w2 | b2], drawn in that order.
  const bound1 = 1 / Math.sqrt(d);
  const bound2 = 1 / Math.sqrt(h);
  const { params } = trainer;
  const oB1 = h * d;
  const oW2 = oB1 + h;
  const oB2 = oW2 + h;
  for (let i = 0; i < oW2; i++) params[i] = (2 * rng.uniform() - 1) * bound1;
  for (let i = oW2; i <= oB2; i++) params[i] = (2 * rng.uniform() - 1) * bound2;

  const batch = n <= options.batchSize ? n : options.batchSize;
  const batches = Math.floor(n / batch);
  const order = Array.from({ length: n }, (_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    rng.shuffle(order);
    trainer.setOrder(order);
    for (let b = 0; b < batches; b++) trainer.step(b * batch, batch, options.learningRate, ++step);
  }
  return { inputs: d, hidden: h, w1t: Float64Array.from(params.subarray(0, oB1)), b1: Float64Array.from(params.subarray(oB1, oW2)), w2: Float64Array.from(params.subarray(oW2, oB2)), b2: params[oB2] };
}

/** The basis (tanh hidden activations) of each row of x: n × hidden, row-major. */
export function dngoBasis(net: DngoNetwork, x: Float64Array, n: number): Float64Array {
  const { inputs: d, hidden: h } = net;
  const out = new Float64Array(n * h);
  const row = new Float64Array(h);
  for (let r = 0; r < n; r++) {
    hiddenLayer(net.w1t, net.b1, x, r * d, d, h, row);
    out.set(row, r * h);
  }
  return out;
}
