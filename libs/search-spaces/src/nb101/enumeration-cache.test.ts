import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { enumerateNb101 } from './enumerate.js';
import { Nb101CacheError, deserializeNb101Enumeration, loadOrBuildNb101Enumeration, readNb101Cache, serializeNb101Enumeration } from './enumeration-cache.js';
import type { Nb101Enumeration } from './enumeration.js';
import { sameColumns } from '../test-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'a2v-nb101-cache-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const small = enumerateNb101({ maxVertices: 5 });

test('serialize → deserialize is lossless and the file is compact (23 bytes a cell + 48)', () => {
  const file = serializeNb101Enumeration(small);
  assert.equal(file.length, 48 + 23 * small.size);
  assert.equal(file.toString('latin1', 0, 8), 'A2VNB101');
  sameColumns(deserializeNb101Enumeration(file), small);
});

test('corruption is detected with a reason: flipped byte, truncation, magic, version, order', () => {
  const good = serializeNb101Enumeration(small);
  const mutate = (edit: (b: Buffer) => Buffer): Buffer => edit(Buffer.from(good));
  const cases: [Buffer, RegExp][] = [
    [mutate((b) => ((b[100] ^= 1), b)), /checksum mismatch/],
    [mutate((b) => b.subarray(0, b.length - 1)), /truncated/],
    [mutate((b) => (b.write('XXXX', 0, 'latin1'), b)), /bad magic/],
    [mutate((b) => (b.writeUInt32LE(99, 8), b)), /version 99, expected 1/],
  ];
  for (const [file, reason] of cases) assert.throws(() => deserializeNb101Enumeration(file, 'x.bin'), (e: unknown) => e instanceof Nb101CacheError && reason.test(e.message));
  // Swapped hashes with a recomputed checksum: still rejected because the order is part of the contract.
  const swapped = new Uint8Array(small.columns.hashes);
  swapped.copyWithin(0, 16, 32);
  const reordered = serializeNb101Enumeration({ ...small, size: small.size, columns: { ...small.columns, hashes: swapped } } as Nb101Enumeration);
  assert.throws(() => deserializeNb101Enumeration(reordered), /not strictly ascending at cell 1/);
});

test('loadOrBuild: builds and writes when missing, reads when present, rebuilds a corrupt or partial cache', () => {
  // A prepared "full" enumeration stands in for the 15 s build; the sub-space file plays a partial cache.
  const path = join(scratch, 'nested', 'nb101.bin');
  let builds = 0;
  const prepared = small;
  const build = (): Nb101Enumeration => (builds++, prepared);
  const first = loadOrBuildNb101Enumeration(path, build);
  assert.equal(first.source, 'built');
  assert.equal(builds, 1);
  assert.ok(existsSync(path));
  // The small enumeration is not the full space, so the next load rebuilds and says why.
  const second = loadOrBuildNb101Enumeration(path, build);
  assert.equal(second.source, 'built');
  assert.match(second.rebuiltBecause ?? '', /holds 2532 cells, not the full space of 423624/);
  writeFileSync(path, Buffer.from('garbage'));
  const third = loadOrBuildNb101Enumeration(path, build);
  assert.match(third.rebuiltBecause ?? '', /bad magic/);
  sameColumns(readNb101Cache(path), small);
});
