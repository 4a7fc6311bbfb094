/**
 * The one source of randomness of every search method: xoroshiro128+ from pure-rand, wrapped so
 * that its full state (four 32-bit words plus a cached Gaussian) serialises to JSON and restores
 * exactly. Restoring a state and drawing again gives the same numbers as never having stopped.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export interface SeededRngState {
  words: number[];
  /** Second value of the last Box-Muller pair, not yet handed out (null when none). */
  spareNormal: number | null;
}

export class SeededRng {
  private generator: RandomGenerator;
  private spareNormal: number | null = null;

  private constructor(generator: RandomGenerator) {
    this.generator = generator;
  }

  static fromSeed(seed: number): SeededRng {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    // Mix the seed once so that seeds 1, 2, 3... start far apart in the generator's sequence.
    const rng = new SeededRng(xoroshiro128plus(seed | 0));
    for (let i = 0; i < 8; i++) rng.generator.next();
    return rng;
  }

  static fromState(state: SeededRngState): SeededRng {
    const words = state.words;
    if (!Array.isArray(words) || words.length !== 4 || words.some((w) => !Number.isInteger(w))) {
      throw new RangeError('random state must hold four 32-bit integers');
    }
    const rng = new SeededRng(xoroshiro128plusFromState(words as [number, number, number, number]));
    rng.spareNormal = state.spareNormal;
    return rng;
  }

  state(): SeededRngState {
    const words = (this.generator as unknown as { getState(): readonly number[] }).getState();
    return { words: [...words], spareNormal: this.spareNormal };
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.generator, from, to);
  }

  /** Standard normal by Box-Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** k distinct indices from [0, n) in draw order (partial Fisher-Yates on a sparse map). */
  sampleIndices(n: number, k: number): number[] {
    if (k > n) throw new RangeError(`cannot draw ${k} distinct indices from ${n}`);
    const swapped = new Map<number, number>();
    const out: number[] = [];
    for (let i = 0; i < k; i++) {
      const j = this.int(i, n - 1);
      const atJ = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
      out.push(atJ);
    }
    return out;
  }
}
