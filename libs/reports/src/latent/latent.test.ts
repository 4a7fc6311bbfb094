import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getBenchmark } from '@a2v/benchmarks';
import { analyzeEmbedding, architecturesFromBenchmark } from './analysis.js';
import { NB201_CELL_COUNT, NB201_OPS, nasBench201, nb201CellAt, type Nb201Cell } from '@a2v/search-spaces';
import { distanceVersusEdit } from './distance-vs-edit.js';
import { checkEmbedding, EmbeddingError, Rng, type ArchitectureSet, type Embedding } from './embedding.js';
import { nearestNeighbourWalk } from './nn-walk.js';
import { pca2 } from './pca.js';
import { gpPredictivePerformance } from './predictive.js';
import { tsne2 } from './tsne.js';

// Every NB201 cell, twice: embedded as its one-hot ops (6 edges × 5 ops, so L2² = 2 × edit
// distance exactly: the smoothest embedding there is) and as seeded noise (no structure at all).
const cells = Array.from({ length: NB201_CELL_COUNT }, (_, i) => nb201CellAt(i));
const keys = cells.map((c) => nasBench201.key(c));
const archs: ArchitectureSet<Nb201Cell> = { space: nasBench201, cellOf: (() => { const m = new Map(keys.map((k, i) => [k, cells[i]])); return (k: string) => m.get(k); })() };

function oneHot(): Embedding {
  const dim = 6 * NB201_OPS.length;
  const vectors = new Float32Array(cells.length * dim);
  cells.forEach((c, i) => c.ops.forEach((op, edge) => { vectors[i * dim + edge * NB201_OPS.length + NB201_OPS.indexOf(op)] = 1; }));
  return { keys, vectors, dim };
}

function noise(n: number, dim: number, seed: number, names = keys): Embedding {
  const rng = new Rng(seed);
  return { keys: names.slice(0, n), vectors: Float32Array.from({ length: n * dim }, () => rng.gaussian()), dim };
}

describe('checkEmbedding', () => {
  test('accepts a consistent set and names what is wrong with a bad one', () => {
    checkEmbedding({ keys: ['a', 'b'], vectors: new Float32Array(4), dim: 2 });
    assert.throws(() => checkEmbedding({ keys: ['a', 'b'], vectors: new Float32Array(3), dim: 2 }), EmbeddingError);
    assert.throws(() => checkEmbedding({ keys: ['a', 'a'], vectors: new Float32Array(4), dim: 2 }), /unique/);
    assert.throws(() => checkEmbedding({ keys: ['a', 'b'], vectors: Float32Array.of(0, 0, Number.NaN, 0), dim: 2 }), /key b.*not finite/);
    assert.throws(() => checkEmbedding({ keys: [], vectors: new Float32Array(0), dim: 0 }), /dim/);
  });
});

describe('distanceVersusEdit (Fig. 3)', () => {
  test('one-hot ops: mean L2 is exactly √(2·edit distance) at every distance, so monotonic', () => {
    const r = distanceVersusEdit(oneHot(), archs, { walkLength: 300, seed: 3 });
    assert.ok(r.pairs > 1000, `pairs ${r.pairs}`);
    assert.equal(r.byEditDistance[0].editDistance, 1, 'a walk of single mutations has pairs at distance 1');
    for (const g of r.byEditDistance) {
      assert.ok(Math.abs(g.l2.mean - Math.sqrt(2 * g.editDistance)) < 1e-6, `ed ${g.editDistance}: ${g.l2.mean}`);
      assert.ok(g.l2.std < 1e-6);
    }
    assert.equal(r.monotonic, true);
    assert.ok(r.pearson > 0.95, `r ${r.pearson}`);
  });

  test('noise: L2 carries no edit distance (r near 0)', () => {
    const r = distanceVersusEdit(noise(NB201_CELL_COUNT, 16, 5), archs, { walkLength: 300, seed: 3 });
    assert.ok(Math.abs(r.pearson) < 0.2, `r ${r.pearson}`);
  });
});

describe('nearestNeighbourWalk (Fig. 5)', () => {
  test('one-hot ops: every nearest neighbour is one mutation away; noise: about as far as random pairs', () => {
    const smooth = nearestNeighbourWalk(oneHot(), archs, { starts: 8, steps: 10, seed: 2 });
    assert.equal(smooth.editDistance.mean, 1);
    assert.equal(smooth.editDistance.n, 80);
    assert.deepEqual(smooth.perStep, new Array(10).fill(1));
    const rough = nearestNeighbourWalk(noise(NB201_CELL_COUNT, 16, 5), archs, { starts: 8, steps: 10, seed: 2 });
    assert.ok(rough.editDistance.mean > 3.5, `noise ${rough.editDistance.mean}`);
    assert.ok(rough.randomPairEditDistance.mean > 4 && rough.randomPairEditDistance.mean < 5.5, `random pairs ${rough.randomPairEditDistance.mean}`);
  });
});

