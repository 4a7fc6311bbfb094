import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTabularBenchmark, type TabularRow } from '@a2v/benchmarks';
import { encodeNb201Cell, nb201ArchStringAt, nb201CellAt } from '@a2v/search-spaces';
import { initBackend } from '../backend.js';
import { parseEmbeddingSet } from '../embeddings.js';
import { datasetFromEncodings } from '../graph-data.js';
import { serializeEmbeddingSet } from '../embedding-file.js';
import { nb201Source, type ArchitectureSource } from '../space-data.js';
import { buildSupervisedEmbeddingSet } from './build-supervised-set.js';
import { parseEmbeddingSetWithProvenance, readEmbeddingSetWithProvenance } from './supervised-embeddings.js';
import { trainSupervisedEncoder } from './supervised-encoder.js';

const CELLS = 120;
// Accuracy rises with the number of 3×3 convolutions: something an encoder can learn.
const accuracyOf = (i: number): number => 0.6 + 0.05 * nb201CellAt(i).ops.filter((op) => op === 'nor_conv_3x3').length + 0.001 * (i % 7);
const first = (count: number): ArchitectureSource => ({ ...nb201Source(), count });

let dir: string;
before(async () => {
  await initBackend({ log: () => undefined }); // wasm where it loads: ~8× faster than the cpu backend here
  dir = mkdtempSync(join(tmpdir(), 'a2v-supervised-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('supervised encoder', () => {
  const data = datasetFromEncodings(Array.from({ length: 48 }, (_, i) => encodeNb201Cell(nb201CellAt(i))), 8, 7);
  const accuracies = Array.from({ length: 48 }, (_, i) => accuracyOf(i));

  it('learns accuracies (the MSE falls) and is deterministic per seed', () => {
    const a = trainSupervisedEncoder({ space: 'nasbench201', data, accuracies, seed: 4, epochs: 10, batchSize: 16 });
    const b = trainSupervisedEncoder({ space: 'nasbench201', data, accuracies, seed: 4, epochs: 10, batchSize: 16 });
    assert.ok(a.losses.at(-1)! < 0.5 * a.losses[0], `losses ${a.losses.map((l) => l.toFixed(3)).join(' ')}`);
    assert.deepEqual(b.losses, a.losses);
    assert.deepEqual(b.head, a.head);
    const other = trainSupervisedEncoder({ space: 'nasbench201', data, accuracies, seed: 5, epochs: 1, batchSize: 16 });
    assert.notDeepEqual(other.head, a.head);
  });

  it('refuses labels that do not fit the graphs', () => {
    assert.throws(() => trainSupervisedEncoder({ space: 'nasbench201', data, accuracies: accuracies.slice(1), seed: 1 }), /47 accuracies for 48 graphs/);
    assert.throws(() => trainSupervisedEncoder({ space: 'nasbench101', data, accuracies, seed: 1 }), /graphs are 8×7, nasbench101 needs 7×5/);
  });
});

describe('supervised embedding sets', () => {
  const rows: TabularRow[] = Array.from({ length: CELLS }, (_, index) => ({
    architecture: { space: 'nb201', key: nb201ArchStringAt(index), index, cell: nb201CellAt(index) },
    result: { validationAccuracy: accuracyOf(index), testAccuracy: accuracyOf(index) },
  }));
  const benchmark = createTabularBenchmark({
    name: 'tiny-nb201',
    space: 'nb201',
    info: { dataset: 'synthetic', description: 'test', searchSignal: 'made up', reportedMetric: 'made up', costUnit: 'queries', costNote: 'none', accuracyUnit: 'fraction', source: 'test' },
    rows,
  });

  it('embeds the whole source, records its provenance, and reads back as a plain set too', () => {
    const path = join(dir, 'sup.emb');
    const built = buildSupervisedEmbeddingSet(path, { benchmark, labelled: 40, seed: 2, epochs: 3, source: first(CELLS + 8) });
    assert.equal(built.count, CELLS + 8);
    const { set, supervised } = readEmbeddingSetWithProvenance(path);
    assert.deepEqual(supervised, { kind: 'supervised', benchmark: 'tiny-nb201', labelledArchitectures: 40, seed: 2, epochs: 3, finalLoss: built.finalLoss });
    assert.equal(set.space, 'nasbench201');
    assert.equal(set.keys[5], nb201ArchStringAt(5));
    assert.equal(set.rows.length, (CELLS + 8) * 16);
    assert.ok(set.rows.every(Number.isFinite));
    assert.deepEqual(parseEmbeddingSet(readFileSync(path)).rows, set.rows); // readers unaware of `supervised` still load it
    assert.deepEqual(parseEmbeddingSetWithProvenance(readFileSync(path)).supervised, supervised); // from bytes (artifact stores)
    const again = buildSupervisedEmbeddingSet(join(dir, 'again.emb'), { benchmark, labelled: 40, seed: 2, epochs: 3, source: first(CELLS + 8) });
    assert.equal(again.sha256, built.sha256, 'same seed, same file');
  });

  it('an arch2vec set has no provenance; bad label counts are refused', () => {
    const path = join(dir, 'plain.emb');
    const plain = serializeEmbeddingSet({ space: 'nasbench201', dim: 2, checkpointSha256: 'c'.repeat(64), keys: ['a', 'b'], rows: new Float32Array(4) });
    writeFileSync(path, plain);
    assert.equal(readEmbeddingSetWithProvenance(path).supervised, null);
    assert.throws(() => buildSupervisedEmbeddingSet(join(dir, 'x.emb'), { benchmark, labelled: CELLS + 1, seed: 1, source: first(CELLS) }), /integer in 2\.\.120/);
  });
});
