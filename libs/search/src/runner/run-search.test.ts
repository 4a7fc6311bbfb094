import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBudget } from '../budget.js';
import { createStandInEmbeddingSet } from '../embeddings/stand-in-embedding.js';
import { SearchInputError } from '../errors.js';
import { syntheticNb101Benchmark, syntheticNb201Benchmark } from '../test-support/synthetic-benchmarks.js';
import { createInMemoryLedger, runSearch, type RunSearchOptions, type SearchCheckpoint } from './run-search.js';

const nb201 = syntheticNb201Benchmark({ size: 600 });
const nb201Seconds = syntheticNb201Benchmark({ size: 600, seconds: true });
const nb101 = syntheticNb101Benchmark(300);
const embeddings = createStandInEmbeddingSet(nb201);

describe('budgets', () => {
  it('parses query and second budgets, and rejects the rest', () => {
    assert.deepEqual(parseBudget('100q'), { kind: 'queries', limit: 100 });
    assert.deepEqual(parseBudget('1e6s'), { kind: 'seconds', limit: 1e6 });
    assert.deepEqual(parseBudget(' 1.5e6 seconds '), { kind: 'seconds', limit: 1.5e6 });
    for (const bad of ['0q', '-5q', '10', 'q', '2.5q', '1e6 parsecs', '0s']) assert.throws(() => parseBudget(bad), SearchInputError, bad);
  });

  it('a query budget makes exactly that many queries, each charged once, in order', async () => {
    const ledger = createInMemoryLedger();
    const run = await runSearch({ benchmark: nb201, method: 'evolution', seed: 3, budget: '37q', chargeQuery: ledger.chargeQuery });
    assert.equal(run.trajectory.length, 37);
    assert.deepEqual(ledger.charges.map((c) => c.key), run.trajectory.map((e) => e.key));
    assert.deepEqual(ledger.charges.map((c) => c.cumulativeCost), Array.from({ length: 37 }, (_, i) => i + 1));
    assert.equal(run.summary.queries, 37);
    assert.deepEqual(run.summary.cost, { unit: 'queries', used: 37, limit: 37 });
  });

  it('a seconds budget charges training time and never exceeds it (the crossing query is not made)', async () => {
    const ledger = createInMemoryLedger();
    const run = await runSearch({ benchmark: nb201Seconds, method: 'random', seed: 1, budget: '20000s', chargeQuery: ledger.chargeQuery });
    const costs = run.trajectory.map((e) => e.cost);
    const total = costs.reduce((a, b) => a + b, 0);
    assert.ok(total <= 20000 && total > 20000 - 2700, `spent ${total}`); // a query costs < 2,700 s
    const crossing = run.state.proposed[run.trajectory.length]; // proposed, never queried
    assert.ok(total + nb201Seconds.query(crossing).trainingSeconds! > 20000, 'stopped before the budget was reached');
    for (const e of run.trajectory) assert.equal(e.cost, nb201Seconds.query(e.key).trainingSeconds);
    assert.equal(run.summary.cost.used, total);
    assert.equal(run.summary.simulatedSeconds, total);
    assert.equal(ledger.charges.length, run.trajectory.length);
  });

  it('NAS-Bench-101-style seconds budgets work for every method family', async () => {
    for (const method of ['random', 'evolution']) {
      const run = await runSearch({ benchmark: nb101, method, seed: 2, budget: '30000s' });
      assert.ok(run.summary.cost.used <= 30000 && run.summary.cost.used > 30000 - 2600);
      assert.equal(new Set(run.trajectory.map((e) => e.key)).size, run.trajectory.length);
    }
  });
});

describe('trajectory and summary', () => {
  it('tracks the incumbent (best validation so far) and the regrets to the optimum', async () => {
    const run = await runSearch({ benchmark: nb201, method: 'random', seed: 9, budget: '50q' });
    let best = -Infinity;
    for (const e of run.trajectory) {
      best = Math.max(best, e.validationAccuracy);
      assert.equal(e.incumbent.validationAccuracy, best);
      assert.equal(e.incumbent.testAccuracy, nb201.query(e.incumbent.key).testAccuracy);
    }
    const summary = run.summary;
    assert.equal(summary.best!.validationAccuracy, best);
    assert.equal(summary.regret!.validation, nb201.optimum.validationAccuracy - best);
    assert.equal(summary.regret!.test, nb201.optimum.testAccuracy! - summary.best!.testAccuracy!);
  });

  it('resuming from any checkpoint gives the uninterrupted run', async () => {
    const options: RunSearchOptions = { benchmark: nb201, method: 'arch2vec-rl', seed: 4, budget: '40q', embeddings };
    const checkpoints: SearchCheckpoint[] = [];
    const full = await runSearch({ ...options, onCheckpoint: (c) => void checkpoints.push(JSON.parse(JSON.stringify(c))) });
    assert.ok(checkpoints.length >= 2);
    for (const checkpoint of checkpoints.slice(0, -1)) {
      const resumed = await runSearch({ ...options, resume: checkpoint });
      assert.deepEqual(resumed.trajectory, full.trajectory);
    }
  });
});

