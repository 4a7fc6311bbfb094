/**
 * DNGO's basis-network training step in a WebAssembly SIMD kernel (dngo-train-kernel.wat): one
 * minibatch's forward, backward and Adam update per call, float32. The 100-epoch retraining of
 * every BO round is ~4,000 such steps on NAS-Bench-101, which V8's scalar float64 loops made the
 * largest cost of a round. The epoch loop and the shuffles stay in TypeScript, on the run's
 * seeded stream, so a round stays reproducible.
 */
import { instantiateKernel, type KernelMemory } from '../wasm/instantiate.js';
import { WASM_BASE64 } from './dngo-train-kernel-bytes.js';

interface KernelExports {
  memory: KernelMemory;
  configure(dim: number, hidden: number, x: number, y: number): void;
  step(rows: number, count: number, stepSize: number, invSqrtC2: number): number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;

export class DngoTrainKernel {
  private readonly exports: KernelExports;
  /** Parameters [W1ᵀ (dim × hidden) | b1 | w2 | b2, 3 pad], float32, live in the kernel's memory. */
  readonly params: Float32Array;
  private readonly order: Int32Array;
  private readonly orderOffset: number;

  constructor(dim: number, hidden: number, x: Float64Array, y: Float64Array) {
    if (!Number.isInteger(hidden) || hidden <= 0 || hidden % 4 !== 0) throw new RangeError(`DNGO hidden units must be a positive multiple of 4 (got ${hidden})`);
    const n = y.length;
    const size = dim * hidden + 2 * hidden + 4;
    // params, grad, m, v (size each), activations (hidden), then x, y and the row order.
    const xOffset = (4 * size + hidden) * 4;
    const yOffset = xOffset + n * dim * 4;
    this.orderOffset = yOffset + n * 4;
    this.exports = instantiateKernel<KernelExports>(WASM_BASE64, this.orderOffset + n * 4);
    const { buffer } = this.exports.memory;
    this.params = new Float32Array(buffer, 0, size);
    new Float32Array(buffer, xOffset, n * dim).set(x);
    new Float32Array(buffer, yOffset, n).set(y);
    this.order = new Int32Array(buffer, this.orderOffset, n);
    this.exports.configure(dim, hidden, xOffset, yOffset);
  }

  /** The row order of the current epoch. */
  setOrder(order: readonly number[]): void {
    this.order.set(order);
  }

  /** One Adam step (PyTorch's, t = `step` ≥ 1) on rows order[from, from + count); returns the batch's MSE. */
  step(from: number, count: number, learningRate: number, step: number): number {
    const stepSize = learningRate / (1 - BETA1 ** step);
    const invSqrtC2 = 1 / Math.sqrt(1 - BETA2 ** step);
    return this.exports.step(this.orderOffset + from * 4, count, stepSize, invSqrtC2);
  }
}
