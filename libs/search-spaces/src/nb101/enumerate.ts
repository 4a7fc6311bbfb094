/**
 * Enumerates every NAS-Bench-101 cell, equivalent to nasbench's `generate_graphs.py` (all DAGs with
 * 2..7 vertices and ≤ 9 edges in which every vertex lies on an input→output path, every labelling of
 * the interior vertices, deduplicated by module hash) but without hashing all 1,293,208 (matrix,
 * labelling) pairs: hashing dominates the cost, so only one member of each isomorphism class is hashed.
 *
 * 1. For each vertex count, walk all upper-triangular edge masks and keep the "full DAGs" with ≤ 9
 *    edges. Isomorphisms must fix input and output (their labels are unique), so two masks describe
 *    the same unlabelled graph iff an interior-vertex permutation maps one onto the other. Keep only
 *    the smallest mask of each class and remember its automorphisms.
 * 2. For a class representative, two labellings give isomorphic cells iff an automorphism maps one
 *    onto the other; keep the lexicographically smallest labelling of each orbit.
 * 3. Hash what is left (one hash per isomorphism class) and sort by hash; duplicates — should the
 *    hash ever collide — are dropped as generate_graphs would.
 */
import { Nb101Enumeration, compareHashBytes } from './enumeration.js';
import { MAX_VERTICES, ModuleHasher } from './module-hash.js';
import { NB101_INTERIOR_OPS, NB101_MAX_EDGES } from './ops.js';
import { triangleBit } from './packed-cell.js';
import { interiorPermutations } from './permutations.js';

const OP_COUNT = NB101_INTERIOR_OPS.length;
const HASH_BYTES = 16;

/** Growable column store for cells found during the walk. */
class CellCollector {
  count = 0;
  hashes = new Uint8Array(430_000 * HASH_BYTES);
  vertexCounts = new Uint8Array(430_000);
  adjacencyBits = new Uint32Array(430_000);
  opCodes = new Uint16Array(430_000);

  /** Hashes `labels` on the hasher's current graph and stores the cell. */
  add(hasher: ModuleHasher, labels: Int8Array, vertexCount: number, adjacencyBits: number, opCodes: number): void {
    if (this.count === this.vertexCounts.length) this.grow();
    const i = this.count++;
    hasher.hashRawInto(labels, this.hashes, i * HASH_BYTES);
    this.vertexCounts[i] = vertexCount;
    this.adjacencyBits[i] = adjacencyBits;
    this.opCodes[i] = opCodes;
  }

  private grow(): void {
    const size = this.vertexCounts.length * 2;
    const hashes = new Uint8Array(size * HASH_BYTES);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const counts = new Uint8Array(size);
    counts.set(this.vertexCounts);
    this.vertexCounts = counts;
    const adjacency = new Uint32Array(size);
    adjacency.set(this.adjacencyBits);
    this.adjacencyBits = adjacency;
    const ops = new Uint16Array(size);
    ops.set(this.opCodes);
    this.opCodes = ops;
  }
}

export interface EnumerationOptions {
  /** Largest vertex count to include (default 7, the full space); smaller values give sub-spaces for tests. */
  readonly maxVertices?: number;
}

/** Every NAS-Bench-101 cell (423,624 with the defaults), sorted by module hash. */
export function enumerateNb101(options: EnumerationOptions = {}): Nb101Enumeration {
  const maxVertices = options.maxVertices ?? MAX_VERTICES;
  if (!Number.isInteger(maxVertices) || maxVertices < 2 || maxVertices > MAX_VERTICES) throw new RangeError(`maxVertices must be 2..${MAX_VERTICES}`);
  const collector = new CellCollector();
  const hasher = new ModuleHasher();
  for (let n = 2; n <= maxVertices; n++) enumerateVertexCount(n, hasher, collector);
  return sortAndDeduplicate(collector);
}

