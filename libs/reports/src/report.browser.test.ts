import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NB201_CELL_COUNT, nasBench201, nb201CellAt, type Nb201Cell } from '@a2v/search-spaces';
import { analyzeEmbedding } from './latent/analysis.js';
import { Rng } from './latent/embedding.js';
import { latentSection } from './latent/latent-section.js';
import { sweepPlots } from './plots.js';
import { writeReport } from './report.js';
import { buildResultsTable } from './results-table.js';
import { checkReportInBrowser, chromiumSkip, pngSize } from './test-support/browser.js';
import { sampleResults } from './test-support/sample-results.js';

// A latent section from a synthetic embedding (noise over 2,000 NB201 cells): it exercises the
// section's maps and curves in the browser, and is labelled as what it is — not arch2vec.
async function syntheticLatentSection() {
  const cells = Array.from({ length: 2000 }, (_, i) => nb201CellAt((i * 7) % NB201_CELL_COUNT));
  const keys = cells.map((c) => nasBench201.key(c));
  const byKey = new Map(keys.map((k, i) => [k, cells[i]]));
  const rng = new Rng(3);
  const embedding = { keys, vectors: Float32Array.from({ length: 2000 * 8 }, () => rng.gaussian()), dim: 8 };
  const labels = new Map(keys.map((k) => [k, 0.85 + 0.05 * rng.unit()]));
  const analysis = analyzeEmbedding('synthetic noise (test)', 'nb201-cifar10', embedding,
    { archs: { space: nasBench201, cellOf: (k: string) => byKey.get(k) as Nb201Cell | undefined }, labelOf: (k) => labels.get(k), labelName: 'made-up label' },
    { mapSample: 150, tsne: { iterations: 300 }, distanceVsEdit: { walkLength: 100 }, nnWalk: { starts: 3, steps: 5 }, predictive: { trainSize: 100, seeds: [1], maxTest: 200 } });
  return latentSection(analysis);
}

test('the report opens in headless Chromium with no errors, no requests, every plot drawn; screenshot kept', { skip: chromiumSkip(), timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'a2v-report-'));
  try {
    const results = sampleResults({ running: true });
    const section = await syntheticLatentSection();
    const written = writeReport(dir, {
      results, table: buildResultsTable(results), plots: await sweepPlots(results), sections: [section],
      provenance: { generatedAt: new Date().toISOString(), code: { commit: 'test' }, benchmarks: [] },
    });
    const check = await checkReportInBrowser(written[0]);
    assert.deepEqual(check.consoleErrors, []);
    assert.deepEqual(check.pageErrors, []);
    assert.deepEqual(check.otherRequests, []);
    assert.equal(check.title, 'a2v report — sweep-test');
    const expected = ['nb201-cifar10-regret-queries', 'nb201-cifar10-regret-cdf', 'nb101-20k-regret-queries', 'nb101-20k-regret-seconds', 'nb101-20k-regret-cdf', ...section.plots.map((p) => p.id)];
    assert.deepEqual(check.plots.map((p) => p.id), [...expected.slice(0, 5), ...section.plots.map((p) => p.id)]);
    assert.equal(section.plots.length, 4, 'PCA, t-SNE, L2 vs edit distance, GP scatter');
    for (const plot of check.plots) assert.ok(plot.width > 300 && plot.height > 200, `${plot.id} drawn ${plot.width}×${plot.height}`);
    const size = pngSize(check.screenshot);
    assert.equal(size.width, 1200);
    assert.ok(size.height > 2000, `full-page screenshot height ${size.height}`);
    const kept = join(process.env.A2V_SCREENSHOT_DIR ?? tmpdir(), 'a2v-report-screenshot.png');
    writeFileSync(kept, check.screenshot);
    t.diagnostic(`screenshot: ${kept}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pngSize rejects what is not a PNG', () => {
  assert.throws(() => pngSize(Buffer.from('<svg/>')), /not a PNG/);
});
