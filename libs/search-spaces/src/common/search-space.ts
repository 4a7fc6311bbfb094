/**
 * What the search algorithms (random search, evolution, RL, BO over arch2vec embeddings) need from
 * a search space, independent of whether cells are NAS-Bench-101 graphs or NAS-Bench-201 strings.
 */
import type { ArchEncoding } from './arch-encoding.js';
import type { RandomGenerator } from './seeded-random.js';

export type SearchSpaceName = 'nasbench101' | 'nasbench201';

export interface SearchSpace<Cell> {
  readonly name: SearchSpaceName;
  /** Nodes in the encoding: the adjacency is N×N. */
  readonly N: number;
  /** Op vocabulary size: the op one-hot matrix is N×K. */
  readonly K: number;
  /** Returns the cell in canonical form (NB101: pruned) or throws InvalidCellError. */
  validate(cell: Cell): Cell;
  isValid(cell: Cell): boolean;
  /** Isomorphism-invariant identity used as the benchmark lookup key (NB101 module hash, NB201 arch string). */
  key(cell: Cell): string;
  encode(cell: Cell): ArchEncoding;
  /** Inverse of encode, with the space's validity rules; throws InvalidCellError. */
  decode(encoding: ArchEncoding): Cell;
  /** Like decode but returns null for an invalid encoding (for validity rates of decoded samples). */
  tryDecode(encoding: ArchEncoding): Cell | null;
  /** Every distinct valid cell one mutation away (no duplicates by key, never the cell itself). */
  neighbours(cell: Cell): Cell[];
  /** One random mutation as the space's reference evolution code does it; always valid. */
  mutate(cell: Cell, rng: RandomGenerator): Cell;
  /** A random valid cell, drawn as the space's reference code draws one. */
  sample(rng: RandomGenerator): Cell;
  /** Graph edit distance: 0 for equal keys, symmetric, 1 for a single (non-pruning) mutation. */
  editDistance(a: Cell, b: Cell): number;
}
