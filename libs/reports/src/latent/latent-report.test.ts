import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { LocalArtifactStore } from '@a2v/artifacts';
import { NB201_CELL_COUNT, nasBench201, nb201CellAt, type Nb201Cell } from '@a2v/search-spaces';
import { assertWellFormed, legendLabels } from '../test-support/svg.js';
import { analyzeEmbedding } from './analysis.js';
import { encoderComparisonSection, MISSING_SUPERVISED } from './comparison.js';
import { EmbeddingError, restrictEmbedding, Rng, type Embedding, type EncoderKind } from './embedding.js';
import { latentSections } from './embedding-report.js';
import { readEmbeddingBytes } from './embedding-source.js';

// 1,500 NB201 cells embedded as seeded noise: enough for every analysis at small settings.
const cells = Array.from({ length: 1500 }, (_, i) => nb201CellAt((i * 11) % NB201_CELL_COUNT));
const keys = cells.map((c) => nasBench201.key(c));
const byKey = new Map(keys.map((k, i) => [k, cells[i]]));
const source = { archs: { space: nasBench201, cellOf: (k: string) => byKey.get(k) as Nb201Cell | undefined }, labelOf: (k: string) => 0.85 + (keys.indexOf(k) % 7) / 100, labelName: 'label' };

function analysis(encoder: EncoderKind, seed: number) {
  const rng = new Rng(seed);
  const e: Embedding = { keys, vectors: Float32Array.from({ length: keys.length * 4 }, () => rng.gaussian()), dim: 4 };
  return analyzeEmbedding(`${encoder} test`, 'nb201-cifar10', e, source, {
    encoder, mapSample: 40, tsne: { iterations: 50 }, distanceVsEdit: { walkLength: 60 }, nnWalk: { starts: 2, steps: 3 }, predictive: { trainSize: 100, seeds: [1], maxTest: 100 },
  });
}

describe('restrictEmbedding', () => {
  test('keeps the rows whose key passes, in order, with their vectors', () => {
    const e: Embedding = { keys: ['a', 'b', 'c'], vectors: Float32Array.of(1, 2, 3, 4, 5, 6), dim: 2 };
    const kept = restrictEmbedding(e, (k) => k !== 'b');
    assert.deepEqual(kept.keys, ['a', 'c']);
    assert.deepEqual([...kept.vectors], [1, 2, 5, 6]);
    assert.equal(restrictEmbedding(e, () => true), e, 'nothing dropped: the same set');
  });
});

describe('readEmbeddingBytes', () => {
  test('a path, a file: URI with the store\'s sidecar (checked) or without; missing files and pg: without a pool refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a2v-emb-src-'));
    try {
      const plain = join(dir, 'plain.emb');
      writeFileSync(plain, 'plain bytes');
      assert.equal((await readEmbeddingBytes(plain)).toString(), 'plain bytes');
      assert.equal((await readEmbeddingBytes(pathToFileURL(plain).href)).toString(), 'plain bytes');
      const store = new LocalArtifactStore(join(dir, 'store'));
      const { uri } = await store.put('sets/a.emb', Buffer.from('stored bytes'));
      assert.equal((await readEmbeddingBytes(uri)).toString(), 'stored bytes');
      writeFileSync(new URL(uri), 'tampered');
      await assert.rejects(readEmbeddingBytes(uri), /corrupt/);
      await assert.rejects(readEmbeddingBytes(join(dir, 'none.emb')), (e) => e instanceof EmbeddingError && /none\.emb: no such file$/.test(e.message));
      await assert.rejects(readEmbeddingBytes('pg://artifacts/x.emb'), /a pg: URI needs the database/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('arch2vec vs supervised', () => {
  const arch2vec = analysis('arch2vec', 1);
  const supervised = analysis('supervised', 2);

  test('both sets: one table with our two columns beside the paper\'s, and Fig. 3 with a series per encoder', async () => {
    const section = await encoderComparisonSection('nb201-cifar10', arch2vec, supervised);
    const [table] = section.tables;
    assert.deepEqual(table.header, ['analysis', 'arch2vec (ours)', 'supervised (ours)', 'paper arch2vec (NB101)', 'paper supervised (NB101)']);
    const nn = table.rows.find((r) => r[0].startsWith('NN-walk'))!;
    assert.equal(nn[1], `${arch2vec.nnWalk.editDistance.mean.toFixed(2)} ± ${arch2vec.nnWalk.editDistance.std.toFixed(2)}`);
    assert.equal(nn[2], `${supervised.nnWalk.editDistance.mean.toFixed(2)} ± ${supervised.nnWalk.editDistance.std.toFixed(2)}`);
    assert.deepEqual(nn.slice(3), ['2.9', '8.9']);
    assert.deepEqual(table.rows.find((r) => r[0] === 'GP Pearson r')!.slice(3), ['0.67 ± 0.02', '0.53 ± 0.09']);
    assert.equal(section.plots.length, 1);
    assertWellFormed(section.plots[0].svg);
    assert.deepEqual(legendLabels(section.plots[0].svg), ['arch2vec', 'supervised']);
    assert.deepEqual(section.notes, []);
  });

  test('no supervised set: its column says missing and a note says why', async () => {
    const section = await encoderComparisonSection('nb201-cifar10', arch2vec);
    assert.ok(section.tables[0].rows.every((r) => r[2] === 'missing'));
    assert.deepEqual(section.notes, [MISSING_SUPERVISED]);
    assert.equal(section.plots.length, 0);
  });

  test('latentSections: the comparison first, then one section per set, each with its measured timings', async () => {
    const sections = await latentSections([arch2vec, supervised]);
    assert.deepEqual(sections.map((s) => s.id.replace(/_checkpoint.*|test$/, '')), ['latent-compare-nb201-cifar10', 'latent-nb201-cifar10-arch2vec_', 'latent-nb201-cifar10-supervised_']);
    assert.deepEqual(arch2vec.timingsMs.map((t) => t.analysis), ['PCA', 't-SNE', 'L2 vs edit distance', 'nearest-neighbour walk', 'GP predictive performance']);
    assert.ok(arch2vec.timingsMs.every((t) => t.ms >= 0));
    assert.match(sections[1].notes.at(-1)!, /^Computed in \d+\.\d s: PCA \d+\.\d\d s, t-SNE/);
    assert.equal(sections[2].tables[0].header[2], 'paper, supervised on NB101 (for reference)');
  });
});
