/**
 * arch2vec's NAS-Bench-201 encoding (`preprocessing/nasbench201_json.py`): ops move from edges to
 * nodes, giving an 8-node DAG [input, e(0→1), e(0→2), e(1→2), e(0→3), e(1→3), e(2→3), output] with a
 * fixed adjacency, and an 8×7 one-hot over input, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3,
 * skip_connect, none, output (arch2vec's order, not NB201_OPS order).
 */
import { encodingShapeProblem, oneHotIndex, zeroMatrix, type ArchEncoding } from '../common/arch-encoding.js';
import { InvalidCellError } from '../common/invalid-cell-error.js';
import { createNb201Cell, isNb201Op, type Nb201Cell, type Nb201Op } from './cell.js';

export const NB201_ENCODING_OPS = ['input', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3', 'skip_connect', 'none', 'output'] as const;
export const NB201_N = 8;
export const NB201_K = NB201_ENCODING_OPS.length;

/** Edge-op node k+1 reads from: the input for edges out of node 0, else the nodes summed into NB201 node i. */
const FIXED_EDGES: readonly (readonly [number, number])[] = [
  [0, 1], [0, 2], [0, 4],
  [1, 3], [1, 5],
  [2, 6], [3, 6],
  [4, 7], [5, 7], [6, 7],
];

/** The fixed 8×8 adjacency every NB201 cell shares. */
export function nb201Adjacency(): number[][] {
  const adjacency = zeroMatrix(NB201_N, NB201_N);
  for (const [i, j] of FIXED_EDGES) adjacency[i][j] = 1;
  return adjacency;
}

export function encodeNb201Cell(cell: Nb201Cell): ArchEncoding {
  const { ops: edgeOps } = createNb201Cell(cell.ops);
  const ops = zeroMatrix(NB201_N, NB201_K);
  ops[0][0] = 1;
  edgeOps.forEach((op, k) => (ops[k + 1][NB201_ENCODING_OPS.indexOf(op)] = 1));
  ops[NB201_N - 1][NB201_K - 1] = 1;
  return { adjacency: nb201Adjacency(), ops };
}

/** Inverse of encodeNb201Cell: the adjacency must be the fixed one, row 0 input, row 7 output, the rest one of the five ops. */
export function decodeNb201Encoding(encoding: ArchEncoding): Nb201Cell {
  const fail = (message: string): InvalidCellError => new InvalidCellError('nasbench201', 'encoding', `encoding: ${message}`);
  const problem = encodingShapeProblem(encoding, NB201_N, NB201_K);
  if (problem) throw fail(problem);
  const fixed = nb201Adjacency();
  for (let i = 0; i < NB201_N; i++) {
    for (let j = 0; j < NB201_N; j++) {
      if (encoding.adjacency[i][j] !== fixed[i][j]) throw fail(`adjacency[${i}][${j}] is ${encoding.adjacency[i][j]} but the NAS-Bench-201 graph has ${fixed[i][j]} there`);
    }
  }
  const names = encoding.ops.map((row, i) => {
    const k = oneHotIndex(row);
    if (k < 0) throw fail(`ops row ${i} is not one-hot`);
    return NB201_ENCODING_OPS[k];
  });
  if (names[0] !== 'input') throw fail(`ops row 0 is '${names[0]}', expected 'input'`);
  if (names[NB201_N - 1] !== 'output') throw fail(`ops row ${NB201_N - 1} is '${names[NB201_N - 1]}', expected 'output'`);
  const edgeOps = names.slice(1, -1);
  edgeOps.forEach((op, k) => {
    if (!isNb201Op(op)) throw fail(`ops row ${k + 1} is '${op}', expected an edge op`);
  });
  return { ops: edgeOps as Nb201Op[] };
}
