import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NB201_CELL_COUNT, nasBench201, nb201CellAt, type Nb201Cell } from '@a2v/search-spaces';
import { analyzeEmbedding } from './latent/analysis.js';
import { Rng } from './latent/embedding.js';
import { latentSections, writeEmbeddingReport } from './latent/embedding-report.js';
import { sweepPlots } from './plots.js';
import { writeReport } from './report.js';
import { buildResultsTable } from './results-table.js';
import { checkReportInBrowser, chromiumSkip, pngSize, type BrowserCheck } from './test-support/browser.js';
import { sampleResults } from './test-support/sample-results.js';

// Latent sections from synthetic embeddings (noise over 2,000 NB201 cells, as "arch2vec" and as
// "supervised"): they exercise the comparison, maps and curves in the browser, labelled as what they are.
function syntheticAnalysis(encoder: 'arch2vec' | 'supervised', seed: number) {
  const cells = Array.from({ length: 2000 }, (_, i) => nb201CellAt((i * 7) % NB201_CELL_COUNT));
  const keys = cells.map((c) => nasBench201.key(c));
  const byKey = new Map(keys.map((k, i) => [k, cells[i]]));
  const rng = new Rng(seed);
  const embedding = { keys, vectors: Float32Array.from({ length: 2000 * 8 }, () => rng.gaussian()), dim: 8 };
  const labels = new Map(keys.map((k) => [k, 0.85 + 0.05 * rng.unit()]));
  return analyzeEmbedding(`synthetic noise ${seed} (test)`, 'nb201-cifar10', embedding,
    { archs: { space: nasBench201, cellOf: (k: string) => byKey.get(k) as Nb201Cell | undefined }, labelOf: (k) => labels.get(k), labelName: 'made-up label' },
    { encoder, mapSample: 150, tsne: { iterations: 300 }, distanceVsEdit: { walkLength: 100 }, nnWalk: { starts: 3, steps: 5 }, predictive: { trainSize: 100, seeds: [1], maxTest: 200 } });
}

const provenance = { generatedAt: new Date().toISOString(), code: { commit: 'test' }, benchmarks: [] };

function assertCleanPage(check: BrowserCheck, title: string, plotIds: string[]): void {
  assert.deepEqual(check.consoleErrors, []);
  assert.deepEqual(check.pageErrors, []);
  assert.deepEqual(check.otherRequests, []);
  assert.equal(check.title, title);
  assert.deepEqual(check.plots.map((p) => p.id), plotIds);
  for (const plot of check.plots) assert.ok(plot.width > 300 && plot.height > 200, `${plot.id} drawn ${plot.width}×${plot.height}`);
}

test('the report opens in headless Chromium with no errors, no requests, every plot drawn; screenshot kept', { skip: chromiumSkip(), timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'a2v-report-'));
  try {
    const results = sampleResults({ running: true });
    const analyses = [syntheticAnalysis('arch2vec', 3), syntheticAnalysis('supervised', 4)];
    const sections = await latentSections(analyses);
    const written = writeReport(dir, { results, table: buildResultsTable(results), plots: await sweepPlots(results), sections, provenance });
    const check = await checkReportInBrowser(written[0]);
    const latentPlots = sections.flatMap((s) => s.plots.map((p) => p.id));
    assert.equal(latentPlots.length, 9, 'comparison + PCA, t-SNE, L2 vs edit distance, GP scatter per set');
    assertCleanPage(check, 'a2v report — sweep-test', ['nb201-cifar10-regret-queries', 'nb201-cifar10-regret-cdf', 'nb101-20k-regret-queries', 'nb101-20k-regret-seconds', 'nb101-20k-regret-cdf', ...latentPlots]);
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

test('the standalone embedding report opens in headless Chromium with no errors and every plot drawn', { skip: chromiumSkip(), timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'a2v-latent-report-'));
  try {
    const analyses = [syntheticAnalysis('arch2vec', 3)];
    const sections = await latentSections(analyses);
    const written = writeEmbeddingReport(dir, { title: 'latent test', sections, provenance, analyses });
    const check = await checkReportInBrowser(written[0]);
    assertCleanPage(check, 'latent test', sections.flatMap((s) => s.plots.map((p) => p.id)));
    assert.equal(check.plots.length, 4, 'no supervised set: no comparison plot');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pngSize rejects what is not a PNG', () => {
  assert.throws(() => pngSize(Buffer.from('<svg/>')), /not a PNG/);
});