function enumerateVertexCount(n: number, hasher: ModuleHasher, collector: CellCollector): void {
  // Local pair numbering for this n (row-major over i < j < n); `gridBit` maps it to the padded 7×7 layout.
  const pairI: number[] = [];
  const pairJ: number[] = [];
  const localPair = new Int8Array(n * n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      localPair[i * n + j] = pairI.length;
      pairI.push(i);
      pairJ.push(j);
    }
  }
  const pairCount = pairI.length;
  const gridBit = pairI.map((i, t) => triangleBit(i, pairJ[t]));
  const rowMask = new Array<number>(n).fill(0);
  const colMask = new Array<number>(n).fill(0);
  for (let t = 0; t < pairCount; t++) {
    rowMask[pairI[t]] |= 1 << t;
    colMask[pairJ[t]] |= 1 << t;
  }

  // For each interior permutation, where each pair goes (-1 if the image would point backwards).
  const perms = interiorPermutations(n);
  const pairImage = perms.map((p) => Int8Array.from({ length: pairCount }, (_, t) => (p[pairI[t]] < p[pairJ[t]] ? localPair[p[pairI[t]] * n + p[pairJ[t]]] : -1)));
  const inverse = perms.map((p) => {
    const inv = new Uint8Array(n);
    for (let v = 0; v < n; v++) inv[p[v]] = v;
    return inv;
  });

  const edges = new Int8Array(NB101_MAX_EDGES);
  const adjacency = new Uint8Array(MAX_VERTICES * MAX_VERTICES);
  const labels = new Int8Array(MAX_VERTICES);
  const automorphisms: number[] = [];
  const interior = n - 2;
  const labellingCount = OP_COUNT ** interior;

  for (let mask = 0; mask < 1 << pairCount; mask++) {
    let edgeCount = 0;
    for (let t = 0; t < pairCount; t++) {
      if ((mask >>> t) & 1) {
        if (edgeCount === NB101_MAX_EDGES) {
          edgeCount = -1;
          break;
        }
        edges[edgeCount++] = t;
      }
    }
    if (edgeCount < 0 || !isFullDag(mask, n, rowMask, colMask)) continue;

    // Step 1: is this mask the smallest of its class? Collect automorphisms on the way (perm 0 is identity).
    automorphisms.length = 0;
    let representative = true;
    for (let p = 1; p < perms.length && representative; p++) {
      const image = pairImage[p];
      let mapped = 0;
      let e = 0;
      for (; e < edgeCount; e++) {
        const t = image[edges[e]];
        if (t < 0) break;
        mapped |= 1 << t;
      }
      if (e < edgeCount) continue;
      if (mapped < mask) representative = false;
      else if (mapped === mask) automorphisms.push(p);
    }
    if (!representative) continue;

    adjacency.fill(0);
    let bits = 0;
    for (let e = 0; e < edgeCount; e++) {
      adjacency[pairI[edges[e]] * MAX_VERTICES + pairJ[edges[e]]] = 1;
      bits |= 1 << gridBit[edges[e]];
    }
    labels[0] = -1;
    labels[n - 1] = -2;
    hasher.setGraph(n, adjacency);

    // Step 2: one labelling per automorphism orbit (the lexicographically smallest).
    for (let code = 0; code < labellingCount; code++) {
      let rest = code;
      for (let v = interior; v >= 1; v--) {
        labels[v] = rest % OP_COUNT;
        rest = (rest - labels[v]) / OP_COUNT;
      }
      if (!isSmallestInOrbit(labels, n, automorphisms, inverse)) continue;
      let opCodes = 0;
      for (let v = 1; v <= interior; v++) opCodes |= labels[v] << (2 * (v - 1));
      collector.add(hasher, labels, n, bits, opCodes);
    }
  }
}

/** nasbench `is_full_dag`: only the output lacks out-edges and only the input lacks in-edges. */
function isFullDag(mask: number, n: number, rowMask: number[], colMask: number[]): boolean {
  for (let i = 0; i < n - 1; i++) if ((mask & rowMask[i]) === 0) return false;
  for (let j = 1; j < n; j++) if ((mask & colMask[j]) === 0) return false;
  return true;
}

/** The automorphism π relabels vertex v as π(v), so the relabelled cell has label[π⁻¹(u)] at u. */
function isSmallestInOrbit(labels: Int8Array, n: number, automorphisms: number[], inverse: Uint8Array[]): boolean {
  for (const p of automorphisms) {
    const inv = inverse[p];
    for (let u = 1; u < n - 1; u++) {
      const moved = labels[inv[u]];
      if (moved !== labels[u]) {
        if (moved < labels[u]) return false;
        break;
      }
    }
  }
  return true;
}

function sortAndDeduplicate(collector: CellCollector): Nb101Enumeration {
  const { count, hashes } = collector;
  // Sort by (first 32 hash bits, index) packed into one exact double, then settle equal prefixes bytewise.
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * HASH_BYTES;
    const prefix = ((hashes[o] << 24) | (hashes[o + 1] << 16) | (hashes[o + 2] << 8) | hashes[o + 3]) >>> 0;
    keys[i] = prefix * 2 ** 20 + i;
  }
  if (count >= 2 ** 20) throw new Error('enumeration too large for the sort key packing');
  keys.sort();
  const order = Array.from(keys, (key) => key % 2 ** 20);
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && Math.floor(keys[end] / 2 ** 20) === Math.floor(keys[start] / 2 ** 20)) end++;
    if (end - start > 1) {
      const run = order.slice(start, end).sort((a, b) => compareHashBytes(hashes, a * HASH_BYTES, hashes, b * HASH_BYTES) || a - b);
      for (let k = 0; k < run.length; k++) order[start + k] = run[k];
    }
    start = end;
  }
  const kept = order.filter((index, k) => k === 0 || compareHashBytes(hashes, index * HASH_BYTES, hashes, order[k - 1] * HASH_BYTES) !== 0);

  const size = kept.length;
  const columns = {
    hashes: new Uint8Array(size * HASH_BYTES),
    vertexCounts: new Uint8Array(size),
    adjacencyBits: new Uint32Array(size),
    opCodes: new Uint16Array(size),
  };
  kept.forEach((index, k) => {
    columns.hashes.set(hashes.subarray(index * HASH_BYTES, index * HASH_BYTES + HASH_BYTES), k * HASH_BYTES);
    columns.vertexCounts[k] = collector.vertexCounts[index];
    columns.adjacencyBits[k] = collector.adjacencyBits[index];
    columns.opCodes[k] = collector.opCodes[index];
  });
  return new Nb101Enumeration(columns);
}
