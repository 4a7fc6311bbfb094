import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paperComparison, paperMethodName } from './paper-reference.js';
import { regretStat } from './results-data.js';
import { buildResultsTable, formatResultsCsv, formatResultsText, RESULTS_CSV_HEADER } from './results-table.js';
import { sampleResults } from './test-support/sample-results.js';

test('the paper table is chosen by the benchmark: Table 3 for NB201 data sets, Table 2 for NB101, none otherwise', () => {
  assert.equal(paperComparison('nb201-cifar10')?.table, 'Table 3');
  assert.equal(paperComparison('nb201-imagenet16')?.dataset, 'ImageNet16-120');
  const c100 = paperComparison('nb201-cifar100');
  assert.deepEqual(c100?.table === 'Table 3' && c100.rows.find((r) => r.method === 'arch2vec-BO'), { method: 'arch2vec-BO', validation: { mean: 0.7335, std: 0.0032 }, test: { mean: 0.7337, std: 0.003 } });
  assert.equal(paperComparison('nb101-20k')?.table, 'Table 2');
  assert.equal(paperComparison('no-such-benchmark'), undefined);
  assert.equal(paperMethodName('evolution'), 'RE');
  assert.equal(paperMethodName('random'), 'RS');
  assert.equal(paperMethodName('my-method'), undefined);
});

test('regret statistics are the incumbent statistics mapped through optimum − x', () => {
  assert.deepEqual(regretStat(0.9, { mean: 0.85, std: 0.01, median: 0.86 }), { mean: 0.9 - 0.85, std: 0.01, median: 0.9 - 0.86 });
  assert.deepEqual(regretStat(undefined, { mean: 0.85, std: 0.01, median: 0.86 }), { mean: null, std: null, median: null });
});

test('Table 3 layout: ours beside the paper row of the same method, then the paper-only methods', () => {
  const table = buildResultsTable(sampleResults());
  const block = table.blocks.find((b) => b.benchmark === 'nb201-cifar10')!;
  assert.equal(block.paperTable, 'Table 3');
  assert.deepEqual(block.rows.map((r) => [r.method, r.paper?.method]), [
    ['evolution', 'RE'], ['random', 'RS'], ['REINFORCE', 'REINFORCE'], ['BOHB', 'BOHB'], ['arch2vec-RL', 'arch2vec-RL'], ['arch2vec-BO', 'arch2vec-BO'],
  ]);
  assert.equal(block.rows[0].paper?.test?.mean, 0.9384);
  assert.equal(block.rows[2].ours, undefined);
  const text = formatResultsText(table);
  assert.match(text, /^sweep sweep-test \(unit test sweep\): COMPLETED$/m);
  assert.match(text, /^ {2}evolution\s+3\/3\s+20\s+84\.67 ± 0\.31\s+93\.90 ± 0\.30\s+0\.600 \(0\.600\)\s+RE\s+91\.08 ± 0\.43\s+93\.84 ± 0\.43$/m);
  assert.match(text, /^ {2}\(BOHB\)\s+-\s+-\s+-\s+-\s+-\s+BOHB\s+90\.82 ± 0\.53\s+93\.61 ± 0\.52$/m);
  assert.doesNotMatch(text, /PARTIAL/);
});

test('Table 2 layout for NB101 without test accuracy: regret on validation, said so', () => {
  const block = buildResultsTable(sampleResults()).blocks.find((b) => b.benchmark === 'nb101-20k')!;
  assert.equal(block.paperTable, 'Table 2');
  assert.equal(block.hasTest, false);
  const text = formatResultsText(buildResultsTable(sampleResults()));
  assert.match(text, /val regret % \(median\)\s+paper\s+paper queries\s+paper test %\s+paper test regret % @1e6 s/);
  assert.match(text, /^ {2}random\s+3\/3\s+20\s+.*\s+RS\s+1000\s+93\.54\s+0\.858$/m);
  assert.match(text, /no test accuracy: regret is on validation accuracy/);
});

test('a running sweep is marked partial, row by row', () => {
  const text = formatResultsText(buildResultsTable(sampleResults({ running: true })));
  assert.match(text, /^PARTIAL RESULTS: 11 of 12 runs completed; rows marked \* include unfinished runs/m);
  assert.match(text, /^ {2}random \*\s+2\/3/m);
  assert.match(text, /^ {2}evolution\s+3\/3/m);
});

test('CSV: one header, one line per row, numbers as fractions, empty cells for what is missing', () => {
  const csv = formatResultsCsv(buildResultsTable(sampleResults())).trimEnd().split('\n');
  assert.equal(csv[0], RESULTS_CSV_HEADER.join(','));
  assert.equal(csv.length, 1 + 6 + 10); // NB201: 2 ours + 4 paper-only; NB101: 2 ours + 8 paper-only
  const cells = (line: string) => Object.fromEntries(RESULTS_CSV_HEADER.map((h, i) => [h, line.split(',')[i]]));
  const evolution = cells(csv.find((l) => l.startsWith('sweep-test,nb201-cifar10,evolution,'))!);
  assert.equal(evolution.paper_method, 'RE');
  assert.equal(Number(evolution.paper_test_mean), 0.9384);
  assert.ok(Math.abs(Number(evolution.test_mean) - 0.939) < 1e-9);
  const bohb = cells(csv.find((l) => l.includes(',BOHB,'))!);
  assert.equal(bohb.runs, '');
});
