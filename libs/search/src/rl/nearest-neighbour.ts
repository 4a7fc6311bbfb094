/**
 * Nearest embedding to a point in L2, skipping visited rows: the environment step of arch2vec-RL
 * (the action is mapped to the closest architecture not yet visited). Exact brute force over the
 * float32 table with partial-distance pruning: the squared distance is accumulated over 2, then 4,
 * then 8 dimensions, and a row is dropped as soon as the partial sum reaches the best distance so
 * far, so most rows cost two subtractions. Ties go to the lower index. (Packing the leading
 * dimensions apart to save memory traffic was tried and measured slower: the loop is bound by
 * per-row work, not by reading the 27 MB table.)
 * 16-wide tables (arch2vec's) go to a WebAssembly SIMD kernel instead (nearest-kernel.ts), with
 * float32 distances; other widths use the TypeScript scans below, in float64.
 */
import { Nearest16Kernel } from './nearest-kernel.js';

export class NearestNeighbourIndex {
  private readonly kernel: Nearest16Kernel | undefined;

  constructor(
    readonly rows: Float32Array,
    readonly dim: number,
  ) {
    this.kernel = dim === 16 ? new Nearest16Kernel(rows) : undefined;
  }

  /** Index of the nearest row with visited[i] === 0 and i !== exclude; -1 when there is none. */
  nearestUnvisited(query: ArrayLike<number>, visited: Uint8Array, exclude = -1): number {
    if (visited.length * this.dim !== this.rows.length) throw new Error(`visited has ${visited.length} entries for ${this.rows.length / this.dim} rows`);
    if (this.kernel) return this.kernel.nearest(query, visited, exclude);
    return this.dim >= 8 ? nearestWide(this.rows, this.dim, query, visited, exclude) : nearestUnvisited(this.rows, this.dim, query, visited, exclude);
  }
}

function nearestWide(rows: Float32Array, dim: number, point: ArrayLike<number>, visited: Uint8Array, exclude: number): number {
  const count = visited.length;
  const p0 = point[0], p1 = point[1], p2 = point[2], p3 = point[3];
  const p4 = point[4], p5 = point[5], p6 = point[6], p7 = point[7];
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0, o = 0; i < count; i++, o += dim) {
    const a = rows[o] - p0, b = rows[o + 1] - p1;
    let s = a * a + b * b;
    if (s >= bestDistance) continue;
    const c = rows[o + 2] - p2, d = rows[o + 3] - p3;
    s += c * c + d * d;
    if (s >= bestDistance) continue;
    const e = rows[o + 4] - p4, f = rows[o + 5] - p5, g = rows[o + 6] - p6, h = rows[o + 7] - p7;
    s += e * e + f * f + g * g + h * h;
    if (s >= bestDistance || visited[i] !== 0 || i === exclude) continue;
    for (let k = 8; k < dim; k++) {
      const diff = rows[o + k] - point[k];
      s += diff * diff;
    }
    if (s < bestDistance) {
      bestDistance = s;
      best = i;
    }
  }
  return best;
}

/** The same search as a plain loop (any width); the tests' reference. */
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
