/**
 * The compact form the enumeration and its cache store per cell: vertex count, the adjacency as
 * bits of the padded 7×7 upper triangle, and the interior ops as 2-bit official labels. Padding is
 * at the end (arch2vec's convention), so a packed cell with n < 7 vertices uses rows/columns 0..n-1.
 */
import type { Nb101Cell } from './cell.js';
import { MAX_VERTICES } from './module-hash.js';
import { NB101_INPUT, NB101_INTERIOR_OPS, NB101_OUTPUT, type Nb101Op } from './ops.js';

/** Bit position of edge i→j (i < j < 7): row-major over the strict upper triangle, 21 bits in all. */
export function triangleBit(i: number, j: number): number {
  return i * MAX_VERTICES - (i * (i + 1)) / 2 + (j - i - 1);
}

export function unpackCell(vertexCount: number, adjacencyBits: number, opCodes: number): Nb101Cell {
  const n = vertexCount;
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if ((adjacencyBits >>> triangleBit(i, j)) & 1) matrix[i][j] = 1;
  }
  const ops: Nb101Op[] = [NB101_INPUT];
  for (let v = 1; v < n - 1; v++) ops.push(NB101_INTERIOR_OPS[(opCodes >>> (2 * (v - 1))) & 3]);
  ops.push(NB101_OUTPUT);
  return { matrix, ops };
}

/** Packs a valid, pruned cell (callers validate first). */
export function packCell(cell: Nb101Cell): { vertexCount: number; adjacencyBits: number; opCodes: number } {
  const n = cell.ops.length;
  let adjacencyBits = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if (cell.matrix[i][j]) adjacencyBits |= 1 << triangleBit(i, j);
  }
  let opCodes = 0;
  for (let v = 1; v < n - 1; v++) opCodes |= NB101_INTERIOR_OPS.indexOf(cell.ops[v] as (typeof NB101_INTERIOR_OPS)[number]) << (2 * (v - 1));
  return { vertexCount: n, adjacencyBits, opCodes };
}
