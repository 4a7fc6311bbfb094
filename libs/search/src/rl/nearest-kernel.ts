/**
 * The WebAssembly SIMD nearest-neighbour scan (nearest-kernel.wat) over one 16-wide float32 table:
 * the table is copied into the kernel's memory once, then each query copies the 64-byte point and
 * the visited bytes in and scans every row four lanes at a time — several times the plain
 * TypeScript scan, which V8 does not vectorise. Distances are float32 (the table's own precision);
 * `nearestUnvisitedFloat32` is the same arithmetic in TypeScript, the kernel's reference in tests.
 */
import { instantiateKernel, type KernelMemory } from '../wasm/instantiate.js';
import { WASM_BASE64 } from './nearest-kernel-bytes.js';

const WIDTH = 16;

interface KernelExports {
  memory: KernelMemory;
  nearest16(rows: number, count: number, query: number, visited: number, exclude: number): number;
}

export class Nearest16Kernel {
  private readonly exports: KernelExports;
  private readonly query: Float32Array;
  private readonly visited: Uint8Array;

  constructor(rows: Float32Array) {
    if (rows.length % WIDTH !== 0) throw new Error(`table length ${rows.length} is not a multiple of ${WIDTH}`);
    const count = rows.length / WIDTH;
    // Layout: query (64 B) | table (count × 64 B) | visited (count B).
    this.exports = instantiateKernel<KernelExports>(WASM_BASE64, 64 + rows.byteLength + count);
    const { memory } = this.exports;
    new Float32Array(memory.buffer, 64, rows.length).set(rows);
    this.query = new Float32Array(memory.buffer, 0, WIDTH);
    this.visited = new Uint8Array(memory.buffer, 64 + rows.byteLength, count);
  }

  /** Index of the nearest row with visited[i] === 0 and i !== exclude; -1 when there is none. */
  nearest(point: ArrayLike<number>, visited: Uint8Array, exclude: number): number {
    for (let d = 0; d < WIDTH; d++) this.query[d] = point[d];
    this.visited.set(visited);
    return this.exports.nearest16(64, this.visited.length, 0, this.visited.byteOffset, exclude);
  }
}

/** The kernel's arithmetic in TypeScript (float32 lanes, same order), for any width divisible by 4. */
export function nearestUnvisitedFloat32(rows: Float32Array, dim: number, point: ArrayLike<number>, visited: Uint8Array, exclude = -1): number {
  const f = Math.fround;
  const q = Float32Array.from({ length: dim }, (_, d) => point[d]);
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < visited.length; i++) {
    if (visited[i] !== 0 || i === exclude) continue;
    const lanes = [0, 0, 0, 0];
    for (let c = 0; c < dim / 4; c++) {
      for (let k = 0; k < 4; k++) {
        const t = f(rows[i * dim + 4 * c + k] - q[4 * c + k]);
        lanes[k] = c === 0 ? f(t * t) : f(lanes[k] + f(t * t));
      }
    }
    const s = f(f(lanes[0] + lanes[1]) + f(lanes[2] + lanes[3]));
    if (s < bestDistance) {
      bestDistance = s;
      best = i;
    }
  }
  return best;
}