describe('bad input fails before any query is charged', () => {
  const cases: [string, Partial<RunSearchOptions>, RegExp][] = [
    ['unknown method', { method: 'hill-climbing' }, /unknown search method "hill-climbing"; valid methods: random, evolution/],
    ['unknown benchmark', { benchmark: 'nb301' }, /unknown benchmark "nb301"/],
    ['budget <= 0', { budget: { kind: 'queries', limit: 0 } }, /budget limit must be a finite number > 0/],
    ['seconds on a table without training times', { budget: '1e6s' }, /has no training times.*budget must be in queries/],
    ['a negative seed', { seed: -1 }, /seed must be an integer/],
    ['reference mode on random search', { mode: 'reference' }, /has no reference mode/],
    ['an embedding method without embeddings', { method: 'arch2vec-bo' }, /needs an embedding set/],
    ['supervised without a supervised set', { method: 'supervised-rl', embeddings }, /needs a supervised embedding set/],
    ['supervised with nothing at all', { method: 'supervised-bo' }, /needs a supervised embedding set.*does not provide one yet/],
    ['embeddings of another space', { method: 'arch2vec-rl', embeddings: { ...embeddings, space: 'nb101' } }, /is for space nb101, but benchmark synthetic-nb201 is nb201/],
    ['embeddings of the wrong size', { method: 'arch2vec-rl', embeddings: { ...embeddings, vectors: embeddings.vectors.subarray(16) } }, /expected keys \(600\) × dim \(16\)/],
    ['embeddings missing architectures', { method: 'arch2vec-rl', embeddings: { ...embeddings, keys: embeddings.keys.slice(1), vectors: embeddings.vectors.subarray(16) } }, /lacks 1 of the 600 architectures/],
  ];
  for (const [label, override, message] of cases) {
    it(label, async () => {
      const ledger = createInMemoryLedger();
      await assert.rejects(runSearch({ benchmark: nb201, method: 'random', seed: 1, budget: '10q', chargeQuery: ledger.chargeQuery, ...override }), (error: Error) => {
        assert.ok(error instanceof SearchInputError, `${error.name}: ${error.message}`);
        assert.match(error.message, message);
        return true;
      });
      assert.equal(ledger.charges.length, 0);
    });
  }

  it('a state from another method, benchmark or embedding set', async () => {
    const rl = await runSearch({ benchmark: nb201, method: 'arch2vec-rl', seed: 1, budget: '5q', embeddings });
    const checkpoint = { state: rl.state, trajectory: rl.trajectory };
    const ledger = createInMemoryLedger();
    const attempts: [Partial<RunSearchOptions>, RegExp][] = [
      [{ method: 'arch2vec-bo', embeddings }, /resume state is from method arch2vec-rl, not arch2vec-bo/],
      [{ method: 'arch2vec-rl', benchmark: syntheticNb201Benchmark({ size: 600, name: 'other' }), embeddings }, /state is from benchmark synthetic-nb201, not other/],
      [{ method: 'arch2vec-rl', embeddings: { ...embeddings, sourceId: 'another-checkpoint' } }, /made on embedding set stand-in.* not another-checkpoint/],
      [{ method: 'arch2vec-rl', embeddings, seed: 2 }, /resume state has seed 1, not 2/],
    ];
    for (const [override, message] of attempts) {
      await assert.rejects(runSearch({ benchmark: nb201, method: 'random', seed: 1, budget: '10q', resume: checkpoint, chargeQuery: ledger.chargeQuery, ...override }), message);
    }
    assert.equal(ledger.charges.length, 0);
  });
});

describe('the charge hook', () => {
  it('stops the run when it throws (e.g. the ledger refuses), after charging what it accepted', async () => {
    let accepted = 0;
    const hook = (): void => {
      if (accepted === 7) throw new Error('ledger: budget exhausted');
      accepted += 1;
    };
    await assert.rejects(runSearch({ benchmark: nb201, method: 'random', seed: 1, budget: '20q', chargeQuery: hook }), /ledger: budget exhausted/);
    assert.equal(accepted, 7);
  });
});
