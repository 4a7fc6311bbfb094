import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnknownBenchmarkError } from './errors.js';
import { benchmarkLoadTimes, getBenchmark, listBenchmarks, registerBenchmark } from './registry.js';
import { createTabularBenchmark } from './tabular-benchmark.js';

test('listBenchmarks names the built-in benchmarks without loading them', () => {
  assert.deepEqual(listBenchmarks().map((b) => b.name).slice(0, 4), ['nb101-20k', 'nb201-cifar10', 'nb201-cifar100', 'nb201-imagenet16']);
  assert.deepEqual(benchmarkLoadTimes(), []);
});

test('an unknown name is an UnknownBenchmarkError that lists the valid names', async () => {
  await assert.rejects(getBenchmark('nb301'), (error: unknown) => {
    assert.ok(error instanceof UnknownBenchmarkError);
    assert.equal(error.requested, 'nb301');
    assert.match(error.message, /nb101-20k, nb201-cifar10, nb201-cifar100, nb201-imagenet16/);
    return true;
  });
});

test('getBenchmark loads once, caches, and records the load time', async () => {
  const first = getBenchmark('nb201-cifar10');
  const again = getBenchmark('nb201-cifar10');
  assert.equal(first, again);
  const benchmark = await first;
  assert.equal(benchmark.name, 'nb201-cifar10');
  const times = benchmarkLoadTimes();
  assert.equal(times.length, 1);
  assert.equal(times[0].name, 'nb201-cifar10');
  assert.ok(times[0].millis > 0);
});

test('registered benchmarks are served by name; names cannot be taken twice', async () => {
  let loads = 0;
  const toy = createTabularBenchmark({
    name: 'toy', space: 'nb201',
    info: { dataset: 'toy', description: '', searchSignal: '', reportedMetric: '', costUnit: 'queries', costNote: '', accuracyUnit: 'fraction', source: '' },
    rows: [{ architecture: { space: 'nb201', key: 'k', index: 0, cell: { ops: [] } }, result: { validationAccuracy: 0.1 } }],
  });
  registerBenchmark({ name: 'toy', space: 'nb201', dataset: 'toy', summary: 'toy', load: async () => (loads++, toy) });
  assert.equal(await getBenchmark('toy'), toy);
  assert.equal(await getBenchmark('toy'), toy);
  assert.equal(loads, 1);
  assert.throws(() => registerBenchmark({ name: 'nb201-cifar10', space: 'nb201', dataset: '', summary: '', load: async () => toy }), /already registered/);
});

test('a failed load is reported and not cached', async () => {
  let attempts = 0;
  registerBenchmark({
    name: 'flaky', space: 'nb101', dataset: '', summary: '',
    load: async () => {
      attempts += 1;
      throw new Error('disk on fire');
    },
  });
  await assert.rejects(getBenchmark('flaky'), /disk on fire/);
  await assert.rejects(getBenchmark('flaky'), /disk on fire/);
  assert.equal(attempts, 2);
});
