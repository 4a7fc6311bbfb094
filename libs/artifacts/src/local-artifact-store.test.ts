import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { ArtifactChecksumError, ArtifactNotFoundError, InvalidArtifactNameError, LocalArtifactStore, rechunk, sha256Hex } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'a2v-artifacts-'));
after(() => rmSync(root, { recursive: true, force: true }));
const store = new LocalArtifactStore(root);

test('put returns uri, sha256 and size; get returns the same bytes; exists and delete', async () => {
  const body = Buffer.from('checkpoint bytes');
  const stored = await store.put('runs/nb201/model.ckpt', body);
  assert.equal(stored.sha256, sha256Hex(body));
  assert.equal(stored.bytes, body.length);
  assert.match(stored.uri, /^file:\/\/.*runs\/nb201\/model\.ckpt$/);
  assert.deepEqual(await store.get(stored.uri), body);
  assert.equal(await store.exists(stored.uri), true);
  assert.equal(await store.delete(stored.uri), true);
  assert.equal(await store.exists(stored.uri), false);
  assert.equal(await store.delete(stored.uri), false);
  await assert.rejects(store.get(stored.uri), ArtifactNotFoundError);
});

test('a stream is stored like the same bytes in memory, and put replaces earlier content', async () => {
  const parts = [Buffer.alloc(3 << 20, 7), Buffer.from('tail')];
  const streamed = await store.put('big.bin', Readable.from(parts));
  const whole = Buffer.concat(parts);
  assert.equal(streamed.sha256, sha256Hex(whole));
  assert.deepEqual(await store.get(streamed.uri), whole);
  const replaced = await store.put('big.bin', Buffer.from('small'));
  assert.deepEqual(await store.get(replaced.uri), Buffer.from('small'));
});

test('a changed byte on disk is a checksum error', async () => {
  const stored = await store.put('weights.bin', Buffer.from([1, 2, 3, 4]));
  const path = fileURLToPath(stored.uri);
  const bytes = readFileSync(path);
  bytes[2] ^= 1;
  writeFileSync(path, bytes);
  await assert.rejects(store.get(stored.uri), ArtifactChecksumError);
});

test('names that could escape the directory are refused', async () => {
  for (const name of ['../x', '/etc/passwd', 'a//b', 'a/./b', 'sp ace', '']) {
    await assert.rejects(store.put(name, Buffer.from('x')), InvalidArtifactNameError, name);
  }
  await assert.rejects(store.get('file:///etc/passwd'), InvalidArtifactNameError);
});

test('rechunk cuts any input into exact chunks of the requested size', async () => {
  const input = [Buffer.from('abc'), Buffer.from('defgh'), Buffer.from(''), Buffer.from('ij')];
  const chunks: string[] = [];
  for await (const c of rechunk(Readable.from(input), 4)) chunks.push(c.toString());
  assert.deepEqual(chunks, ['abcd', 'efgh', 'ij']);
  const none: Buffer[] = [];
  for await (const c of rechunk(Buffer.alloc(0), 4)) none.push(c);
  assert.equal(none.length, 0);
});
