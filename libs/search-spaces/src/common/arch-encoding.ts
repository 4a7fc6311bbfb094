/**
 * The model-facing form of a cell, shared by every search space: an N×N 0/1 adjacency matrix
 * (upper-triangular, row = source) and an N×K one-hot operation matrix. NAS-Bench-101 uses N=7, K=5
 * (smaller cells padded with zero rows at the end); NAS-Bench-201 uses N=8, K=7.
 */
export interface ArchEncoding {
  readonly adjacency: number[][];
  readonly ops: number[][];
}

export function zeroMatrix(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** Checks the outer dimensions of an encoding; returns a description of the problem or null. */
export function encodingShapeProblem(encoding: ArchEncoding, n: number, k: number): string | null {
  const { adjacency, ops } = encoding;
  if (!Array.isArray(adjacency) || adjacency.length !== n || adjacency.some((row) => !Array.isArray(row) || row.length !== n)) {
    return `adjacency must be ${n}×${n}`;
  }
  if (!Array.isArray(ops) || ops.length !== n || ops.some((row) => !Array.isArray(row) || row.length !== k)) {
    return `ops must be ${n}×${k}`;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (adjacency[i][j] !== 0 && adjacency[i][j] !== 1) return `adjacency[${i}][${j}] is ${adjacency[i][j]}, expected 0 or 1`;
    }
    for (let j = 0; j < k; j++) {
      if (ops[i][j] !== 0 && ops[i][j] !== 1) return `ops[${i}][${j}] is ${ops[i][j]}, expected 0 or 1`;
    }
  }
  return null;
}

/** Index of the single 1 in a one-hot row, -1 for an all-zero row, -2 for several ones. */
export function oneHotIndex(row: readonly number[]): number {
  let found = -1;
  for (let j = 0; j < row.length; j++) {
    if (row[j] === 1) {
      if (found !== -1) return -2;
      found = j;
    }
  }
  return found;
}
