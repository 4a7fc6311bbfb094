/**
 * The official NAS-Bench-201 index ↔ arch string mapping. NAS-Bench-201 generated its cells with
 * `CellStructure.gen_all` (every op combination, edge (0→1) varying slowest, ops in NB201_OPS order)
 * and then ran `random.seed(88); random.shuffle(archs)`; index i is position i after the shuffle
 * (AutoDL-Projects, NAS-Bench-201 `generate_meta_info`). Replaying that with a CPython-compatible
 * MT19937 reproduces all 15,625 rows of the benchmark's table.
 */
import { InvalidCellError } from '../common/invalid-cell-error.js';
import { NB201_EDGE_COUNT, NB201_OPS, createNb201Cell, formatNb201ArchString, parseNb201ArchString, type Nb201Cell } from './cell.js';
import { PythonRandom } from './python-random.js';

export const NB201_CELL_COUNT = NB201_OPS.length ** NB201_EDGE_COUNT;
const NB201_SHUFFLE_SEED = 88;

let indexToCode: Uint16Array | undefined;
let codeToIndex: Uint16Array | undefined;

/** Position in gen_all order: the six ops as base-5 digits, edge (0→1) most significant. */
function generationCode(cell: Nb201Cell): number {
  return cell.ops.reduce((code, op) => code * NB201_OPS.length + NB201_OPS.indexOf(op), 0);
}

function cellFromCode(code: number): Nb201Cell {
  const ops = new Array<(typeof NB201_OPS)[number]>(NB201_EDGE_COUNT);
  for (let k = NB201_EDGE_COUNT - 1; k >= 0; k--) {
    ops[k] = NB201_OPS[code % NB201_OPS.length];
    code = Math.floor(code / NB201_OPS.length);
  }
  return { ops };
}

function tables(): { indexToCode: Uint16Array; codeToIndex: Uint16Array } {
  if (!indexToCode || !codeToIndex) {
    const order = Array.from({ length: NB201_CELL_COUNT }, (_, code) => code);
    new PythonRandom(NB201_SHUFFLE_SEED).shuffle(order);
    const inverse = new Uint16Array(NB201_CELL_COUNT);
    order.forEach((code, index) => (inverse[code] = index));
    indexToCode = Uint16Array.from(order);
    codeToIndex = inverse;
  }
  return { indexToCode, codeToIndex };
}

export function nb201CellAt(index: number): Nb201Cell {
  if (!Number.isInteger(index) || index < 0 || index >= NB201_CELL_COUNT) throw new RangeError(`NAS-Bench-201 index ${index} outside 0..${NB201_CELL_COUNT - 1}`);
  return cellFromCode(tables().indexToCode[index]);
}

export function nb201ArchStringAt(index: number): string {
  return formatNb201ArchString(nb201CellAt(index));
}

/** Official index of a cell or arch string; throws InvalidCellError for a malformed one. */
export function nb201IndexOf(cell: Nb201Cell | string): number {
  const parsed = typeof cell === 'string' ? parseNb201ArchString(cell) : createNb201Cell(cell.ops);
  return tables().codeToIndex[generationCode(parsed)];
}

/**
 * Checks an externally supplied arch-string list (e.g. a benchmark table's `arch_str` column, row i =
 * index i) against the official order; returns the first disagreeing (or missing/extra) row, or -1.
 */
export function firstNb201OrderMismatch(archStrings: readonly string[]): number {
  const shared = Math.min(archStrings.length, NB201_CELL_COUNT);
  for (let index = 0; index < shared; index++) {
    let parsedIndex: number;
    try {
      parsedIndex = nb201IndexOf(archStrings[index]);
    } catch (error) {
      if (error instanceof InvalidCellError) return index;
      throw error;
    }
    if (parsedIndex !== index) return index;
  }
  // A short list disagrees at its first missing row, a long one at its first extra row.
  return archStrings.length === NB201_CELL_COUNT ? -1 : shared;
}
