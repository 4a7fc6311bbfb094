/** NAS-Bench-101 as a SearchSpace: cells are pruned {matrix, ops}, keyed by the official module hash. */
import type { ArchEncoding } from '../common/arch-encoding.js';
import { InvalidCellError } from '../common/invalid-cell-error.js';
import type { SearchSpace } from '../common/search-space.js';
import { createNb101Cell, type Nb101Cell } from './cell.js';
import { nb101ModuleHash } from './cell-hash.js';
import { nb101EditDistance } from './edit-distance.js';
import { NB101_K, NB101_N, decodeNb101Encoding, encodeNb101Cell } from './encoding.js';
import { mutateNb101Cell, nb101MutationNeighbours, sampleNb101Cell } from './mutation.js';

export const nasBench101: SearchSpace<Nb101Cell> = {
  name: 'nasbench101',
  N: NB101_N,
  K: NB101_K,
  validate: (cell) => createNb101Cell(cell.matrix, cell.ops),
  isValid: (cell) => {
    try {
      createNb101Cell(cell.matrix, cell.ops);
      return true;
    } catch (error) {
      if (error instanceof InvalidCellError) return false;
      throw error;
    }
  },
  key: nb101ModuleHash,
  encode: (cell) => encodeNb101Cell(createNb101Cell(cell.matrix, cell.ops)),
  decode: decodeNb101Encoding,
  tryDecode: (encoding: ArchEncoding) => {
    try {
      return decodeNb101Encoding(encoding);
    } catch (error) {
      if (error instanceof InvalidCellError) return null;
      throw error;
    }
  },
  neighbours: nb101MutationNeighbours,
  mutate: (cell, rng) => mutateNb101Cell(cell, rng),
  sample: sampleNb101Cell,
  editDistance: nb101EditDistance,
};
