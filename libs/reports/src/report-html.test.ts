import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sweepPlots } from './plots.js';
import { escapeHtml, renderReportHtml, scriptJson, type ReportInput } from './report-html.js';
import { buildResultsTable } from './results-table.js';
import { sampleResults } from './test-support/sample-results.js';

async function input(options: { running?: boolean; name?: string } = {}): Promise<ReportInput> {
  const results = sampleResults(options);
  return {
    results, table: buildResultsTable(results), plots: await sweepPlots(results),
    provenance: {
      generatedAt: '2026-11-29T07:00:00.000Z', code: { commit: 'abc123', dirty: true },
      benchmarks: [{ name: 'nb201-cifar10', size: 15625, info: { dataset: 'CIFAR-10', description: 'NB201 <all> cells', searchSignal: 's', reportedMetric: 'r', costUnit: 'queries', costNote: 'c', accuracyUnit: 'fraction', source: 'data/nb201' } },
        { name: 'nb101-20k', unavailable: 'not here' }],
    },
  };
}

test('the report holds the tables, every plot inline, the spec and the provenance', async () => {
  const html = renderReportHtml(await input());
  for (const id of ['nb201-cifar10-regret-queries', 'nb201-cifar10-regret-cdf', 'nb101-20k-regret-queries', 'nb101-20k-regret-seconds', 'nb101-20k-regret-cdf']) {
    assert.match(html, new RegExp(`<figure class="plot" id="${id}" data-plot-id="${id}" data-series="evolution,random">\\n<svg `));
  }
  assert.equal((html.match(/<svg /g) ?? []).length, 5);
  assert.match(html, /<td>evolution<\/td><td>3\/3<\/td>/);
  assert.match(html, /<td class="paper">93\.84 ± 0\.43<\/td>/);
  assert.match(html, /nb201-cifar10: regret vs simulated seconds: the benchmark has no training times/);
  assert.match(html, /Code version: <code>abc123<\/code> \(with uncommitted changes\)/);
  assert.match(html, /NB201 &lt;all&gt; cells \(15625 architectures\)/);
  assert.match(html, /<code>nb101-20k<\/code> — info unavailable: not here/);
  assert.match(html, /&quot;budget&quot;: &quot;20q&quot;/);
  assert.match(html, /Not included: no embedding set was given/);
  assert.doesNotMatch(html, /id="partial"/);
});

test('self-contained: no script to run, no external file or link', async () => {
  const html = renderReportHtml(await input());
  assert.doesNotMatch(html, /<script(?![^>]*type="application\/json")/);
  assert.doesNotMatch(html, /\b(src|href)=/);
  assert.doesNotMatch(html, /<link|@import|url\(/);
  const json = JSON.parse(html.match(/<script type="application\/json" id="a2v-results">([\s\S]*?)<\/script>/)![1]);
  assert.equal(json.table.sweepId, 'sweep-test');
});

test('a running sweep carries the partial banner; text from the database is escaped', async () => {
  const html = renderReportHtml(await input({ running: true, name: '<img src=x onerror=alert(1)> & "q"' }));
  assert.match(html, /<p class="banner" id="partial">Partial results: the sweep is RUNNING; 11 of 12 runs completed/);
  assert.match(html, /<td>random \*<\/td>/);
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /\(&lt;img src=x onerror=alert\(1\)&gt; &amp; &quot;q&quot;\)/);
  assert.equal(escapeHtml(`<a href='x'>&</a>`), '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(scriptJson({ s: '</script><script>alert(1)</script>' }).includes('</script>'), false);
});

test('extra sections replace the latent-space placeholder', async () => {
  const html = renderReportHtml({ ...(await input()), sections: [{ id: 'latent-x', title: 'Latent space: x', tables: [{ header: ['a'], rows: [['1']] }], plots: [], notes: ['n'] }] });
  assert.match(html, /<section id="latent-x"><h2>Latent space: x<\/h2>/);
  assert.doesNotMatch(html, /no embedding set was given/);
});
