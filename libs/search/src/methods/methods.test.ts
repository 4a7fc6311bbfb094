/**
 * Every method: same seed → same sequence; serialise/restore at any step → same sequence as an
 * uninterrupted run; the sequence does not depend on the batch size asked; never a repeat.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStandInEmbeddingSet } from '../embeddings/stand-in-embedding.js';
import { driveMethod, type HarnessOptions } from '../test-support/method-harness.js';
import { syntheticNb101Benchmark, syntheticNb201Benchmark } from '../test-support/synthetic-benchmarks.js';
import { SearchSpaceExhaustedError } from '../errors.js';
import { createSearchMethod } from './registry.js';

const nb201 = syntheticNb201Benchmark({ size: 600 });
const nb101 = syntheticNb101Benchmark(300);
const embeddings = createStandInEmbeddingSet(nb201);
const supervised = { ...embeddings, sourceId: 'supervised-stand-in', kind: 'supervised' as const };

type Case = Omit<HarnessOptions, 'seed'> & { label: string };
const cases: Case[] = [
  { label: 'random', method: 'random', benchmark: nb201, queries: 40 },
  { label: 'evolution (NB201, population 10)', method: 'evolution', benchmark: nb201, queries: 40 },
  { label: 'evolution (NB101 patch, 100/10 → 12/4)', method: 'evolution', benchmark: nb101, queries: 40, options: { evolution: { population: 12, tournament: 4 } } },
  { label: 'arch2vec-rl', method: 'arch2vec-rl', benchmark: nb201, queries: 40, embeddings },
  { label: 'arch2vec-rl reference', method: 'arch2vec-rl', benchmark: nb201, queries: 40, embeddings, mode: 'reference' },
  { label: 'arch2vec-bo (3 per round)', method: 'arch2vec-bo', benchmark: nb201, queries: 28, embeddings, options: { bo: { perRound: 3, network: { hidden: 32, epochs: 20, batchSize: 10, learningRate: 1e-2 } } } },
  { label: 'arch2vec-bo reference', method: 'arch2vec-bo', benchmark: nb201, queries: 22, embeddings, mode: 'reference', options: { bo: { network: { hidden: 32, epochs: 20, batchSize: 10, learningRate: 1e-2 } } } },
  { label: 'supervised-rl', method: 'supervised-rl', benchmark: nb201, queries: 20, embeddings: supervised },
  { label: 'supervised-bo', method: 'supervised-bo', benchmark: nb201, queries: 20, embeddings: supervised, options: { bo: { network: { hidden: 16, epochs: 10, batchSize: 10, learningRate: 1e-2 } } } },
];

for (const c of cases) {
  describe(c.label, () => {
    const baseline = driveMethod({ ...c, seed: 11 });

    it('proposes only fresh architectures of the benchmark', () => {
      assert.equal(baseline.length, c.queries);
      assert.equal(new Set(baseline).size, baseline.length, 'a key was proposed twice');
      for (const key of baseline) assert.ok(c.benchmark.has(key));
    });

    it('is deterministic per seed and differs across seeds', () => {
      assert.deepEqual(driveMethod({ ...c, seed: 11 }), baseline);
      assert.notDeepEqual(driveMethod({ ...c, seed: 12 }), baseline);
    });

    it('gives the same sequence whatever batch size the driver asks for', () => {
      assert.deepEqual(driveMethod({ ...c, seed: 11, k: 1 }), baseline);
      assert.deepEqual(driveMethod({ ...c, seed: 11, k: 5 }), baseline);
    });

    it('continues identically after serialise → JSON → restore at any step', () => {
      const steps = [1, 7, 16, 17, 19, c.queries - 1];
      assert.deepEqual(driveMethod({ ...c, seed: 11, k: 1, restoreAfterPropose: steps, restoreAfterObserve: steps }), baseline);
      assert.deepEqual(driveMethod({ ...c, seed: 11, k: 3, restoreAfterPropose: [3, 9, 18], restoreAfterObserve: [6, 15] }), baseline);
    });
  });
}

describe('arch2vec-rl', () => {
  it('never proposes its (unqueried) start architecture', () => {
    const method = createSearchMethod({ method: 'arch2vec-rl', benchmark: nb201, seed: 3, embeddings });
    const state = method.serialize() as { methodState: { start: number } };
    const startKey = [...nb201.architectures()][state.methodState.start].key;
    const keys = driveMethod({ method: 'arch2vec-rl', benchmark: nb201, seed: 3, queries: 48, embeddings });
    assert.ok(!keys.includes(startKey));
  });

  it('clean and reference modes differ (discounting, baseline)', () => {
    const clean = driveMethod({ method: 'arch2vec-rl', benchmark: nb201, seed: 5, queries: 48, embeddings });
    const reference = driveMethod({ method: 'arch2vec-rl', benchmark: nb201, seed: 5, queries: 48, embeddings, mode: 'reference' });
    assert.notDeepEqual(clean, reference);
  });
});

describe('protocol', () => {
  it('refuses to propose again before observing, and results out of order', () => {
    const method = createSearchMethod({ method: 'random', benchmark: nb201, seed: 1 });
    const batch = method.propose(2);
    assert.throws(() => method.propose(1), /observe the 2 pending/);
    assert.throws(() => method.observe([{ key: batch[1], validationAccuracy: 0.5 }, { key: batch[0], validationAccuracy: 0.5 }]), /expected/);
    method.observe(batch.map((key) => ({ key, validationAccuracy: 0.5 })));
    assert.equal(method.propose(1).length, 1);
  });

  it('random search exhausts a small benchmark without repeats, then refuses', () => {
    const tiny = syntheticNb201Benchmark({ size: 20, name: 'tiny' });
    const method = createSearchMethod({ method: 'random', benchmark: tiny, seed: 1 });
    const keys: string[] = [];
    while (keys.length < 20) {
      const batch = method.propose(3);
      keys.push(...batch);
      method.observe(batch.map((key) => ({ key, validationAccuracy: 0.5 })));
    }
    assert.equal(new Set(keys).size, 20);
    assert.throws(() => method.propose(1), SearchSpaceExhaustedError);
  });
});
