import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PythonRandom } from './python-random.js';

// Reference values printed by CPython 3.11: random.Random(seed).getrandbits(32) / randrange / shuffle.
test('matches CPython getrandbits for seed 88 (the NAS-Bench-201 seed)', () => {
  const rng = new PythonRandom(88);
  assert.deepEqual(Array.from({ length: 5 }, () => rng.getrandbits(32)), [1707201716, 4182107318, 813946014, 1429399738, 3875947387]);
});

test('matches CPython for a multi-word seed and for _randbelow', () => {
  const rng = new PythonRandom(2 ** 40 + 5);
  assert.deepEqual([rng.getrandbits(32), rng.getrandbits(32), rng.getrandbits(32)], [2166296868, 2220160828, 1153647273]);
  assert.deepEqual([rng.randbelow(1000), rng.randbelow(1000), rng.randbelow(1000)], [679, 948, 28]);
});

test('matches CPython random.Random(0).shuffle(range(10))', () => {
  const items = Array.from({ length: 10 }, (_, i) => i);
  new PythonRandom(0).shuffle(items);
  assert.deepEqual(items, [7, 8, 1, 5, 3, 4, 2, 0, 9, 6]);
});

test('rejects seeds it cannot represent', () => {
  assert.throws(() => new PythonRandom(-1), RangeError);
  assert.throws(() => new PythonRandom(0.5), RangeError);
});
