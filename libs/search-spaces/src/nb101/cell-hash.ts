/** Module hashes of cells and of raw (matrix, labels) graphs, through one shared ModuleHasher. */
import { createNb101Cell, type Nb101Cell } from './cell.js';
import { MAX_VERTICES, ModuleHasher } from './module-hash.js';
import { nb101HashLabel } from './ops.js';

const hasher = new ModuleHasher();
const adjacency = new Uint8Array(MAX_VERTICES * MAX_VERTICES);
const labels = new Int8Array(MAX_VERTICES);

/**
 * nasbench `graph_util.hash_module(matrix, labeling)` for any DAG of at most 7 vertices, without
 * validation or pruning (callers that have a cell want nb101ModuleHash).
 */
export function hashModule(matrix: readonly (readonly number[])[], labeling: readonly number[]): string {
  const n = matrix.length;
  if (n < 1 || n > MAX_VERTICES || labeling.length !== n || matrix.some((row) => row.length !== n)) {
    throw new RangeError(`hashModule: needs an n×n matrix and n labels with 1 ≤ n ≤ ${MAX_VERTICES}`);
  }
  adjacency.fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) adjacency[i * MAX_VERTICES + j] = matrix[i][j] ? 1 : 0;
  return hasher.hash(n, adjacency, labeling);
}

/** 32-hex-char NAS-Bench-101 module hash (the dataset key) of the pruned cell. Throws InvalidCellError for invalid cells. */
export function nb101ModuleHash(cell: Nb101Cell): string {
  const { matrix, ops } = createNb101Cell(cell.matrix, cell.ops);
  const n = ops.length;
  adjacency.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) adjacency[i * MAX_VERTICES + j] = matrix[i][j];
    labels[i] = nb101HashLabel(ops[i]);
  }
  return hasher.hash(n, adjacency, labels);
}
