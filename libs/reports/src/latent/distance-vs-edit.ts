/**
 * Fig. 3 of the paper: along a random walk of single mutations, how the L2 distance between two
 * architectures' embeddings grows with their graph edit distance. A smooth embedding gives a mean
 * L2 that rises monotonically with edit distance.
 */
import { keyIndex, l2Distance, meanStd, pearson, Rng, type ArchitectureSet, type Embedding, type MeanStdN } from './embedding.js';

export interface DistanceVsEditOptions {
  /** Steps of the random walk (the paper: 1,000). */
  walkLength?: number;
  /** Pairs up to this many steps apart along the walk are compared (the paper: 8). */
  maxSteps?: number;
  seed?: number;
  /** An edit distance with fewer pairs is left out of the monotonicity check. */
  minPairs?: number;
}

export interface DistanceVsEdit {
  byEditDistance: Array<{ editDistance: number; l2: MeanStdN }>;
  pairs: number;
  /** Pearson r between edit distance and L2 over all pairs. */
  pearson: number;
  /** Mean L2 never decreases from one edit distance to the next (among those with ≥ minPairs pairs). */
  monotonic: boolean;
  /** Walk restarts: no unvisited neighbour of the current cell was in the embedding. */
  restarts: number;
}

export function distanceVersusEdit<Cell>(e: Embedding, archs: ArchitectureSet<Cell>, options: DistanceVsEditOptions = {}): DistanceVsEdit {
  const { walkLength = 1000, maxSteps = 8, seed = 1, minPairs = 5 } = options;
  const rng = new Rng(seed);
  const index = keyIndex(e);
  const known = e.keys.map((k, i) => [i, archs.cellOf(k)] as const).filter(([, c]) => c !== undefined) as Array<readonly [number, Cell]>;
  if (known.length < 2) throw new RangeError('distanceVersusEdit needs at least 2 embedded architectures with known cells');
  const segments: Array<Array<{ row: number; cell: Cell }>> = [];
  let current: Array<{ row: number; cell: Cell }> = [];
  const visited = new Set<number>();
  let restarts = 0;
  for (let step = 0; step < walkLength; step++) {
    const last = current.at(-1);
    const options = last
      ? archs.space.neighbours(last.cell).map((cell) => ({ cell, row: index.get(archs.space.key(cell)) })).filter((c) => c.row !== undefined && !visited.has(c.row))
      : [];
    if (options.length === 0) {
      if (last) restarts++;
      if (current.length) segments.push(current);
      const [row, cell] = known[rng.int(0, known.length - 1)];
      current = [{ row, cell }];
      visited.add(row);
      continue;
    }
    const next = options[rng.int(0, options.length - 1)];
    current.push({ row: next.row!, cell: next.cell });
    visited.add(next.row!);
  }
  segments.push(current);
  const groups = new Map<number, number[]>();
  const eds: number[] = [];
  const l2s: number[] = [];
  for (const segment of segments) {
    for (let a = 0; a < segment.length; a++) {
      for (let b = a + 1; b <= Math.min(a + maxSteps, segment.length - 1); b++) {
        const ed = archs.space.editDistance(segment[a].cell, segment[b].cell);
        const l2 = l2Distance(e, segment[a].row, segment[b].row);
        eds.push(ed);
        l2s.push(l2);
        if (!groups.has(ed)) groups.set(ed, []);
        groups.get(ed)!.push(l2);
      }
    }
  }
  const byEditDistance = [...groups].sort(([a], [b]) => a - b).map(([editDistance, values]) => ({ editDistance, l2: meanStd(values) }));
  const checked = byEditDistance.filter((g) => g.l2.n >= minPairs);
  const monotonic = checked.every((g, k) => k === 0 || g.l2.mean >= checked[k - 1].l2.mean);
  return { byEditDistance, pairs: eds.length, pearson: pearson(eds, l2s), monotonic, restarts };
}
