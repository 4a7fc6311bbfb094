/**
 * NAS-Bench-101 mutations. `nb101MutationNeighbours` is the deterministic one-step neighbourhood
 * (flip one edge or change one interior op, keep the valid results); `mutateNb101Cell` is the random
 * `mutate_spec` of the NAS-Bench-101 regularized-evolution example.
 */
import { InvalidCellError } from '../common/invalid-cell-error.js';
import { randomChoice, randomUnit, type RandomGenerator } from '../common/seeded-random.js';
import { createNb101Cell, type Nb101Cell } from './cell.js';
import { nb101ModuleHash } from './cell-hash.js';
import { NB101_INTERIOR_OPS, NB101_MAX_VERTICES, type Nb101Op } from './ops.js';

/**
 * Every distinct valid cell reachable by flipping one edge (i < j) or changing one interior op,
 * deduplicated by module hash and excluding the cell itself, in generation order (edge flips
 * row-major, then op changes by vertex and op). A flip may prune vertices; the result is pruned.
 */
export function nb101MutationNeighbours(cell: Nb101Cell): Nb101Cell[] {
  const base = createNb101Cell(cell.matrix, cell.ops);
  const n = base.ops.length;
  const seen = new Set([nb101ModuleHash(base)]);
  const out: Nb101Cell[] = [];
  const consider = (matrix: number[][], ops: Nb101Op[]): void => {
    let candidate: Nb101Cell;
    try {
      candidate = createNb101Cell(matrix, ops);
    } catch (error) {
      if (error instanceof InvalidCellError) return;
      throw error;
    }
    const key = nb101ModuleHash(candidate);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(candidate);
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const matrix = base.matrix.map((row) => row.slice());
      matrix[i][j] = 1 - matrix[i][j];
      consider(matrix, base.ops.slice());
    }
  }
  for (let v = 1; v < n - 1; v++) {
    for (const op of NB101_INTERIOR_OPS) {
      if (op === base.ops[v]) continue;
      const ops = base.ops.slice();
      ops[v] = op;
      consider(base.matrix.map((row) => row.slice()), ops);
    }
  }
  return out;
}

/**
 * nasbench's regularized-evolution `mutate_spec`: on the 7-vertex matrix, flip each upper-triangular
 * entry with probability rate/7 and resample each interior op (to a different one) with probability
 * rate/5; retry until the result is valid. A pruned cell with fewer than 7 vertices is first padded
 * back to 7 with disconnected vertices just before the output (random ops), the form nasbench's
 * unpruned `original_matrix` has, so that mutations can grow the cell again. The child may equal the
 * parent, as in the original.
 */
export function mutateNb101Cell(cell: Nb101Cell, rng: RandomGenerator, mutationRate = 1): Nb101Cell {
  const base = createNb101Cell(cell.matrix, cell.ops);
  const n = base.ops.length;
  const size = NB101_MAX_VERTICES;
  const position = (v: number): number => (v === n - 1 ? size - 1 : v);
  const paddedMatrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) paddedMatrix[position(i)][position(j)] = base.matrix[i][j];
  const paddedOps: Nb101Op[] = Array.from({ length: size }, (_, v) => (v === 0 ? 'input' : v === size - 1 ? 'output' : v < n - 1 ? base.ops[v] : randomChoice(rng, NB101_INTERIOR_OPS)));

  const edgeProbability = mutationRate / size;
  const opProbability = mutationRate / (size - 2);
  for (;;) {
    const matrix = paddedMatrix.map((row) => row.slice());
    const ops = paddedOps.slice();
    for (let i = 0; i < size - 1; i++) {
      for (let j = i + 1; j < size; j++) if (randomUnit(rng) < edgeProbability) matrix[i][j] = 1 - matrix[i][j];
    }
    for (let v = 1; v < size - 1; v++) {
      if (randomUnit(rng) < opProbability) ops[v] = randomChoice(rng, NB101_INTERIOR_OPS.filter((op) => op !== ops[v]));
    }
    try {
      return createNb101Cell(matrix, ops);
    } catch (error) {
      if (!(error instanceof InvalidCellError)) throw error;
    }
  }
}

/** nasbench's `random_spec`: a uniformly random 7×7 upper-triangular 0/1 matrix and random ops, until valid. */
export function sampleNb101Cell(rng: RandomGenerator): Nb101Cell {
  const size = NB101_MAX_VERTICES;
  for (;;) {
    const matrix = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (j > i && randomUnit(rng) < 0.5 ? 1 : 0)));
    const ops: Nb101Op[] = Array.from({ length: size }, (_, v) => (v === 0 ? 'input' : v === size - 1 ? 'output' : randomChoice(rng, NB101_INTERIOR_OPS)));
    try {
      return createNb101Cell(matrix, ops);
    } catch (error) {
      if (!(error instanceof InvalidCellError)) throw error;
    }
  }
}
