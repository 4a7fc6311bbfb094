import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initBackend } from './backend.js';
import { graphEmbeddings, parseEmbeddingSet, readEmbeddingSet, writeEmbeddingSet } from './embeddings.js';
import { EmbeddingSetError } from './errors.js';
import { trainConfig } from './model-config.js';
import { loadDataset, nb201Source, type ArchitectureSource } from './space-data.js';
import { initialState } from './trainer.js';

const dir = mkdtempSync(join(tmpdir(), 'a2v-emb-'));
before(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const source: ArchitectureSource = { ...nb201Source(), count: 45 };
const config = trainConfig('nasbench201', { model: { hidden: 32 } });
const { weights } = initialState(config, source.count);
// Make the BN running statistics non-trivial so eval mode is really exercised.
const hidden = config.model.hidden;
weights.running.forEach((_, i) => (weights.running[i] = Math.floor(i / hidden) % 2 === 0 ? 0.05 * (i % 3) : 0.5 + 0.2 * (i % 5)));

test('an embedding set holds one 16-d row per architecture, its keys in order and the checkpoint checksum', () => {
  const path = join(dir, 'nb201.emb');
  const written = writeEmbeddingSet(path, { model: config.model, weights, source, checkpointSha256: 'ab'.repeat(32), chunkSize: 16 });
  const set = readEmbeddingSet(path);
  assert.equal(set.sha256, written.sha256);
  assert.deepEqual([set.space, set.count, set.dim, set.checkpointSha256], ['nasbench201', 45, 16, 'ab'.repeat(32)]);
  assert.deepEqual(set.keys, Array.from({ length: 45 }, (_, i) => source.keyAt(i)));
  const direct = graphEmbeddings(config.model, weights, loadDataset(source));
  assert.equal(set.rows.length, 45 * 16);
  set.rows.forEach((v, i) => assert.ok(Math.abs(v - direct[i]) < 1e-6, `row value ${i}`));
  assert.ok(new Set(Array.from({ length: 45 }, (_, i) => set.rows[i * 16].toFixed(6))).size > 1, 'rows must differ between architectures');
});

test('the chunk size changes nothing in the file', () => {
  const a = join(dir, 'a.emb');
  const b = join(dir, 'b.emb');
  writeEmbeddingSet(a, { model: config.model, weights, source, checkpointSha256: 'x', chunkSize: 7 });
  writeEmbeddingSet(b, { model: config.model, weights, source, checkpointSha256: 'x', chunkSize: 1000 });
  assert.ok(readFileSync(a).equals(readFileSync(b)));
});

test('a damaged or truncated file is an EmbeddingSetError', () => {
  const path = join(dir, 'c.emb');
  writeEmbeddingSet(path, { model: config.model, weights, source, checkpointSha256: 'x' });
  const bytes = readFileSync(path);
  const damaged = Buffer.from(bytes);
  damaged[bytes.length - 40] ^= 1;
  assert.throws(() => parseEmbeddingSet(damaged), EmbeddingSetError);
  writeFileSync(path, bytes.subarray(0, 100));
  assert.throws(() => readEmbeddingSet(path), EmbeddingSetError);
});
