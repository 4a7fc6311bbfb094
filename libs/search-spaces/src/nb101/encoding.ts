/**
 * arch2vec's NAS-Bench-101 encoding (`preprocessing/gen_json.py`): 7×7 adjacency and 7×5 one-hot ops
 * in the order input, conv1x1, conv3x3, maxpool, output. A cell with n < 7 vertices fills the first n
 * rows ('output' at row n-1) and leaves the trailing rows and columns zero.
 */
import { encodingShapeProblem, oneHotIndex, zeroMatrix, type ArchEncoding } from '../common/arch-encoding.js';
import { InvalidCellError } from '../common/invalid-cell-error.js';
import { createNb101Cell, type Nb101Cell } from './cell.js';
import { NB101_ENCODING_OPS, NB101_MAX_VERTICES } from './ops.js';

export const NB101_N = NB101_MAX_VERTICES;
export const NB101_K = NB101_ENCODING_OPS.length;

export function encodeNb101Cell(cell: Nb101Cell): ArchEncoding {
  const n = cell.ops.length;
  if (n > NB101_N) throw new InvalidCellError('nasbench101', 'too-many-vertices', `cell has ${n} vertices, more than ${NB101_N}`);
  const adjacency = zeroMatrix(NB101_N, NB101_N);
  const ops = zeroMatrix(NB101_N, NB101_K);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) adjacency[i][j] = cell.matrix[i][j];
    ops[i][NB101_ENCODING_OPS.indexOf(cell.ops[i])] = 1;
  }
  return { adjacency, ops };
}

/**
 * Inverse of encodeNb101Cell with the full validity check: rows with an all-zero op row are padding
 * and must come after every real row and carry no edges; the real rows must form a valid cell
 * (which is then pruned, exactly like a ModelSpec). Expects a binarised encoding (0/1 entries).
 */
export function decodeNb101Encoding(encoding: ArchEncoding): Nb101Cell {
  const problem = encodingShapeProblem(encoding, NB101_N, NB101_K);
  if (problem) throw new InvalidCellError('nasbench101', 'encoding', `encoding: ${problem}`);
  const opIndices = encoding.ops.map(oneHotIndex);
  const several = opIndices.indexOf(-2);
  if (several !== -1) throw new InvalidCellError('nasbench101', 'encoding', `encoding: ops row ${several} has more than one 1`);
  let n = NB101_N;
  while (n > 0 && opIndices[n - 1] === -1) n--;
  const gap = opIndices.slice(0, n).indexOf(-1);
  if (gap !== -1) throw new InvalidCellError('nasbench101', 'encoding', `encoding: ops row ${gap} is empty but row ${n - 1} is not (padding must be at the end)`);
  for (let i = 0; i < NB101_N; i++) {
    for (let j = 0; j < NB101_N; j++) {
      if (encoding.adjacency[i][j] && (i >= n || j >= n)) {
        throw new InvalidCellError('nasbench101', 'encoding', `encoding: edge ${i}→${j} touches padding (the cell has ${n} vertices)`);
      }
    }
  }
  const matrix = encoding.adjacency.slice(0, n).map((row) => row.slice(0, n));
  return createNb101Cell(matrix, opIndices.slice(0, n).map((k) => NB101_ENCODING_OPS[k]));
}
