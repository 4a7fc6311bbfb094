/**
 * The one source of randomness for weight init, the data permutation, reparameterisation noise and
 * dropout: xoroshiro128+ from pure-rand, whose state is four int32s, so a checkpoint can store it and a
 * resumed run draws exactly the numbers the uninterrupted run would have drawn.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

export class SeededRng {
  private constructor(private generator: JumpableRandomGenerator) {}

  static fromSeed(seed: number): SeededRng {
    return new SeededRng(xoroshiro128plus(seed));
  }

  static fromState(state: readonly number[]): SeededRng {
    return new SeededRng(xoroshiro128plusFromState(state));
  }

  state(): number[] {
    return [...this.generator.getState()];
  }

  /** An independent stream 2^64 draws ahead (for shard s, jump s+1 times), leaving this one untouched. */
  jumped(times: number): SeededRng {
    const copy = this.generator.clone() as JumpableRandomGenerator;
    for (let i = 0; i < times; i++) copy.jump();
    return new SeededRng(copy);
  }

  /** Uniform in [0, 1). */
  unit(): number {
    return uniformFloat64(this.generator);
  }

  int(from: number, to: number): number {
    return uniformInt(this.generator, from, to);
  }

  /** Fills `out` with U(-bound, bound), the PyTorch Linear init. */
  fillUniform(out: Float32Array, bound: number): void {
    for (let i = 0; i < out.length; i++) out[i] = (2 * this.unit() - 1) * bound;
  }

  /** Fills `out` with N(0, 1) by Box-Muller (both variates used). */
  fillNormal(out: Float32Array): void {
    for (let i = 0; i < out.length; i += 2) {
      const u = 1 - this.unit(); // (0, 1]: log never sees 0
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * this.unit();
      out[i] = r * Math.cos(theta);
      if (i + 1 < out.length) out[i + 1] = r * Math.sin(theta);
    }
  }

  /** Inverted dropout mask: 0 with probability p, else 1/(1-p), so eval needs no rescaling. */
  fillDropoutMask(out: Float32Array, p: number): void {
    const keep = 1 / (1 - p);
    for (let i = 0; i < out.length; i++) out[i] = this.unit() < p ? 0 : keep;
  }

  /** Fisher-Yates permutation of `values` in place. */
  shuffle<T extends { length: number; [i: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    return values;
  }
}
