import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SeededRng } from '@a2v/search';
import { NB201_CELL_COUNT, nb201ArchStringAt } from '@a2v/search-spaces';
import { UsageError } from '../output.js';
import { searchOnce, summaryLines, type SearchCommandOptions } from './search.js';

// @a2v/model is lazy-loaded across the CLI (tfjs): imported dynamically here too.
const { serializeEmbeddingSet, writeSupervisedEmbeddingSet } = await import('@a2v/model');
const dir = mkdtempSync(join(tmpdir(), 'a2v-search-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const nb201Keys = Array.from({ length: NB201_CELL_COUNT }, (_, i) => nb201ArchStringAt(i));
function randomRows(count: number, seed: number): Float32Array {
  const rng = SeededRng.fromSeed(seed);
  return Float32Array.from({ length: count * 16 }, () => rng.normal());
}
function writeSet(name: string, content: { space: 'nasbench101' | 'nasbench201'; keys: string[] }): string {
  const path = join(dir, name);
  writeFileSync(path, serializeEmbeddingSet({ ...content, dim: 16, checkpointSha256: 'a'.repeat(64), rows: randomRows(content.keys.length, 1) }));
  return path;
}
const arch2vecFile = writeSet('nb201.emb', { space: 'nasbench201', keys: nb201Keys });
const supervisedFile = join(dir, 'supervised.emb');
writeSupervisedEmbeddingSet(supervisedFile, {
  space: 'nasbench201', dim: 16, keys: nb201Keys, rows: randomRows(NB201_CELL_COUNT, 2), weightsSha256: 'b'.repeat(64),
  provenance: { kind: 'supervised', benchmark: 'nb201-cifar10', labelledArchitectures: 100, seed: 1, epochs: 1, finalLoss: 1 },
});

const base: SearchCommandOptions = { benchmark: 'nb201-cifar10', method: 'random', seed: '3', budget: '20q', mode: 'clean' };

describe('a2v search: bad input is one usage error, before any query', () => {
  const cases: [string, Partial<SearchCommandOptions>, RegExp][] = [
    ['unknown method', { method: 'hill-climbing' }, /unknown search method "hill-climbing"; valid methods: random, evolution/],
    ['unknown benchmark', { benchmark: 'nb301' }, /nb301/],
    ['budget 0', { budget: '0q' }, /budget limit must be a finite number > 0/],
    ['negative budget', { budget: '-5q' }, /cannot parse budget/],
    ['seconds on NAS-Bench-201', { budget: '1e6s' }, /no training times.*queries/],
    ['bad seed', { seed: 'x' }, /--seed "x"/],
    ['embedding set of another space', { method: 'arch2vec-bo', embeddings: writeSet('nb101.emb', { space: 'nasbench101', keys: ['00'.repeat(16)] }) }, /is for space nb101, but benchmark nb201-cifar10 is nb201/],
    ['embedding set of the wrong size', { method: 'arch2vec-rl', embeddings: writeSet('short.emb', { space: 'nasbench201', keys: nb201Keys.slice(0, 100) }) }, /lacks 15525 of the 15625 architectures/],
    ['not an embedding file', { method: 'arch2vec-rl', embeddings: join(dir, 'checkpoint.json') }, /no such file/],
    ['supervised set for arch2vec', { method: 'arch2vec-bo', embeddings: supervisedFile }, /searches an unsupervised embedding.*supervised-bo/],
    ['arch2vec set for supervised', { method: 'supervised-rl', embeddings: arch2vecFile }, /needs a supervised embedding set/],
    ['no embeddings', { method: 'arch2vec-bo' }, /needs an embedding set/],
    ['reference mode on random search', { mode: 'reference' }, /has no reference mode/],
  ];
  for (const [name, change, message] of cases) {
    it(name, async () => {
      const checkpoint = join(dir, `${name}.ckpt`);
      await assert.rejects(searchOnce({ ...base, ...change, checkpoint }), (e: Error) => e instanceof UsageError && message.test(e.message));
      assert.equal(existsSync(checkpoint), false, 'nothing ran');
    });
  }

  it('a state file from another method', async () => {
    const checkpoint = join(dir, 'random.ckpt');
    await searchOnce({ ...base, budget: '5q', checkpoint });
    await assert.rejects(searchOnce({ ...base, method: 'evolution', resume: checkpoint }), (e: Error) => e instanceof UsageError && /from method random, not evolution/.test(e.message));
  });
});

describe('a2v search: runs', () => {
  it('prints the trajectory summary; a resumed run continues the uninterrupted one exactly', async () => {
    const whole = await searchOnce({ ...base, method: 'arch2vec-bo', embeddings: arch2vecFile, budget: '20q' });
    const checkpoint = join(dir, 'bo.ckpt');
    await searchOnce({ ...base, method: 'arch2vec-bo', embeddings: arch2vecFile, budget: '17q', checkpoint });
    const resumed = await searchOnce({ ...base, method: 'arch2vec-bo', embeddings: arch2vecFile, budget: '20q', resume: checkpoint });
    assert.deepEqual(resumed.trajectory.map((e) => e.key), whole.trajectory.map((e) => e.key));
    const text = summaryLines(whole, 1.5).join('\n');
    assert.match(text, /^nb201-cifar10 · arch2vec-bo \(clean\) · seed 3 · budget 20q · embeddings checkpoint:a{64}/);
    assert.match(text, /queries +20\n/);
    assert.match(text, new RegExp(`best validation   ${(100 * whole.summary.best!.validationAccuracy).toFixed(2)} %`));
    assert.match(text, /its test accuracy \d+\.\d\d %\nregret +validation \d+\.\d\d pp, test -?\d+\.\d\d pp/);
  });

  it('supervised-rl runs on a supervised set, in reference mode too', async () => {
    const run = await searchOnce({ ...base, method: 'supervised-rl', embeddings: supervisedFile, mode: 'reference', budget: '20q' });
    assert.equal(run.summary.queries, 20);
    assert.equal(new Set(run.trajectory.map((e) => e.key)).size, 20);
  });
});
