/**
 * All 423,624 NAS-Bench-101 cells, held column-wise in typed arrays (about 23 bytes a cell) rather
 * than as 423k small objects, sorted by module hash. Sorted-by-hash order is what nasbench-vis's
 * 20k sample uses ("the first 20,001 hashes in sorted order"), so index i < 20,001 here is row i there.
 * Each cell is stored as one isomorphic representative (smallest edge mask, then smallest labelling),
 * not necessarily the matrix nasbench's dataset stores for that hash; the hash is the identity.
 */
import { encodeNb101Cell } from './encoding.js';
import type { ArchEncoding } from '../common/arch-encoding.js';
import type { Nb101Cell } from './cell.js';
import { unpackCell } from './packed-cell.js';

export const NB101_CELL_COUNT = 423_624;
const HASH_BYTES = 16;

export interface Nb101EnumerationColumns {
  /** 16 raw bytes of the module hash per cell, ascending. */
  readonly hashes: Uint8Array;
  readonly vertexCounts: Uint8Array;
  /** Padded 7×7 upper triangle, bit `triangleBit(i, j)` for edge i→j. */
  readonly adjacencyBits: Uint32Array;
  /** 2 bits per interior vertex v (bits 2(v-1)..): index into ['conv3x3-bn-relu','conv1x1-bn-relu','maxpool3x3']. */
  readonly opCodes: Uint16Array;
}

export class Nb101Enumeration {
  readonly size: number;

  constructor(readonly columns: Nb101EnumerationColumns) {
    this.size = columns.vertexCounts.length;
    const { hashes, adjacencyBits, opCodes } = columns;
    if (hashes.length !== this.size * HASH_BYTES || adjacencyBits.length !== this.size || opCodes.length !== this.size) {
      throw new Error('Nb101Enumeration: column lengths disagree');
    }
  }

  hashAt(index: number): string {
    this.checkIndex(index);
    return Buffer.from(this.columns.hashes.buffer, this.columns.hashes.byteOffset + index * HASH_BYTES, HASH_BYTES).toString('hex');
  }

  cellAt(index: number): Nb101Cell {
    this.checkIndex(index);
    const { vertexCounts, adjacencyBits, opCodes } = this.columns;
    return unpackCell(vertexCounts[index], adjacencyBits[index], opCodes[index]);
  }

  /** arch2vec's padded 7×7 / 7×5 encoding of cell `index`. */
  encodingAt(index: number): ArchEncoding {
    return encodeNb101Cell(this.cellAt(index));
  }

  /** Position of a module hash (32 hex chars) by binary search, or -1 when it is not a NAS-Bench-101 cell. */
  indexOfHash(hash: string): number {
    if (!/^[0-9a-f]{32}$/.test(hash)) return -1;
    const key = Buffer.from(hash, 'hex');
    const { hashes } = this.columns;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = compareHashBytes(hashes, mid * HASH_BYTES, key, 0);
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Materialises every cell as an object (≈ 200 MB for the whole space; prefer cellAt in loops). */
  toCells(): Nb101Cell[] {
    return Array.from({ length: this.size }, (_, i) => this.cellAt(i));
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`cell index ${index} outside 0..${this.size - 1}`);
  }
}

export function compareHashBytes(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): number {
  for (let k = 0; k < HASH_BYTES; k++) {
    const diff = a[aOffset + k] - b[bOffset + k];
    if (diff !== 0) return diff;
  }
  return 0;
}
