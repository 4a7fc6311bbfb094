/**
 * Report sections for a set of latent analyses (one per embedding set × benchmark, plus the arch2vec
 * vs supervised comparison per benchmark), and the standalone embedding report of
 * `a2v report embeddings`: the same sections in a page of their own, with the provenance.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Provenance } from '../provenance.js';
import { codeAndEmbeddingsHtml, escapeHtml, htmlPage, scriptJson, sectionHtml, type ReportSection } from '../report-html.js';
import { writePlots } from '../report.js';
import type { LatentAnalysis } from './analysis.js';
import { encoderComparisonSection } from './comparison.js';
import { latentSection } from './latent-section.js';
import { LATENT_ROWS } from './paper-latent.js';

/** One section per analysis; per benchmark with an arch2vec analysis, the arch2vec vs supervised comparison first. */
export async function latentSections(analyses: LatentAnalysis[]): Promise<ReportSection[]> {
  const sections: ReportSection[] = [];
  for (const benchmark of [...new Set(analyses.map((a) => a.benchmark))]) {
    const here = analyses.filter((a) => a.benchmark === benchmark);
    const arch2vec = here.find((a) => a.encoder === 'arch2vec');
    if (arch2vec) sections.push(await encoderComparisonSection(benchmark, arch2vec, here.find((a) => a.encoder === 'supervised')));
    for (const a of here) sections.push(await latentSection(a));
  }
  return sections;
}

export interface EmbeddingReportInput {
  title: string;
  sections: ReportSection[];
  /** provenance.embeddings names the sets analysed. */
  provenance: Provenance;
  analyses: LatentAnalysis[];
}

/** The numbers of each analysis for the page's JSON block (maps and scatter points left out). */
function headline(a: LatentAnalysis): Record<string, unknown> {
  return { name: a.name, encoder: a.encoder, benchmark: a.benchmark, count: a.count, dim: a.dim, timingsMs: a.timingsMs, ...Object.fromEntries(LATENT_ROWS.map((r) => [r.label, r.value(a)])) };
}

export function renderEmbeddingReportHtml(input: EmbeddingReportInput): string {
  const p = input.provenance;
  const benchmarks = p.benchmarks.map((b) => `<li><code>${escapeHtml(b.name)}</code>${b.info ? ` — ${escapeHtml(b.info.description)}; source: ${escapeHtml(b.info.source)}` : ` — info unavailable: ${escapeHtml(b.unavailable ?? '')}`}</li>`).join('\n');
  return htmlPage(input.title, `<h1>${escapeHtml(input.title)}</h1>
${input.sections.map(sectionHtml).join('\n')}
<section id="provenance"><h2>Provenance</h2>${codeAndEmbeddingsHtml(p)}
<h3>Benchmarks (labels)</h3><ul>${benchmarks}</ul></section>
<script type="application/json" id="a2v-latent">${scriptJson({ analyses: input.analyses.map(headline), provenance: p })}</script>`);
}

/** Writes DIR/index.html, DIR/plots/*.svg and DIR/latent.json; returns the paths, index.html first. */
export function writeEmbeddingReport(dir: string, input: EmbeddingReportInput): string[] {
  mkdirSync(dir, { recursive: true });
  const index = join(dir, 'index.html');
  writeFileSync(index, renderEmbeddingReportHtml(input));
  const json = join(dir, 'latent.json');
  writeFileSync(json, `${JSON.stringify({ analyses: input.analyses.map(headline), provenance: input.provenance }, null, 2)}\n`);
  return [index, ...writePlots(dir, input.sections.flatMap((s) => s.plots)), json];
}
