import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchmarkDataError, UnknownArchitectureError } from './errors.js';
import { createTabularBenchmark, type TabularRow } from './tabular-benchmark.js';
import type { BenchmarkInfo, QueryResult } from './types.js';

const info: BenchmarkInfo = {
  dataset: 'toy', description: 'toy', searchSignal: 'v', reportedMetric: 't', costUnit: 'queries',
  costNote: 'none', accuracyUnit: 'fraction', source: 'test',
};

function row(key: string, result: QueryResult): TabularRow {
  return { architecture: { space: 'nb201', key, index: 0, cell: { ops: [] } }, result };
}

const build = (rows: TabularRow[]) => createTabularBenchmark({ name: 'toy', space: 'nb201', info, rows });

test('query returns the stored labels, frozen, with absent fields absent', () => {
  const benchmark = build([row('a', { validationAccuracy: 0.5, testAccuracy: 0.4 }), row('b', { validationAccuracy: 0.7, testAccuracy: 0.3, parameters: 10 })]);
  assert.equal(benchmark.size, 2);
  assert.deepEqual(benchmark.query('a'), { validationAccuracy: 0.5, testAccuracy: 0.4 });
  assert.ok(Object.isFrozen(benchmark.query('b')));
  assert.ok(!('trainingSeconds' in benchmark.query('b')));
  assert.deepEqual(benchmark.optimum, { validationAccuracy: 0.7, validationKey: 'b', testAccuracy: 0.4, testKey: 'a' });
  assert.deepEqual([...benchmark.architectures()].map((a) => a.key), ['a', 'b']);
});

test('an unknown key is an UnknownArchitectureError naming benchmark and key, never undefined', () => {
  const benchmark = build([row('a', { validationAccuracy: 0.5 })]);
  assert.throws(() => benchmark.query('zzz'), (error: unknown) => {
    assert.ok(error instanceof UnknownArchitectureError);
    assert.equal(error.benchmark, 'toy');
    assert.equal(error.archKey, 'zzz');
    return true;
  });
  assert.equal(benchmark.has('zzz'), false);
  assert.equal(benchmark.optimum.testAccuracy, undefined);
});

test('inconsistent tables are refused at construction', () => {
  const cases: [string, TabularRow[]][] = [
    ['percent', [row('a', { validationAccuracy: 94.3 })]],
    ['NaN', [row('a', { validationAccuracy: Number.NaN })]],
    ['negative time', [row('a', { validationAccuracy: 0.5, trainingSeconds: -1 })]],
    ['duplicate', [row('a', { validationAccuracy: 0.5 }), row('a', { validationAccuracy: 0.6 })]],
    ['partial test', [row('a', { validationAccuracy: 0.5, testAccuracy: 0.5 }), row('b', { validationAccuracy: 0.6 })]],
    ['empty', []],
  ];
  for (const [name, rows] of cases) assert.throws(() => build(rows), BenchmarkDataError, name);
  const wrongSpace: TabularRow = { architecture: { space: 'nb101', key: 'h', cell: { matrix: [], ops: [] } }, result: { validationAccuracy: 0.5 } };
  assert.throws(() => build([wrongSpace]), /space nb101/);
});
