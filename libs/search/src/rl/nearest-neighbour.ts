/**
 * Nearest embedding to a point in L2, skipping visited rows: the environment step of arch2vec-RL
 * (the action is mapped to the closest architecture not yet visited). Exact brute force, made
 * cheap in memory traffic, which is what bounds it (the 423,624 × 16 float32 table is 27 MB):
 * the index keeps the four highest-variance dimensions of every row packed apart (6.8 MB), scans
 * those first, and reads the rest of a row only when its partial distance is still below the best
 * so far — which after the first few hundred rows is rare. Ties go to the lower index.
 */
const HEAD = 4;

export class NearestNeighbourIndex {
  /** Dimension order, highest variance first. */
  private readonly order: Int32Array;
  /** count × HEAD: the first HEAD dimensions of `order`, per row. */
  private readonly head: Float32Array;
  /** count × (dim − HEAD): the remaining dimensions, per row. */
  private readonly tail: Float32Array;
  private readonly point: Float64Array;

  constructor(
    rows: Float32Array,
    readonly dim: number,
  ) {
    const count = rows.length / dim;
    const variance = new Float64Array(dim);
    const mean = new Float64Array(dim);
    for (let i = 0; i < count; i++) for (let d = 0; d < dim; d++) mean[d] += rows[i * dim + d] / count;
    for (let i = 0; i < count; i++) for (let d = 0; d < dim; d++) variance[d] += (rows[i * dim + d] - mean[d]) ** 2;
    this.order = Int32Array.from(Array.from({ length: dim }, (_, d) => d).sort((a, b) => variance[b] - variance[a] || a - b));
    // Narrower tables are padded with zero columns (and zero query values), which add nothing.
    const rest = Math.max(0, dim - HEAD);
    this.head = new Float32Array(count * HEAD);
    this.tail = new Float32Array(count * rest);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < Math.min(HEAD, dim); k++) this.head[i * HEAD + k] = rows[i * dim + this.order[k]];
      for (let k = 0; k < rest; k++) this.tail[i * rest + k] = rows[i * dim + this.order[HEAD + k]];
    }
    this.point = new Float64Array(Math.max(dim, HEAD));
  }

  /** Index of the nearest row with visited[i] === 0 and i !== exclude; -1 when there is none. */
  nearestUnvisited(query: ArrayLike<number>, visited: Uint8Array, exclude = -1): number {
    const p = this.point;
    for (let k = 0; k < this.dim; k++) p[k] = query[this.order[k]];
    const p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3];
    const head = this.head;
    const tail = this.tail;
    const rest = Math.max(0, this.dim - HEAD);
    const count = visited.length;
    let best = -1;
    let bestDistance = Infinity;
    for (let i = 0, o = 0; i < count; i++, o += HEAD) {
      const a = head[o] - p0, b = head[o + 1] - p1, c = head[o + 2] - p2, d = head[o + 3] - p3;
      let s = a * a + b * b + c * c + d * d;
      if (s >= bestDistance || visited[i] !== 0 || i === exclude) continue;
      const t = i * rest;
      for (let k = 0; k < rest; k++) {
        const diff = tail[t + k] - p[HEAD + k];
        s += diff * diff;
      }
      if (s < bestDistance) {
        bestDistance = s;
        best = i;
      }
    }
    return best;
  }
}

/** The same search without an index (plain loop); the tests' reference. */
export function nearestUnvisited(rows: Float32Array, dim: number, point: ArrayLike<number>, visited: Uint8Array, exclude = -1): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < visited.length; i++) {
    if (visited[i] !== 0 || i === exclude) continue;
    let s = 0;
    for (let k = 0; k < dim; k++) {
      const diff = rows[i * dim + k] - point[k];
      s += diff * diff;
    }
    if (s < bestDistance) {
      bestDistance = s;
      best = i;
    }
  }
  return best;
}
