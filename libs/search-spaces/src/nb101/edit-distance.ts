/**
 * Graph edit distance between two NAS-Bench-101 cells: the minimum, over correspondences of the
 * interior vertices (input↔input and output↔output are forced by their unique labels), of the number
 * of directed edges present in one cell but not the other plus the number of vertices whose op
 * differs. The smaller cell is padded with "absent" vertices (no edges, an op matching nothing), so
 * inserting or deleting a vertex costs 1 plus its edges. Cells are pruned first: the distance is
 * between computation graphs. Exhaustive over ≤ 5! = 120 correspondences.
 */
import { createNb101Cell, type Nb101Cell } from './cell.js';
import { interiorPermutations } from './permutations.js';
import { nb101HashLabel } from './ops.js';

const ABSENT = -9;

export function nb101EditDistance(a: Nb101Cell, b: Nb101Cell): number {
  const left = padded(a);
  const right = padded(b);
  const n = Math.max(left.n, right.n);
  const x = left.resize(n);
  const y = right.resize(n);
  let best = Number.POSITIVE_INFINITY;
  for (const p of interiorPermutations(n)) {
    let cost = 0;
    for (let v = 0; v < n && cost < best; v++) {
      if (x.labels[v] !== y.labels[p[v]]) cost++;
      for (let w = 0; w < n; w++) if (x.adjacency[v * n + w] !== y.adjacency[p[v] * n + p[w]]) cost++;
    }
    if (cost < best) best = cost;
  }
  return best;
}

interface PaddedCell {
  readonly n: number;
  resize(size: number): { labels: number[]; adjacency: Uint8Array };
}

/** Places the output last and fills the gap before it with absent vertices. */
function padded(cell: Nb101Cell): PaddedCell {
  const { matrix, ops } = createNb101Cell(cell.matrix, cell.ops);
  const n = ops.length;
  return {
    n,
    resize(size) {
      const position = (v: number): number => (v === n - 1 ? size - 1 : v);
      const labels = new Array<number>(size).fill(ABSENT);
      const adjacency = new Uint8Array(size * size);
      for (let v = 0; v < n; v++) {
        labels[position(v)] = nb101HashLabel(ops[v]);
        for (let w = 0; w < n; w++) adjacency[position(v) * size + position(w)] = matrix[v][w];
      }
      return { labels, adjacency };
    },
  };
}
