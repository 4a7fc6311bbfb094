import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nb201ArchStringAt } from '@a2v/search-spaces';
import { UnknownArchitectureError } from '../errors.js';
import { loadNb201Benchmark } from './nb201-benchmarks.js';

const C10_OPTIMUM_ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|';
const ROW_1 = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
const near = (actual: number | undefined, expected: number, what: string) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);

test('nb201-cifar10: the published optimum 94.373% (200-epoch test) sits at index 6111', async () => {
  const benchmark = await loadNb201Benchmark('cifar10');
  assert.equal(benchmark.size, 15_625);
  near(benchmark.optimum.testAccuracy, 0.9437333333333332, 'best test');
  assert.equal(benchmark.optimum.testKey, C10_OPTIMUM_ARCH);
  const best = benchmark.query(C10_OPTIMUM_ARCH);
  near(best.testAccuracy, 0.9437333333333332, 'query test');
  near(best.validationAccuracy, 0.843840000012207, 'query 12-epoch validation');
  const architectures = [...benchmark.architectures()];
  const entry = architectures.find((a) => a.key === C10_OPTIMUM_ARCH);
  assert.ok(entry?.space === 'nb201');
  assert.equal(entry.index, 6111);
  assert.deepEqual(entry.cell.ops, ['nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'skip_connect', 'nor_conv_3x3', 'nor_conv_1x1']);
  // Index 13714 ties it exactly in the data; the optimum reports the first in index order.
  assert.equal(benchmark.query(architectures[13714].key).testAccuracy, best.testAccuracy);
  near(benchmark.optimum.validationAccuracy, 0.8489199999023438, 'best 12-epoch validation');
  assert.equal(architectures[13714].key, benchmark.optimum.validationKey);
});

test('nb201 columns: each dataset reads its own validation and test columns, percent → fraction', async () => {
  // Percent values of CSV row 1 (and each dataset's best 200-epoch test), divided by 100.
  const expected = {
    cifar10: { validation: 82.83399999389648 / 100, test: 93.66 / 100, bestTest: 94.37333333333332 / 100 },
    cifar100: { validation: 57.79999996948242 / 100, test: 70.29333326822916 / 100, bestTest: 73.51333326009114 / 100 },
    imagenet16: { validation: 35.433333353678385 / 100, test: 44.03333332316081 / 100, bestTest: 47.31111105685764 / 100 },
  } as const;
  for (const dataset of ['cifar10', 'cifar100', 'imagenet16'] as const) {
    const benchmark = await loadNb201Benchmark(dataset);
    assert.equal(benchmark.name, `nb201-${dataset}`);
    const result = benchmark.query(ROW_1);
    near(result.validationAccuracy, expected[dataset].validation, `${dataset} validation`);
    near(result.testAccuracy, expected[dataset].test, `${dataset} test`);
    near(benchmark.optimum.testAccuracy, expected[dataset].bestTest, `${dataset} optimum`);
    assert.equal(result.trainingSeconds, undefined);
    assert.ok(!('trainingSeconds' in result), 'absent, not undefined-valued');
  }
});

test('nb201 info says budgets are in queries because there are no training times', async () => {
  const benchmark = await loadNb201Benchmark('cifar100');
  assert.equal(benchmark.info.costUnit, 'queries');
  assert.match(benchmark.info.costNote, /NO training times/);
  assert.match(benchmark.info.searchSignal, /12 epochs/);
  assert.match(benchmark.info.reportedMetric, /200 epochs/);
  assert.equal(benchmark.info.accuracyUnit, 'fraction');
  for (const arch of benchmark.architectures()) assert.equal(benchmark.query(arch.key).trainingSeconds, undefined);
});

test('nb201 parameters come from NASLib where present (count, not millions) and are absent elsewhere', async () => {
  const benchmark = await loadNb201Benchmark('cifar10');
  const architectures = [...benchmark.architectures()];
  assert.equal(benchmark.query(architectures[117].key).parameters, 830_426);
  assert.equal(architectures.filter((a) => benchmark.query(a.key).parameters !== undefined).length, 724);
});

test('nb201 architectures come in index order and unknown keys throw a typed error', async () => {
  const benchmark = await loadNb201Benchmark('imagenet16');
  const architectures = [...benchmark.architectures()];
  assert.ok(architectures.every((a, i) => a.space === 'nb201' && a.index === i && a.key === nb201ArchStringAt(i)));
  assert.equal(new Set(architectures.map((a) => a.key)).size, 15_625);
  assert.throws(() => benchmark.query('|none~0|+|none~0|none~1|+|none~0|none~1|conv~2|'), UnknownArchitectureError);
  assert.throws(() => benchmark.query('6111'), (error: unknown) => error instanceof UnknownArchitectureError && error.archKey === '6111');
  assert.equal(benchmark.has(ROW_1), true);
  assert.equal(benchmark.has('6111'), false);
});
