/**
 * Seeded randomness for sampling and mutation. Everything random in this library takes a pure-rand
 * generator (mutated in place, pure-rand 8 style) so runs are reproducible from a seed.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export type { RandomGenerator };

/** The library's default generator: xoroshiro128+ seeded with a 32-bit integer. */
export function createSeededRandom(seed: number): RandomGenerator {
  return xoroshiro128plus(seed);
}

/** Uniform integer in [from, to] (both included). */
export function randomInt(rng: RandomGenerator, from: number, to: number): number {
  return uniformInt(rng, from, to);
}

/** Uniform float in [0, 1). */
export function randomUnit(rng: RandomGenerator): number {
  return uniformFloat64(rng);
}

export function randomChoice<T>(rng: RandomGenerator, items: readonly T[]): T {
  return items[uniformInt(rng, 0, items.length - 1)];
}
