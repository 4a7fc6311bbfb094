/**
 * Fig. 5 / App. D of the paper: greedy nearest-neighbour walks in the embedding (from a random
 * start, go to the nearest unvisited architecture in L2) and the edit distance between consecutive
 * architectures. A smooth embedding keeps neighbours close in edit distance (paper: 2.9 for
 * arch2vec vs 8.9 for the supervised embedding on NB101). Random pairs give the scale to compare to.
 */
import { l2Distance, meanStd, Rng, squaredDistance, type ArchitectureSet, type Embedding, type MeanStdN } from './embedding.js';

export interface NnWalkOptions {
  /** Random starting points (the reference's visgraph.py: 50). */
  starts?: number;
  /** Steps per walk (10 by default). */
  steps?: number;
  seed?: number;
}

export interface NnWalk {
  /** Edit distance between consecutive architectures of the walks. */
  editDistance: MeanStdN;
  l2: MeanStdN;
  /** Mean edit distance at each step k (k = 1..steps). */
  perStep: number[];
  /** Edit distance between random pairs of the same architectures, for scale. */
  randomPairEditDistance: MeanStdN;
}

export function nearestNeighbourWalk<Cell>(e: Embedding, archs: ArchitectureSet<Cell>, options: NnWalkOptions = {}): NnWalk {
  const { starts = 50, steps = 10, seed = 1 } = options;
  const rng = new Rng(seed);
  const cells = e.keys.map((k) => archs.cellOf(k));
  const rows = cells.map((c, i) => (c === undefined ? -1 : i)).filter((i) => i >= 0);
  if (rows.length < steps + 1) throw new RangeError(`nearestNeighbourWalk needs more than ${steps} embedded architectures with known cells`);
  const eds: number[] = [];
  const l2s: number[] = [];
  const perStep: number[][] = Array.from({ length: steps }, () => []);
  for (let s = 0; s < starts; s++) {
    const visited = new Set<number>();
    let at = rows[rng.int(0, rows.length - 1)];
    visited.add(at);
    for (let k = 0; k < steps; k++) {
      let best = -1;
      let bestD = Number.POSITIVE_INFINITY;
      for (const r of rows) {
        if (visited.has(r)) continue;
        const d = squaredDistance(e, at, r);
        if (d < bestD) {
          bestD = d;
          best = r;
        }
      }
      const ed = archs.space.editDistance(cells[at]!, cells[best]!);
      eds.push(ed);
      l2s.push(l2Distance(e, at, best));
      perStep[k].push(ed);
      visited.add(best);
      at = best;
    }
  }
  const random: number[] = [];
  for (let k = 0; k < starts * steps; k++) {
    const a = rows[rng.int(0, rows.length - 1)];
    const b = rows[rng.int(0, rows.length - 1)];
    if (a !== b) random.push(archs.space.editDistance(cells[a]!, cells[b]!));
  }
  return { editDistance: meanStd(eds), l2: meanStd(l2s), perStep: perStep.map((v) => meanStd(v).mean), randomPairEditDistance: meanStd(random) };
}
