/** NAS-Bench-201 as a SearchSpace: cells are the six edge ops, keyed by the official arch string. */
import type { ArchEncoding } from '../common/arch-encoding.js';
import { InvalidCellError } from '../common/invalid-cell-error.js';
import type { SearchSpace } from '../common/search-space.js';
import { randomChoice, randomInt, type RandomGenerator } from '../common/seeded-random.js';
import { NB201_EDGE_COUNT, NB201_OPS, createNb201Cell, formatNb201ArchString, type Nb201Cell, type Nb201Op } from './cell.js';
import { NB201_K, NB201_N, decodeNb201Encoding, encodeNb201Cell } from './encoding.js';

/** Every cell that differs in exactly one edge op (6 edges × 4 other ops = 24), edge-major. */
export function nb201MutationNeighbours(cell: Nb201Cell): Nb201Cell[] {
  const { ops } = createNb201Cell(cell.ops);
  const out: Nb201Cell[] = [];
  ops.forEach((current, k) => {
    for (const op of NB201_OPS) {
      if (op === current) continue;
      const next = ops.slice();
      next[k] = op;
      out.push({ ops: next });
    }
  });
  return out;
}

/**
 * NAS-Bench-201's regularized-evolution mutation (AutoDL `R_EA.mutate_arch_func`): pick a target
 * node uniformly, then one of its incoming edges uniformly, and give it a different op. Edges into
 * node 1 are therefore picked more often than edges into node 3, as in the original.
 */
export function mutateNb201Cell(cell: Nb201Cell, rng: RandomGenerator): Nb201Cell {
  const ops = createNb201Cell(cell.ops).ops.slice();
  const target = randomInt(rng, 1, 3);
  const position = (target * (target - 1)) / 2 + randomInt(rng, 0, target - 1);
  ops[position] = randomChoice(rng, NB201_OPS.filter((op) => op !== ops[position]));
  return { ops };
}

/** Uniform over the 15,625 cells (each edge op drawn independently, as R_EA's random_topology_func). */
export function sampleNb201Cell(rng: RandomGenerator): Nb201Cell {
  return { ops: Array.from({ length: NB201_EDGE_COUNT }, () => randomChoice<Nb201Op>(rng, NB201_OPS)) };
}

/** The graph is fixed, so the edit distance is the number of edges whose op differs. */
export function nb201EditDistance(a: Nb201Cell, b: Nb201Cell): number {
  const x = createNb201Cell(a.ops).ops;
  const y = createNb201Cell(b.ops).ops;
  return x.reduce((count, op, k) => count + (op === y[k] ? 0 : 1), 0);
}

export const nasBench201: SearchSpace<Nb201Cell> = {
  name: 'nasbench201',
  N: NB201_N,
  K: NB201_K,
  validate: (cell) => createNb201Cell(cell.ops),
  isValid: (cell) => {
    try {
      createNb201Cell(cell.ops);
      return true;
    } catch (error) {
      if (error instanceof InvalidCellError) return false;
      throw error;
    }
  },
  key: formatNb201ArchString,
  encode: encodeNb201Cell,
  decode: decodeNb201Encoding,
  tryDecode: (encoding: ArchEncoding) => {
    try {
      return decodeNb201Encoding(encoding);
    } catch (error) {
      if (error instanceof InvalidCellError) return null;
      throw error;
    }
  },
  neighbours: nb201MutationNeighbours,
  mutate: mutateNb201Cell,
  sample: sampleNb201Cell,
  editDistance: nb201EditDistance,
};
