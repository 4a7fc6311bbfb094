/**
 * The candidates' basis layer of a DNGO round (16 inputs → 128 tanh units) in a WebAssembly SIMD
 * kernel (dngo-basis-kernel.wat), a block of candidates per call, float32. At NAS-Bench-101 scale
 * this layer is ~0.9 G multiply-adds per round, which V8's scalar loops cannot make fast.
 * The observed points' basis (training and the regression) stays in float64 TypeScript; the two
 * agree to float32 rounding (the kernel's tanh is the same approximation in float32).
 */
import { instantiateKernel, type KernelMemory } from '../wasm/instantiate.js';
import { WASM_BASE64 } from './dngo-basis-kernel-bytes.js';

export const KERNEL_INPUTS = 16;
export const KERNEL_HIDDEN = 128;
/** Candidates per kernel call. */
export const KERNEL_BLOCK = 1024;

interface KernelExports {
  memory: KernelMemory;
  basis16x128(x: number, count: number, w: number, b: number, out: number, v: number, stats: number): void;
  project(phi: number, list: number, count: number, vt: number, delta: number, dirs: number, out: number): void;
}

// Layout: w (16 × 128) | b (128) | v (128) | x (block × 16) | out (block × 128) | stats (block × 2)
// | directions (128 × 128) | delta (128) | list (block, i32) | projected (block), float32.
const W = 0;
const B = W + KERNEL_INPUTS * KERNEL_HIDDEN * 4;
const V = B + KERNEL_HIDDEN * 4;
const X = V + KERNEL_HIDDEN * 4;
const OUT = X + KERNEL_BLOCK * KERNEL_INPUTS * 4;
const STATS = OUT + KERNEL_BLOCK * KERNEL_HIDDEN * 4;
const DIRECTIONS = STATS + KERNEL_BLOCK * 2 * 4;
const DELTA = DIRECTIONS + KERNEL_HIDDEN * KERNEL_HIDDEN * 4;
const LIST = DELTA + KERNEL_HIDDEN * 4;
const PROJECTED = LIST + KERNEL_BLOCK * 4;
const END = PROJECTED + KERNEL_BLOCK * 4;

export class DngoBasisKernel {
  private readonly exports = instantiateKernel<KernelExports>(WASM_BASE64, END);
  private readonly x = new Float32Array(this.exports.memory.buffer, X, KERNEL_BLOCK * KERNEL_INPUTS);
  /** The last block's basis rows (block × 128), valid until the next call. */
  readonly out = new Float32Array(this.exports.memory.buffer, OUT, KERNEL_BLOCK * KERNEL_HIDDEN);
  /** Per row of the last block: [Σ v_q·φ_q, Σ φ_q²] in float32 (a cheap first look at mean and ‖φ‖²). */
  readonly stats = new Float32Array(this.exports.memory.buffer, STATS, KERNEL_BLOCK * 2);
  /** Rows of the last block to `project` (their positions in the block). */
  readonly list = new Int32Array(this.exports.memory.buffer, LIST, KERNEL_BLOCK);
  /** Per listed row: Σ_r delta_r·(direction_r·φ)², after `project`. */
  readonly projected = new Float32Array(this.exports.memory.buffer, PROJECTED, KERNEL_BLOCK);
  private directionCount = 0;

  /**
   * w1t: 16 × 128 (input-major, as DngoNetwork stores it, normalisation folded in); b1: 128;
   * v: 128 weights whose dot product with each basis row goes to `stats` (zeros when not needed).
   */
  constructor(w1t: ArrayLike<number>, b1: ArrayLike<number>, v: ArrayLike<number> = new Float32Array(KERNEL_HIDDEN)) {
    new Float32Array(this.exports.memory.buffer, W, KERNEL_INPUTS * KERNEL_HIDDEN).set(w1t);
    new Float32Array(this.exports.memory.buffer, B, KERNEL_HIDDEN).set(b1);
    new Float32Array(this.exports.memory.buffer, V, KERNEL_HIDDEN).set(v);
  }

  /** Basis of rows [from, from + count) of a 16-wide table into `out`; count ≤ KERNEL_BLOCK. */
  run(rows: Float32Array, from: number, count: number): Float32Array {
    this.x.set(rows.subarray(from * KERNEL_INPUTS, (from + count) * KERNEL_INPUTS));
    this.exports.basis16x128(X, count, W, B, OUT, V, STATS);
    return this.out;
  }

  /** Directions (rows of `vt`, dirs × 128) and their weights for `project`. */
  setDirections(vt: Float64Array, delta: Float64Array, dirs: number): void {
    if (dirs > KERNEL_HIDDEN) throw new RangeError(`at most ${KERNEL_HIDDEN} directions (got ${dirs})`);
    new Float32Array(this.exports.memory.buffer, DIRECTIONS, dirs * KERNEL_HIDDEN).set(vt.subarray(0, dirs * KERNEL_HIDDEN));
    new Float32Array(this.exports.memory.buffer, DELTA, dirs).set(delta.subarray(0, dirs));
    this.directionCount = dirs;
  }

  /** For the first `count` rows named in `list` (of the last block): Σ_r delta_r·(direction_r·φ)² into `projected`. */
  project(count: number): Float32Array {
    this.exports.project(OUT, LIST, count, DIRECTIONS, DELTA, this.directionCount, PROJECTED);
    return this.projected;
  }
}
