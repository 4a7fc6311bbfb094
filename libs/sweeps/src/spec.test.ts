import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandSeeds, planRepresentations, planRuns, SweepSpecError, validateSweepSpec } from './index.js';

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

const spaceOf = (benchmark: string) => (benchmark.startsWith('nb101') ? 'nb101' : 'nb201') as 'nb101' | 'nb201';

test('arch2vec methods pre-train each space with the paper settings unless the spec says otherwise', () => {
  const plain = validateSweepSpec({ ...valid, methods: ['arch2vec-bo', 'random'], benchmarks: ['nb201-cifar10', 'nb201-cifar100'] });
  assert.deepEqual(planRepresentations(plain, spaceOf), [{ space: 'nb201', pretrain: { shards: 1, stepsPerRound: 200 }, embedShards: 1 }]);
  const sharded = validateSweepSpec({ ...valid, methods: ['arch2vec-rl'], pretrain: { epochs: 2, shards: 2, subset: 500 } });
  assert.deepEqual(planRepresentations(sharded, spaceOf), [{ space: 'nb201', pretrain: { epochs: 2, shards: 2, subset: 500, stepsPerRound: 200 }, embedShards: 2 }]);
  const reused = validateSweepSpec({ ...valid, methods: ['arch2vec-rl'], checkpoint: 'pg://artifacts/x/final.ckpt', embedShards: 3 });
  assert.deepEqual(planRepresentations(reused, spaceOf), [{ space: 'nb201', checkpointUri: 'pg://artifacts/x/final.ckpt', embedShards: 3 }]);
  assert.deepEqual(planRepresentations(validateSweepSpec(valid), spaceOf), [], 'no embedding methods, no pre-training');
});

test('pretrain, checkpoint and embeddings exclude each other, and every space needs its URI', () => {
  assert.throws(() => validateSweepSpec({ ...valid, methods: ['arch2vec-bo'], pretrain: {}, embeddings: 'file:///e.emb' }), /give one of pretrain, checkpoint, embeddings — not pretrain and embeddings/);
  assert.throws(() => validateSweepSpec({ ...valid, methods: ['arch2vec-bo'], embeddings: { nb101: 'pg://artifacts/a' } }), /embeddings: no URI for space nb201/);
  assert.throws(() => validateSweepSpec({ ...valid, methods: ['arch2vec-bo'], pretrain: { stepsPerRound: 0, shards: 65 } }), (error: SweepSpecError) => error.problems.length === 2);
});

test('supervised baselines are refused in sweeps with the way to run them', () => {
  assert.throws(() => validateSweepSpec({ ...valid, methods: ['supervised-bo'] }), /methods: supervised-rl \/ supervised-bo .* run them with a2v search/);
});
