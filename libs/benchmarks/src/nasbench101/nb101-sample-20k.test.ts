import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nb101ModuleHash, type Nb101Cell } from '@a2v/search-spaces';
import { BenchmarkDataError, UnknownArchitectureError } from '../errors.js';
import { getBenchmark } from '../registry.js';
import { loadNb101Sample20k } from './nb101-sample-20k.js';
import { nb101Enumeration } from './search-space-join.js';

const FIRST_KEY = '00005c142e6f48ac74fdcf73e3439874';
const BEST_KEY = '096f593e0f12d65f6220bf8565b764a9';
const LAST_KEY = '0c187841d17db3b0b02791f4d7d0d93d';
const anyCell: Nb101Cell = { matrix: [[0, 1], [0, 0]], ops: ['input', 'output'] };

test('nb101-20k: every one of the 20,001 keys joins to the enumeration, and is its first 20,001 hashes', async () => {
  const benchmark = await getBenchmark('nb101-20k');
  assert.equal(benchmark.size, 20_001);
  const space = nb101Enumeration();
  let row = 0;
  for (const arch of benchmark.architectures()) {
    assert.ok(arch.space === 'nb101');
    assert.equal(space.indexOfHash(arch.key), row, `row ${row}: ${arch.key}`);
    row += 1;
  }
  // The recovered cell really has that hash (spot check: the hash is the expensive part).
  for (const key of [FIRST_KEY, BEST_KEY, LAST_KEY]) {
    const arch = [...benchmark.architectures()].find((a) => a.key === key);
    assert.ok(arch?.space === 'nb101');
    assert.equal(nb101ModuleHash(arch.cell), key);
  }
});

test('nb101-20k: values, units, optimum, and no test accuracy', async () => {
  const benchmark = await getBenchmark('nb101-20k');
  assert.deepEqual(benchmark.query(FIRST_KEY), { validationAccuracy: 0.9304887652397156, trainingSeconds: 1768.9759521484375, parameters: 8_555_530 });
  assert.deepEqual(benchmark.optimum, { validationAccuracy: 0.9491186141967773, validationKey: BEST_KEY });
  assert.equal(benchmark.query(BEST_KEY).trainingSeconds, 4100.5703125);
  assert.equal(benchmark.info.costUnit, 'seconds');
  assert.match(benchmark.info.reportedMetric, /no test accuracy/);
  assert.match(benchmark.info.searchSignal, /108 epochs/);
  for (const arch of benchmark.architectures()) assert.equal(benchmark.query(arch.key).testAccuracy, undefined);
  assert.throws(() => benchmark.query('ffffffffffffffffffffffffffffffff'), UnknownArchitectureError);
});

test('nb101-20k: a key missing from the enumeration is a hard error naming it', async () => {
  const lookup = (hash: string) => (hash === LAST_KEY ? undefined : anyCell);
  await assert.rejects(loadNb101Sample20k(lookup), (error: unknown) => {
    assert.ok(error instanceof BenchmarkDataError);
    assert.match(error.message, new RegExp(`key ${LAST_KEY} \\(row 20000\\)`));
    return true;
  });
});
