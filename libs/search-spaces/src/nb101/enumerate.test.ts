import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadHashCases, sameColumns } from '../test-fixtures.js';
import { createNb101Cell } from './cell.js';
import { nb101ModuleHash } from './cell-hash.js';
import { decodeNb101Encoding } from './encoding.js';
import { enumerateNb101 } from './enumerate.js';
import { loadOrBuildNb101Enumeration, writeNb101Cache } from './enumeration-cache.js';
import { NB101_CELL_COUNT, type Nb101Enumeration } from './enumeration.js';
import { MAX_VERTICES, ModuleHasher } from './module-hash.js';

/** SHA-256 of the 20,001 keys of nasbench-vis data-20k.json joined by '\n' (the first 20,001 hashes in sorted order). */
const DATA_20K_KEYS_SHA256 = 'd8d657f582b605070801815de5b01a27bc4ff79799df07179820d88b5d6fcb9a';

let full: Nb101Enumeration | undefined;
let fullSeconds = 0;
function fullEnumeration(): Nb101Enumeration {
  if (!full) {
    const started = performance.now();
    full = enumerateNb101();
    fullSeconds = (performance.now() - started) / 1000;
  }
  return full;
}

test('enumerates exactly 423,624 cells, strictly ascending by hash', () => {
  const space = fullEnumeration();
  assert.equal(space.size, NB101_CELL_COUNT);
  assert.equal(space.size, 423_624);
  for (let i = 1; i < space.size; i++) assert.ok(space.hashAt(i - 1) < space.hashAt(i), `order broken at ${i}`);
  console.log(`# full enumeration took ${fullSeconds.toFixed(1)} s`);
});

test('the first 20,001 hashes are exactly the keys of the NAS-Bench-101 20k sample', () => {
  const space = fullEnumeration();
  const keys = Array.from({ length: 20_001 }, (_, i) => space.hashAt(i));
  assert.equal(keys[0], '00005c142e6f48ac74fdcf73e3439874');
  assert.equal(keys[20_000], '0c187841d17db3b0b02791f4d7d0d93d');
  assert.equal(createHash('sha256').update(keys.join('\n')).digest('hex'), DATA_20K_KEYS_SHA256);
});

test('every real test-vector cell is found by hash, and the stored cell is isomorphic to it', () => {
  const space = fullEnumeration();
  for (const c of loadHashCases()) {
    const index = space.indexOfHash(c.hash);
    assert.ok(index >= 0, `${c.hash} (${c.src}) missing`);
    const stored = space.cellAt(index);
    assert.equal(stored.ops.length, c.ops.length);
    assert.equal(nb101ModuleHash(stored), c.hash);
    assert.equal(nb101ModuleHash(decodeNb101Encoding(space.encodingAt(index))), c.hash);
  }
  assert.equal(space.indexOfHash('ffffffffffffffffffffffffffffffff'), -1);
  assert.equal(space.indexOfHash('not a hash'), -1);
});

test('stored cells are valid, pruned, and hash to their own key (every 97th cell)', () => {
  const space = fullEnumeration();
  for (let i = 0; i < space.size; i += 97) {
    const cell = space.cellAt(i);
    assert.deepEqual(createNb101Cell(cell.matrix, cell.ops), cell);
    assert.equal(nb101ModuleHash(cell), space.hashAt(i));
  }
});

test('cells per vertex count match EC-NAS-Bench (91 with ≤ 4 vertices, 2,532 with ≤ 5) and the 7-vertex total', () => {
  const { vertexCounts } = fullEnumeration().columns;
  const perCount = new Array<number>(8).fill(0);
  for (const n of vertexCounts) perCount[n]++;
  assert.equal(perCount[2] + perCount[3] + perCount[4], 91);
  assert.equal(perCount[2] + perCount[3] + perCount[4] + perCount[5], 2532);
  assert.deepEqual(perCount.slice(2), [1, 6, 84, 2441, 62010, 359082]);
});

test('agrees with an official-style brute force (hash every matrix × labelling) up to 5 vertices', () => {
  const hasher = new ModuleHasher();
  const brute = new Set<string>();
  for (let n = 2; n <= 5; n++) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
    for (let bits = 0; bits < 1 << pairs.length; bits++) {
      const adjacency = new Uint8Array(MAX_VERTICES * MAX_VERTICES);
      pairs.forEach(([i, j], t) => (adjacency[i * MAX_VERTICES + j] = (bits >>> t) & 1));
      const out = (i: number): number => pairs.filter(([a], t) => a === i && (bits >>> t) & 1).length;
      const inn = (j: number): number => pairs.filter(([, b], t) => b === j && (bits >>> t) & 1).length;
      const fullDag = Array.from({ length: n }, (_, v) => (v === n - 1 || out(v) > 0) && (v === 0 || inn(v) > 0)).every(Boolean);
      if (!fullDag || pairs.filter((_, t) => (bits >>> t) & 1).length > 9) continue;
      for (let code = 0; code < 3 ** (n - 2); code++) {
        const labels = [-1, ...Array.from({ length: n - 2 }, (_, k) => Math.floor(code / 3 ** k) % 3), -2];
        brute.add(hasher.hash(n, adjacency, labels));
      }
    }
  }
  const small = enumerateNb101({ maxVertices: 5 });
  assert.equal(small.size, brute.size);
  for (let i = 0; i < small.size; i++) assert.ok(brute.has(small.hashAt(i)));
});

test('the full space round-trips through the cache and loads in well under a second', () => {
  const full = fullEnumeration();
  const scratch = mkdtempSync(join(tmpdir(), 'a2v-nb101-full-'));
  const path = join(scratch, 'full.bin');
  writeNb101Cache(path, full);
  assert.ok(readFileSync(path).length < 10_000_000);
  let builds = 0;
  const started = performance.now();
  const loaded = loadOrBuildNb101Enumeration(path, () => (builds++, full));
  const seconds = (performance.now() - started) / 1000;
  assert.equal(loaded.source, 'cache');
  assert.equal(builds, 0);
  sameColumns(loaded.enumeration, full);
  assert.ok(seconds < 1, `cache load took ${seconds.toFixed(2)} s`);
  console.log(`# cache load ${(seconds * 1000).toFixed(0)} ms`);
  rmSync(scratch, { recursive: true, force: true });
});
