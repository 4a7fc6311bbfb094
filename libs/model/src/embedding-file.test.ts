import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initBackend } from './backend.js';
import { serializeEmbeddingSet } from './embedding-file.js';
import { graphEmbeddings, parseEmbeddingSet, writeEmbeddingSet } from './embeddings.js';
import { EmbeddingSetError } from './errors.js';
import { trainConfig } from './model-config.js';
import { loadDataset, nb201Source, type ArchitectureSource } from './space-data.js';
import { initialState } from './trainer.js';

const dir = mkdtempSync(join(tmpdir(), 'a2v-embfile-'));
before(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const source: ArchitectureSource = { ...nb201Source(), count: 30 };
const config = trainConfig('nasbench201', { model: { hidden: 32 } });
const { weights } = initialState(config, source.count);

test('a set assembled from rows computed elsewhere is byte-identical to the streamed file', () => {
  const path = join(dir, 'streamed.emb');
  writeEmbeddingSet(path, { model: config.model, weights, source, checkpointSha256: 'cd'.repeat(32), chunkSize: 8 });
  // Rows computed in two parts, as two embedding shards would.
  const first = graphEmbeddings(config.model, weights, loadDataset(source, 13, 0));
  const second = graphEmbeddings(config.model, weights, loadDataset(source, 17, 13));
  const rows = new Float32Array([...first, ...second]);
  const keys = Array.from({ length: 30 }, (_, i) => source.keyAt(i));
  const assembled = serializeEmbeddingSet({ space: 'nasbench201', dim: 16, checkpointSha256: 'cd'.repeat(32), keys, rows });
  assert.ok(assembled.equals(readFileSync(path)));
  assert.deepEqual(parseEmbeddingSet(assembled).keys, keys);
});

test('rows that do not match the keys are refused', () => {
  assert.throws(
    () => serializeEmbeddingSet({ space: 'nasbench201', dim: 16, checkpointSha256: 'x', keys: ['a', 'b'], rows: new Float32Array(31) }),
    (error: Error) => error instanceof EmbeddingSetError && /31 values for 2 keys × 16/.test(error.message),
  );
  assert.throws(() => serializeEmbeddingSet({ space: 'nasbench201', dim: 1, checkpointSha256: 'x', keys: ['a\nb'], rows: new Float32Array(1) }), EmbeddingSetError);
});
