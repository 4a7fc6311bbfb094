/**
 * The official NAS-Bench-101 module hash (google-research/nasbench `graph_util.hash_module`), bit for
 * bit. In Python:
 *
 *   hashes = [md5(str((out_degree[v], in_degree[v], label[v]))) for v]       # e.g. "(2, 0, -1)"
 *   repeat n times: hashes[v] = md5(''.join(sorted(in_nbr_hashes)) + '|' +
 *                                  ''.join(sorted(out_nbr_hashes)) + '|' + hashes[v])
 *   fingerprint = md5(str(sorted(hashes)))                                     # "['a…', 'b…']"
 *
 * with labels input = -1, output = -2 and interior ops by their index in
 * ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'] (`ModelSpec.hash_spec`); digests are lowercase
 * hex. The enumeration computes ~20 million of these MD5s, so each vertex hash is kept as its 32 hex
 * chars packed in 8 little-endian words and messages are assembled a word at a time (byte loops
 * were 30 % of the enumeration).
 */
import { Md5Hasher } from '../common/fast-md5.js';
import { MessageWriter } from './message-writer.js';

/** Rows are padded to this stride so one scratch layout serves every cell size (NB101 has ≤ 7 vertices). */
export const MAX_VERTICES = 7;

/** 8 words = 32 hex chars per vertex hash. */
const HASH_WORDS = 8;
/** 3^5: base-3 codes of the labels of at most five interior vertices. */
const MEMO_CODES = 243;
const latin1 = new TextDecoder('latin1');
const ascii = new TextEncoder();

export class ModuleHasher {
  private readonly md5 = new Md5Hasher();
  private readonly writer = new MessageWriter(this.md5.words);
  private current = new Int32Array(MAX_VERTICES * HASH_WORDS);
  private next = new Int32Array(MAX_VERTICES * HASH_WORDS);
  /** First 4 hex chars of each vertex hash as a big-endian u32: orders hashes like Python's str sort. */
  private readonly sortKey = new Uint32Array(MAX_VERTICES);
  private readonly inList = new Uint8Array(MAX_VERTICES * MAX_VERTICES);
  private readonly outList = new Uint8Array(MAX_VERTICES * MAX_VERTICES);
  private readonly inCount = new Uint8Array(MAX_VERTICES);
  private readonly outCount = new Uint8Array(MAX_VERTICES);
  private readonly order = new Uint8Array(MAX_VERTICES);
  private readonly digits = new Int32Array(MAX_VERTICES);
  private readonly hexOut = new Int32Array(HASH_WORDS);
  /** md5(str((out, in, label))) for every degree pair and label, computed on first use. */
  private readonly initialHashes = new Map<number, Int32Array>();
  private n = 0;
  /**
   * Memo for the enumeration, which hashes many labellings of one graph: the round-r hash of v only
   * depends on the labels within undirected distance r of v, so while that ball does not yet cover
   * every interior vertex, labellings that agree on it share the digest (worth ~10 %). Keyed by
   * (round, vertex, base-3 code of the ball's labels), invalidated per graph by a stamp.
   */
  private readonly ballMask = new Uint8Array((MAX_VERTICES + 1) * MAX_VERTICES);
  private readonly memoStamp = new Int32Array((MAX_VERTICES + 1) * MAX_VERTICES * MEMO_CODES);
  private readonly memoHex = new Int32Array((MAX_VERTICES + 1) * MAX_VERTICES * MEMO_CODES * HASH_WORDS);
  private graphStamp = 0;

  /**
   * Hash of an n-vertex DAG. `adjacency[i * 7 + j]` is 1 for an edge i→j (stride 7 whatever n is);
   * `labels[v]` is the hash label (-1 input, -2 output, 0..2 ops).
   */
  hash(n: number, adjacency: ArrayLike<number>, labels: ArrayLike<number>): string {
    this.setGraph(n, adjacency);
    this.hashLabelled(labels);
    const out = new Uint8Array(32);
    for (let k = 0; k < HASH_WORDS; k++) for (let b = 0; b < 4; b++) out[4 * k + b] = (this.hexOut[k] >>> (8 * b)) & 0xff;
    return latin1.decode(out);
  }

