/**
 * NAS-Bench-201 cells: four nodes, an op on each of the six edges i→j (i < j). The official arch
 * string lists them grouped by target node, `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`, and a cell here
 * keeps the six ops in that same order: (0→1), (0→2), (1→2), (0→3), (1→3), (2→3).
 */
import { InvalidCellError } from '../common/invalid-cell-error.js';

/** The op order of NAS-Bench-201's `get_search_spaces('cell', 'nas-bench-201')` (it fixes the official index order). */
export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
export type Nb201Op = (typeof NB201_OPS)[number];
export const NB201_EDGE_COUNT = 6;
/** Source node of each edge position, in arch-string order. */
export const NB201_EDGE_SOURCES = [0, 0, 1, 0, 1, 2] as const;

export interface Nb201Cell {
  readonly ops: readonly Nb201Op[];
}

function invalid(message: string): InvalidCellError {
  return new InvalidCellError('nasbench201', 'arch-string', message);
}

export function isNb201Op(op: unknown): op is Nb201Op {
  return (NB201_OPS as readonly unknown[]).includes(op);
}

/** Checks a cell-shaped value (six known ops) and returns a fresh copy. */
export function createNb201Cell(ops: readonly unknown[]): Nb201Cell {
  if (!Array.isArray(ops) || ops.length !== NB201_EDGE_COUNT) {
    throw new InvalidCellError('nasbench201', 'ops-length', `ops: expected ${NB201_EDGE_COUNT} edge ops, got ${Array.isArray(ops) ? ops.length : typeof ops}`);
  }
  ops.forEach((op, k) => {
    if (!isNb201Op(op)) throw new InvalidCellError('nasbench201', 'unknown-op', `ops[${k}]: unknown op ${JSON.stringify(op)} (expected one of ${NB201_OPS.join(', ')})`);
  });
  return { ops: ops.slice() as Nb201Op[] };
}

export function formatNb201ArchString(cell: Nb201Cell): string {
  const { ops } = createNb201Cell(cell.ops);
  const node = (target: number, first: number): string =>
    `|${Array.from({ length: target }, (_, source) => `${ops[first + source]}~${source}`).join('|')}|`;
  return [node(1, 0), node(2, 1), node(3, 3)].join('+');
}

/** Parses the official arch string strictly (edges in order, known ops) with an error naming the part at fault. */
export function parseNb201ArchString(text: string): Nb201Cell {
  if (typeof text !== 'string') throw invalid(`arch string: expected a string, got ${typeof text}`);
  const nodes = text.split('+');
  if (nodes.length !== 3) throw invalid(`arch string '${text}': expected 3 nodes separated by '+', got ${nodes.length}`);
  const ops: Nb201Op[] = [];
  nodes.forEach((node, k) => {
    const target = k + 1;
    if (node.length < 2 || !node.startsWith('|') || !node.endsWith('|')) {
      throw invalid(`arch string '${text}': node ${target} '${node}' must be wrapped in '|'`);
    }
    const edges = node.slice(1, -1).split('|');
    if (edges.length !== target) throw invalid(`arch string '${text}': node ${target} needs ${target} incoming edges, got ${edges.length}`);
    edges.forEach((edge, source) => {
      const match = /^([^~|]+)~(\d+)$/.exec(edge);
      if (!match) throw invalid(`arch string '${text}': edge '${edge}' into node ${target} is not 'op~source'`);
      if (Number(match[2]) !== source) throw invalid(`arch string '${text}': edge '${edge}' into node ${target} must come from node ${source}`);
      if (!isNb201Op(match[1])) throw invalid(`arch string '${text}': unknown op '${match[1]}' (expected one of ${NB201_OPS.join(', ')})`);
      ops.push(match[1]);
    });
  });
  return { ops };
}
