import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getBenchmark } from '@a2v/benchmarks';
import { CandidatePool } from '../candidate-pool.js';
import { runSearch } from '../runner/run-search.js';
import { syntheticNb201Benchmark } from '../test-support/synthetic-benchmarks.js';
import { SeededRng } from '../util/seeded-rng.js';
import { alignEmbeddings, fromModelEmbeddingSet } from './embedding-set.js';
import { createStandInEmbeddingSet } from './stand-in-embedding.js';

describe('embedding sets', () => {
  const bench = syntheticNb201Benchmark({ size: 300 });
  const set = createStandInEmbeddingSet(bench);

  it('the stand-in is deterministic, unit-variance, and keeps one-edit neighbours closer than random pairs', () => {
    assert.deepEqual(createStandInEmbeddingSet(bench).vectors, set.vectors);
    assert.notDeepEqual(createStandInEmbeddingSet(bench, { seed: 1 }).vectors, set.vectors);
    const dim = set.dim;
    let variance = 0;
    for (let r = 0; r < set.keys.length; r++) variance += set.vectors[r * dim] ** 2;
    assert.ok(Math.abs(variance / set.keys.length - 1) < 1e-3);
    const dist = (a: number, b: number): number => Math.hypot(...Array.from({ length: dim }, (_, d) => set.vectors[a * dim + d] - set.vectors[b * dim + d]));
    // Index 0 and 1 differ in one edge op (the official order varies the last edge fastest).
    assert.ok(dist(0, 1) < dist(0, 150));
  });

  it('aligns rows to the benchmark order whatever order the set has', () => {
    const pool = CandidatePool.of(bench);
    const order = SeededRng.fromSeed(1).shuffle(Array.from({ length: set.keys.length }, (_, i) => i));
    const shuffled = { ...set, keys: order.map((i) => set.keys[i]), vectors: new Float32Array(set.vectors.length) };
    order.forEach((source, row) => shuffled.vectors.set(set.vectors.subarray(source * 16, source * 16 + 16), row * 16));
    assert.deepEqual(alignEmbeddings(shuffled, pool).rows, alignEmbeddings(set, pool).rows);
    // A search on the shuffled set is the same search.
    const a = runSearch({ benchmark: bench, method: 'arch2vec-rl', seed: 1, budget: '20q', embeddings: set });
    const b = runSearch({ benchmark: bench, method: 'arch2vec-rl', seed: 1, budget: '20q', embeddings: shuffled });
    return Promise.all([a, b]).then(([x, y]) => assert.deepEqual(x.trajectory, y.trajectory));
  });

  it("adapts @a2v/model's embedding sets", () => {
    const adapted = fromModelEmbeddingSet({ space: 'nasbench201', dim: 16, keys: set.keys, rows: set.vectors, checkpointSha256: 'abc' });
    assert.equal(adapted.space, 'nb201');
    assert.equal(adapted.sourceId, 'checkpoint:abc');
    assert.deepEqual(alignEmbeddings(adapted, CandidatePool.of(bench)).rows, alignEmbeddings(set, CandidatePool.of(bench)).rows);
  });

  it('rejects duplicate keys and non-finite values', () => {
    const pool = CandidatePool.of(bench);
    const dup = { ...set, keys: [set.keys[1], ...set.keys.slice(1)] };
    assert.throws(() => alignEmbeddings(dup, pool), /twice/);
    const nan = { ...set, vectors: Float32Array.from(set.vectors, (v, i) => (i === 5 ? NaN : v)) };
    assert.throws(() => alignEmbeddings(nan, pool), /non-finite/);
  });
});

describe('on the real NAS-Bench-201 CIFAR-10 table', () => {
  it('runs every method for a few queries and refuses a seconds budget', async () => {
    const benchmark = await getBenchmark('nb201-cifar10');
    await assert.rejects(runSearch({ benchmark, method: 'random', seed: 1, budget: '12000s' }), /no training times.*must be in queries/);
    const embeddings = createStandInEmbeddingSet(benchmark);
    for (const method of ['random', 'evolution', 'arch2vec-rl', 'arch2vec-bo']) {
      const run = await runSearch({ benchmark, method, seed: 1, budget: '18q', embeddings: method.startsWith('arch2vec') ? embeddings : undefined });
      assert.equal(run.summary.queries, 18);
      assert.ok(run.summary.regret!.test! >= 0 && run.summary.regret!.test! < 0.2);
    }
  });
});