  /** Fixes the graph for following hashRawInto calls (same adjacency convention as hash). */
  setGraph(n: number, adjacency: ArrayLike<number>): void {
    if (!Number.isInteger(n) || n < 1 || n > MAX_VERTICES) throw new RangeError(`ModuleHasher: ${n} vertices, expected 1..${MAX_VERTICES}`);
    const { inList, outList, inCount, outCount, ballMask } = this;
    this.n = n;
    this.graphStamp++;
    inCount.fill(0);
    outCount.fill(0);
    const neighbours = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (adjacency[i * MAX_VERTICES + j]) {
          outList[i * MAX_VERTICES + outCount[i]++] = j;
          inList[j * MAX_VERTICES + inCount[j]++] = i;
          neighbours[i] |= 1 << j;
          neighbours[j] |= 1 << i;
        }
      }
    }
    for (let v = 0; v < n; v++) ballMask[v] = 1 << v;
    for (let round = 1; round <= n; round++) {
      for (let v = 0; v < n; v++) {
        let ball = ballMask[(round - 1) * MAX_VERTICES + v];
        for (let w = 0; w < n; w++) if ((neighbours[v] >>> w) & 1) ball |= ballMask[(round - 1) * MAX_VERTICES + w];
        ballMask[round * MAX_VERTICES + v] = ball;
      }
    }
  }

  /** Hash of the setGraph graph with these labels, as the 16 raw digest bytes at out[offset…]. */
  hashRawInto(labels: ArrayLike<number>, out: Uint8Array, offset: number): void {
    this.hashLabelled(labels);
    const { state } = this.md5;
    for (let k = 0; k < 4; k++) for (let b = 0; b < 4; b++) out[offset + 4 * k + b] = (state[k] >>> (8 * b)) & 0xff;
  }

  private hashLabelled(labels: ArrayLike<number>): void {
    const { n, inList, outList, inCount, outCount, ballMask, memoStamp, memoHex, graphStamp, writer } = this;
    for (let v = 0; v < n; v++) this.current.set(this.initialHash(outCount[v], inCount[v], labels[v]), v * HASH_WORDS);
    // The memo applies to interior labels 0..2 (always true for real cells); digits[u] = labels[u] · 3^(u-1).
    const interiorMask = n > 2 ? (1 << (n - 1)) - 2 : 0;
    const digits = this.digits;
    let memoUsable = interiorMask !== 0;
    for (let u = 1, scale = 1; u < n - 1; u++, scale *= 3) {
      const label = labels[u];
      if (label !== 0 && label !== 1 && label !== 2) memoUsable = false;
      digits[u] = label * scale;
    }

    for (let round = 0; round < n; round++) {
      this.refreshSortKeys(n);
      const current = this.current;
      const next = this.next;
      for (let v = 0; v < n; v++) {
        const ball = ballMask[(round + 1) * MAX_VERTICES + v] & interiorMask;
        let slot = -1;
        if (memoUsable && ball !== interiorMask) {
          let code = 0;
          for (let u = 1; u < n - 1; u++) if ((ball >>> u) & 1) code += digits[u];
          slot = ((round + 1) * MAX_VERTICES + v) * MEMO_CODES + code;
          if (memoStamp[slot] === graphStamp) {
            copyWords(memoHex, slot * HASH_WORDS, next, v * HASH_WORDS);
            continue;
          }
        }
        writer.reset();
        this.writeSorted(inList, v * MAX_VERTICES, inCount[v]);
        writer.byte(0x7c); // |
        this.writeSorted(outList, v * MAX_VERTICES, outCount[v]);
        writer.byte(0x7c);
        writer.hex(current, v * HASH_WORDS);
        this.md5.digestHexWordsInto(writer.finish(), next, v * HASH_WORDS);
        if (slot >= 0) {
          memoStamp[slot] = graphStamp;
          copyWords(next, v * HASH_WORDS, memoHex, slot * HASH_WORDS);
        }
      }
      this.current = next;
      this.next = current;
    }

    // str(sorted(hashes)) is Python's list repr: ['h0', 'h1', …]
    this.refreshSortKeys(n);
    const order = this.order;
    for (let v = 0; v < n; v++) order[v] = v;
    this.sortIndices(order, n);
    writer.reset();
    writer.byte(0x5b); // [
    for (let k = 0; k < n; k++) {
      if (k > 0) {
        writer.byte(0x2c); // ,
        writer.byte(0x20);
      }
      writer.byte(0x27); // '
      writer.hex(this.current, order[k] * HASH_WORDS);
      writer.byte(0x27);
    }
    writer.byte(0x5d); // ]
    this.md5.digestHexWordsInto(writer.finish(), this.hexOut, 0);
  }

  private initialHash(out: number, inDegree: number, label: number): Int32Array {
    const key = (out * 16 + inDegree) * 16 + (label + 8);
    let hex = this.initialHashes.get(key);
    if (!hex) {
      const text = ascii.encode(`(${out}, ${inDegree}, ${label})`);
      this.md5.message.set(text, 0);
      hex = new Int32Array(HASH_WORDS);
      this.md5.digestHexWordsInto(text.length, hex, 0);
      this.initialHashes.set(key, hex);
    }
    return hex;
  }

  private refreshSortKeys(n: number): void {
    for (let v = 0; v < n; v++) this.sortKey[v] = byteSwap(this.current[v * HASH_WORDS]);
  }

  /** Appends the hashes of list[start..start+count) in ascending string order. */
  private writeSorted(list: Uint8Array, start: number, count: number): void {
    const order = this.order;
    for (let k = 0; k < count; k++) order[k] = list[start + k];
    this.sortIndices(order, count);
    for (let k = 0; k < count; k++) this.writer.hex(this.current, order[k] * HASH_WORDS);
  }

  /** Insertion sort of ≤ 7 vertex indices by their current hash string. */
  private sortIndices(order: Uint8Array, count: number): void {
    for (let i = 1; i < count; i++) {
      const item = order[i];
      let j = i - 1;
      while (j >= 0 && this.compareHashes(order[j], item) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = item;
    }
  }

  private compareHashes(u: number, v: number): number {
    const ku = this.sortKey[u];
    const kv = this.sortKey[v];
    if (ku !== kv) return ku < kv ? -1 : 1;
    for (let k = 1; k < HASH_WORDS; k++) {
      const a = byteSwap(this.current[u * HASH_WORDS + k]);
      const b = byteSwap(this.current[v * HASH_WORDS + k]);
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  }
}

/** Words hold chars little-endian; swapping makes numeric order equal string order. */
function byteSwap(word: number): number {
  return (((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24)) >>> 0;
}

function copyWords(from: Int32Array, fromOffset: number, to: Int32Array, toOffset: number): void {
  for (let k = 0; k < HASH_WORDS; k++) to[toOffset + k] = from[fromOffset + k];
}
