/**
 * NAS-Bench-101 cells and their validation, following nasbench's `ModelSpec` + `NASBench.is_valid`:
 * shape, square matrix, ops length, input/output ops, known op names, upper-triangular (DAG), then
 * pruning of vertices not on an input→output path, then ≤ 7 vertices and ≤ 9 edges.
 * One deliberate difference: op names are checked on every vertex before pruning (nasbench only
 * checks the survivors), so a typo on a dangling vertex is still reported.
 */
import { InvalidCellError } from '../common/invalid-cell-error.js';
import { NB101_INPUT, NB101_INTERIOR_OPS, NB101_MAX_EDGES, NB101_MAX_VERTICES, NB101_OUTPUT, isNb101InteriorOp, type Nb101Op } from './ops.js';

/** A valid, pruned NAS-Bench-101 cell: `matrix[i][j] = 1` for an edge i→j, `ops[0]` input, last op output. */
export interface Nb101Cell {
  readonly matrix: readonly (readonly number[])[];
  readonly ops: readonly Nb101Op[];
}

function invalid(rule: ConstructorParameters<typeof InvalidCellError>[1], message: string): InvalidCellError {
  return new InvalidCellError('nasbench101', rule, message);
}

/**
 * Validates a candidate cell and returns it pruned (fresh arrays; the input is not modified).
 * Throws InvalidCellError naming the first rule broken.
 */
export function createNb101Cell(matrix: unknown, ops: unknown): Nb101Cell {
  if (!Array.isArray(matrix) || matrix.length === 0) throw invalid('shape', 'matrix: expected a non-empty array of rows');
  const n = matrix.length;
  for (let i = 0; i < n; i++) {
    const row: unknown = matrix[i];
    if (!Array.isArray(row)) throw invalid('shape', `matrix[${i}]: expected an array, got ${describe(row)}`);
    for (let j = 0; j < row.length; j++) {
      if (row[j] !== 0 && row[j] !== 1) throw invalid('shape', `matrix[${i}][${j}]: expected 0 or 1, got ${describe(row[j])}`);
    }
  }
  if (!Array.isArray(ops)) throw invalid('shape', `ops: expected an array of op names, got ${describe(ops)}`);
  for (let i = 0; i < n; i++) {
    const width = (matrix[i] as unknown[]).length;
    if (width !== n) throw invalid('not-square', `matrix is not square: it has ${n} rows but row ${i} has ${width} entries`);
  }
  if (ops.length !== n) throw invalid('ops-length', `matrix is ${n}×${n} but ops has ${ops.length} entries`);
  if (n < 2) throw invalid('shape', `matrix is ${n}×${n}: a cell needs at least an input and an output vertex`);
  if (ops[0] !== NB101_INPUT) throw invalid('first-op', `ops[0]: expected '${NB101_INPUT}', got ${describe(ops[0])}`);
  if (ops[n - 1] !== NB101_OUTPUT) throw invalid('last-op', `ops[${n - 1}]: expected '${NB101_OUTPUT}', got ${describe(ops[n - 1])}`);
  for (let i = 1; i < n - 1; i++) {
    if (ops[i] === NB101_INPUT || ops[i] === NB101_OUTPUT) {
      throw invalid('unknown-op', `ops[${i}]: '${ops[i]}' is only allowed as the ${ops[i] === NB101_INPUT ? 'first' : 'last'} op`);
    }
    if (!isNb101InteriorOp(ops[i])) {
      throw invalid('unknown-op', `ops[${i}]: unknown op ${describe(ops[i])} (expected one of ${NB101_INTERIOR_OPS.map((o) => `'${o}'`).join(', ')})`);
    }
  }
  const rows = matrix as number[][];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      if (rows[i][j] !== 0) throw invalid('not-upper-triangular', `matrix: not upper-triangular (edge ${i}→${j})`);
    }
  }

  const kept = verticesOnInputOutputPaths(rows);
  if (kept.length === 0) throw invalid('disconnected', `matrix: input (vertex 0) is not connected to output (vertex ${n - 1})`);
  const pruned = kept.map((i) => kept.map((j) => rows[i][j]));
  const prunedOps = kept.map((i) => ops[i] as Nb101Op);
  const pruneNote = kept.length < n ? ` after pruning ${n - kept.length} vertices not on an input→output path` : '';
  if (kept.length > NB101_MAX_VERTICES) {
    throw invalid('too-many-vertices', `cell has ${kept.length} vertices${pruneNote}, more than ${NB101_MAX_VERTICES}`);
  }
  const edges = pruned.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  if (edges > NB101_MAX_EDGES) throw invalid('too-many-edges', `cell has ${edges} edges${pruneNote}, more than ${NB101_MAX_EDGES}`);
  return { matrix: pruned, ops: prunedOps };
}

/** Re-validates (and prunes) a cell-shaped value; handy for cells built by hand or read from JSON. */
export function validateNb101Cell(cell: { matrix: unknown; ops: unknown }): Nb101Cell {
  return createNb101Cell(cell.matrix, cell.ops);
}

/**
 * Vertices reachable from the input and reaching the output, in ascending order — nasbench's
 * `ModelSpec._prune`. Empty when the input does not reach the output (the cell is then invalid).
 */
export function verticesOnInputOutputPaths(matrix: readonly (readonly number[])[]): number[] {
  const n = matrix.length;
  const fromInput = new Array<boolean>(n).fill(false);
  const toOutput = new Array<boolean>(n).fill(false);
  fromInput[0] = true;
  // Upper-triangular, so one forward and one backward sweep replace nasbench's two DFS passes.
  for (let i = 0; i < n; i++) {
    if (!fromInput[i]) continue;
    for (let j = i + 1; j < n; j++) if (matrix[i][j]) fromInput[j] = true;
  }
  toOutput[n - 1] = true;
  for (let j = n - 1; j >= 0; j--) {
    if (!toOutput[j]) continue;
    for (let i = 0; i < j; i++) if (matrix[i][j]) toOutput[i] = true;
  }
  if (!fromInput[n - 1]) return [];
  const kept: number[] = [];
  for (let v = 0; v < n; v++) if (fromInput[v] && toOutput[v]) kept.push(v);
  return kept;
}

export function nb101EdgeCount(cell: Nb101Cell): number {
  let edges = 0;
  for (const row of cell.matrix) for (const x of row) edges += x;
  return edges;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}
