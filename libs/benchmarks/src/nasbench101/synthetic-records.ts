/**
 * Deterministic NAS-Bench-101-shaped records for tests, fixtures and throughput benchmarks: real
 * framing, JSON layout and protobuf, shaped like the official file (3 evaluations per run, 3
 * repeats per cell), but made-up numbers and stand-in hashes (md5 of the cell number), which is
 * why nothing here may be mistaken for benchmark data.
 */
import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Nb101Cell } from '@a2v/search-spaces';
import type { NasbenchRecordInput } from './nasbench-record.js';

/** A few valid cells of 2..7 vertices that the generator cycles through. */
const CELLS: Nb101Cell[] = [
  { matrix: [[0, 1], [0, 0]], ops: ['input', 'output'] },
  { matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'output'] },
  {
    matrix: [[0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 1], [0, 0, 0, 0]],
    ops: ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'output'],
  },
  {
    matrix: [
      [0, 1, 1, 1, 0, 1, 0],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 0],
    ],
    ops: ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
  },
];

export interface SyntheticRecordOptions {
  /** Number of distinct cells (hashes). */
  cells: number;
  /** Training repeats per cell (official: 3). */
  repeats?: number;
  /** Epoch budget of every run (official only-108 file: 108). */
  epochs?: number;
  seed?: number;
}

/** Stand-in module hash of synthetic cell `i` (not the official hash of its structure). */
export function syntheticHash(i: number): string {
  return createHash('md5').update(`synthetic-cell-${i}`).digest('hex');
}

/** Yields `cells × repeats` runs, repeats of a cell adjacent, like the official file. */
export function* syntheticNasbenchRecords(options: SyntheticRecordOptions): Generator<NasbenchRecordInput> {
  const repeats = options.repeats ?? 3;
  const epochs = options.epochs ?? 108;
  const rng = xoroshiro128plus(options.seed ?? 42);
  for (let i = 0; i < options.cells; i++) {
    const moduleHash = syntheticHash(i);
    const cell = CELLS[i % CELLS.length];
    for (let r = 0; r < repeats; r++) {
      const accuracy = 0.8 + 0.15 * uniformFloat64(rng);
      const seconds = 500 + 3000 * uniformFloat64(rng);
      const point = (fraction: number) => ({
        currentEpoch: epochs * fraction,
        trainingTime: seconds * fraction,
        trainAccuracy: fraction === 0 ? 0.1 : Math.min(1, accuracy + 0.05),
        validationAccuracy: fraction === 0 ? 0.1 : accuracy * fraction ** 0.1,
        testAccuracy: fraction === 0 ? 0.1 : accuracy * fraction ** 0.1 - 0.005,
      });
      yield {
        moduleHash,
        epochs,
        cell,
        metrics: { evaluationData: [point(0), point(0.5), point(1)], trainableParameters: 1_000_000 + i, totalTime: seconds * 1.1 },
      };
    }
  }
}
