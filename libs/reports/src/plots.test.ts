import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cdfPoints, completePoints, curveData, LOG_FLOOR, renderSvg, sweepPlots } from './plots.js';
import { sampleResults } from './test-support/sample-results.js';
import { assertWellFormed, legendLabels, markGroups } from './test-support/svg.js';

test('the sweep plots: regret vs queries and vs seconds where there are training times, and the CDF', async () => {
  const { plots, omitted } = await sweepPlots(sampleResults());
  assert.deepEqual(plots.map((p) => p.id), [
    'nb201-cifar10-regret-queries', 'nb201-cifar10-regret-cdf',
    'nb101-20k-regret-queries', 'nb101-20k-regret-seconds', 'nb101-20k-regret-cdf',
  ]);
  assert.deepEqual(omitted, [{ title: 'nb201-cifar10: regret vs simulated seconds', reason: 'the benchmark has no training times (every query cost 0 simulated seconds)' }]);
  for (const plot of plots) {
    assertWellFormed(plot.svg);
    assert.deepEqual(plot.series, ['evolution', 'random']);
    assert.deepEqual(legendLabels(plot.svg), ['evolution', 'random'], plot.id);
    assert.equal(markGroups(plot.svg, 'mark-line role-mark'), 2, `${plot.id}: one line per method`);
  }
  for (const plot of plots.filter((p) => !p.id.endsWith('cdf'))) {
    assert.equal(markGroups(plot.svg, 'mark-area role-mark'), 2, `${plot.id}: one ±std band per method`);
    assert.match(plot.svg, /X-axis titled '[^']+' for a log scale/);
    assert.match(plot.svg, /Y-axis titled '[^']+' for a log scale/);
  }
  assert.match(plots[0].svg, /Y-axis titled 'test regret/);
  assert.match(plots[2].svg, /Y-axis titled 'validation regret/, 'nb101-20k has no test accuracy');
  assert.match(plots[3].svg, /X-axis titled 'simulated training seconds/);
});

test('a zero mean regret is drawn at the log floor, not dropped; the band never goes below it', () => {
  const curves = sampleResults().curves.filter((c) => c.benchmark === 'nb101-20k');
  const data = curveData(curves, 'queries', 'validation');
  // evolution's last nb101-20k point has mean regret 0 (see sample-results).
  assert.deepEqual(data.find((d) => d.method === 'evolution' && d.x === 20), { method: 'evolution', x: 20, mean: LOG_FLOOR, low: LOG_FLOOR, high: 0.01 / 20 });
  assert.ok(data.every((d) => d.low >= LOG_FLOOR && d.low <= d.mean && d.mean <= d.high));
  assert.equal(data.length, 40);
  assert.deepEqual(curveData(curves, 'queries', 'test'), [], 'no test regret on nb101-20k');
});

test('curves keep the indexes every run reached; a running sweep shows the CDF of what is done', async () => {
  const results = sampleResults({ running: true });
  const random = results.curves.find((c) => c.benchmark === 'nb201-cifar10' && c.method === 'random')!;
  assert.equal(completePoints(random).length, 12);
  assert.equal(completePoints(random).at(-1)!.queries, 12);
  const { plots } = await sweepPlots(results);
  const cdf = plots.find((p) => p.id === 'nb201-cifar10-regret-cdf')!;
  assert.equal(cdf.note, 'unfinished runs are counted at their incumbent so far');
});

test('cdfPoints: sorted regrets against the share of runs at or below them', () => {
  assert.deepEqual(cdfPoints([0.3, 0.1, 0.2, 0.1]), [{ regret: 0.1, cdf: 0.25 }, { regret: 0.1, cdf: 0.5 }, { regret: 0.2, cdf: 0.75 }, { regret: 0.3, cdf: 1 }]);
  assert.deepEqual(cdfPoints([]), []);
});

test('the SVG checks catch a broken document', async () => {
  const svg = await renderSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
  assertWellFormed(svg);
  assert.throws(() => assertWellFormed(svg.slice(0, -10)));
  assert.throws(() => assertWellFormed(svg.replace('</g>', '')));
});