describe('gpPredictivePerformance (Fig. 2)', () => {
  const e = noise(700, 6, 11, Array.from({ length: 700 }, (_, i) => `a${i}`));
  const row = (k: string) => Number(k.slice(1));
  const w = [0.3, -0.2, 0.1, 0.05, 0, 0.25];

  test('a label that is a smooth function of the embedding is predicted well', () => {
    const label = (k: string) => 0.9 + 0.01 * Math.tanh(w.reduce((s, wd, d) => s + wd * e.vectors[row(k) * e.dim + d], 0));
    const r = gpPredictivePerformance(e, label, { trainSize: 150, seeds: [1, 2], threshold: Number.NEGATIVE_INFINITY, maxTest: 300 });
    assert.equal(r.perSeed.length, 2);
    assert.ok(r.pearson.mean > 0.95, `r ${r.pearson.mean}`);
    assert.ok(r.rmse.mean < 0.001, `rmse ${r.rmse.mean}`);
    assert.equal(r.scatter.length, 300);
  });

  test('a label unrelated to the embedding is not', () => {
    const rng = new Rng(99);
    const random = new Map(e.keys.map((k) => [k, 0.9 + 0.01 * rng.gaussian()]));
    const r = gpPredictivePerformance(e, (k) => random.get(k), { trainSize: 150, seeds: [1, 2], threshold: Number.NEGATIVE_INFINITY, maxTest: 300 });
    assert.ok(Math.abs(r.pearson.mean) < 0.25, `r ${r.pearson.mean}`);
  });

  test('the threshold keeps only held-out labels above it, and too few labels is an error', () => {
    const label = (k: string) => (row(k) % 2 ? 0.85 : 0.5);
    const r = gpPredictivePerformance(e, label, { trainSize: 150, seeds: [1], threshold: 0.8, maxTest: 1000 });
    assert.ok(r.scatter.every((p) => p.truth === 0.85));
    assert.throws(() => gpPredictivePerformance(e, () => undefined, { trainSize: 150 }), /more than 150 labelled/);
  });
});

describe('pca2 and tsne2', () => {
  test('PCA finds the one direction points vary along', () => {
    const rng = new Rng(4);
    const dir = Array.from({ length: 16 }, (_, d) => (d % 3) - 1);
    const vectors = new Float32Array(200 * 16);
    for (let i = 0; i < 200; i++) {
      const t = rng.gaussian();
      for (let d = 0; d < 16; d++) vectors[i * 16 + d] = t * dir[d] + 0.001 * rng.gaussian();
    }
    const r = pca2({ keys: Array.from({ length: 200 }, (_, i) => `k${i}`), vectors, dim: 16 });
    assert.ok(r.explained[0] > 0.999, `explained ${r.explained}`);
    assert.equal(r.points.length, 400);
  });

  test('t-SNE keeps two separated clusters apart', () => {
    const rng = new Rng(8);
    const n = 80;
    const vectors = Float32Array.from({ length: n * 16 }, (_, k) => rng.gaussian() + (Math.floor(k / 16) < n / 2 ? 0 : 10));
    const e = { keys: Array.from({ length: n }, (_, i) => `k${i}`), vectors, dim: 16 };
    const { points } = tsne2(e, e.keys.map((_, i) => i), { perplexity: 10, seed: 1 });
    const dist = (a: number, b: number) => Math.hypot(points[2 * a] - points[2 * b], points[2 * a + 1] - points[2 * b + 1]);
    const cluster = (a: number) => a < n / 2;
    let closestAcross = Number.POSITIVE_INFINITY;
    let farthestNeighbourWithin = 0;
    for (let a = 0; a < n; a++) {
      let nearestWithin = Number.POSITIVE_INFINITY;
      for (let b = 0; b < n; b++) {
        if (b === a) continue;
        if (cluster(a) === cluster(b)) nearestWithin = Math.min(nearestWithin, dist(a, b));
        else closestAcross = Math.min(closestAcross, dist(a, b));
      }
      farthestNeighbourWithin = Math.max(farthestNeighbourWithin, nearestWithin);
    }
    assert.ok(closestAcross > 3 * farthestNeighbourWithin, `gap ${closestAcross} vs within ${farthestNeighbourWithin}`);
    assert.ok(points.every(Number.isFinite));
  });
});

describe('analyzeEmbedding over a real benchmark', () => {
  test('architecturesFromBenchmark: cells and test-accuracy labels of nb201-cifar10; a bad embedding is refused', async () => {
    const benchmark = await getBenchmark('nb201-cifar10');
    const source = architecturesFromBenchmark(benchmark);
    assert.equal(source.labelName, 'test accuracy');
    assert.deepEqual(source.archs.cellOf(keys[5]), cells[5]);
    assert.equal(source.labelOf(keys[5]), benchmark.query(keys[5]).testAccuracy);
    assert.equal(source.labelOf('not-a-key'), undefined);
    const e = oneHot();
    const a = analyzeEmbedding('one-hot', 'nb201-cifar10', e, source, { mapSample: 60, tsne: false, distanceVsEdit: { walkLength: 50 }, nnWalk: { starts: 2, steps: 3 }, predictive: { trainSize: 50, seeds: [1], maxTest: 100 } });
    assert.equal(a.mapLabels.length, 60);
    assert.ok(a.mapLabels.every((l) => l !== null && l > 0 && l < 1));
    assert.equal(a.tsne, undefined);
    assert.equal(a.nnWalk.editDistance.mean, 1);
    assert.throws(() => analyzeEmbedding('bad', 'nb201-cifar10', { ...e, dim: 7 }, source), EmbeddingError);
  });
});
