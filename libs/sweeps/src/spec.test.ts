import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandSeeds, planRuns, SweepSpecError, validateSweepSpec } from './index.js';

const valid = { benchmarks: ['nb201-cifar10'], methods: ['random', 'evolution'], seeds: { from: 1, to: 3 }, budget: '100q' };

test('a valid spec gets its defaults and expands to benchmark × method × seed runs', () => {
  const spec = validateSweepSpec(valid);
  assert.equal(spec.parallelism, 4);
  assert.equal(spec.mode, 'clean');
  const runs = planRuns(spec);
  assert.equal(runs.length, 6);
  assert.deepEqual(runs[0], { benchmark: 'nb201-cifar10', method: 'random', seed: 1, budget: { kind: 'queries', limit: 100 } });
  assert.deepEqual(expandSeeds([3, 1, 3]), [3, 1]);
});

test('every problem is listed at once', () => {
  assert.throws(
    () => validateSweepSpec({ benchmarks: ['nb999'], methods: ['magic'], seeds: { from: 5, to: 1 }, budget: 'lots', extra: 1 }),
    (error: unknown) => {
      assert.ok(error instanceof SweepSpecError);
      const text = error.problems.join('\n');
      assert.match(text, /methods\.0/);
      assert.match(text, /seeds/);
      assert.match(text, /budget: cannot parse budget "lots"/);
      assert.match(text, /extra|Unrecognized/i);
      assert.ok(error.problems.length >= 4, text);
      return true;
    },
  );
});

test('benchmark names and budget kinds are checked against the benchmarks', () => {
  assert.throws(() => validateSweepSpec({ ...valid, benchmarks: ['nb999'] }), /benchmarks\.0: unknown benchmark 'nb999'/);
  assert.throws(() => validateSweepSpec({ ...valid, budget: '1e4s' }), /no training times/);
});
