/**
 * The static HTML report: one self-contained file (inline CSS and SVG, no script, no external
 * reference) holding the results tables, the plots, the per-run table, the sweep spec and the
 * provenance, plus the numbers as JSON in a non-executed <script type="application/json">.
 */
import type { Plot, PlotSet } from './plots.js';
import type { Provenance } from './provenance.js';
import { blockColumns, type ResultsTable } from './results-table.js';
import type { SweepResults } from './results-types.js';

export interface HtmlTable {
  caption?: string;
  header: string[];
  rows: string[][];
}

/** A section contributed by another analysis (e.g. the latent-space analyses). */
export interface ReportSection {
  id: string;
  title: string;
  intro?: string;
  tables: HtmlTable[];
  plots: Plot[];
  notes: string[];
}

export interface ReportInput {
  results: SweepResults;
  table: ResultsTable;
  plots: PlotSet;
  provenance: Provenance;
  /** Extra sections; when absent the report says why the latent-space analyses are not in it. */
  sections?: ReportSection[];
  missingSectionsNote?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; } h3 { margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid #e3e3e3; text-align: right; } th:first-child, td:first-child { text-align: left; }
th { background: #f4f4f4; } td.paper { color: #555; background: #fafafa; }
.banner { padding: .6rem 1rem; background: #fff4d6; border: 1px solid #e8c66a; } .note { color: #555; font-size: .9em; }
figure.plot { display: inline-block; margin: .5rem 1rem 1rem 0; vertical-align: top; } figcaption { max-width: 610px; }
table.runs td:last-child { text-align: left; font: 11px monospace; }
pre { background: #f6f6f6; padding: .8rem; overflow: auto; font-size: 12px; } code { font-size: .95em; }
`;

export function tableHtml(t: HtmlTable, paperFrom = Number.POSITIVE_INFINITY, className?: string): string {
  const head = `<tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= paperFrom ? ' class="paper"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${className}"` : ''}>${t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : ''}<thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export function plotHtml(plot: Plot): string {
  // Vega's SVG is generated from our own numbers and labels (escaped by vega), so it is inlined as is.
  return `<figure class="plot" id="${escapeHtml(plot.id)}" data-plot-id="${escapeHtml(plot.id)}" data-series="${escapeHtml(plot.series.join(','))}">
${plot.svg}
<figcaption><b>${escapeHtml(plot.title)}</b>${plot.note ? ` — <span class="note">${escapeHtml(plot.note)}</span>` : ''}</figcaption></figure>`;
}

function resultsSection(table: ResultsTable): string {
  const parts = table.blocks.map((block) => {
    const { header, rows } = blockColumns(block);
    const paperFrom = header.indexOf('paper');
    return `<h3>${escapeHtml(block.benchmark)}${block.dataset ? ` (${escapeHtml(block.dataset)})` : ''}${block.paperTable ? ` — paper ${block.paperTable} beside ours` : ''}</h3>
${block.summary ? `<p class="note">${escapeHtml(block.summary)}</p>` : ''}
${tableHtml({ header, rows }, paperFrom < 0 ? Number.POSITIVE_INFINITY : paperFrom)}
${block.paperNote ? `<p class="note">${escapeHtml(block.paperNote)}; (name) = a paper method this sweep did not run.</p>` : ''}
${block.hasTest ? '' : '<p class="note">This benchmark has no test accuracy: regret is on validation accuracy.</p>'}`;
  });
  return parts.join('\n');
}

function runsTable(results: SweepResults): HtmlTable {
  const pct = (x: number | null) => (x === null ? '-' : (x * 100).toFixed(2));
  return {
    header: ['benchmark', 'method', 'seed', 'status', 'queries', 'budget used', 'best val %', 'its test %', 'val regret %', 'test regret %', 'best architecture'],
    rows: results.runs.map((r) => [r.benchmark, r.method, String(r.seed), r.status, String(r.queries), `${r.budgetUsed} / ${r.budgetLimit} ${r.budgetKind.toLowerCase()}`,
      pct(r.bestValidation), pct(r.bestTest), pct(r.regretValidation), pct(r.regretTest), r.bestKey ?? '-']),
  };
}

function provenanceHtml(input: ReportInput): string {
  const { provenance: p, results } = input;
  const optimum = Object.entries(results.optimum).map(([name, o]) =>
    `<li><code>${escapeHtml(name)}</code>: ${o ? `validation ${o.validationAccuracy}${o.testAccuracy === undefined ? '' : `, test ${o.testAccuracy}`} (from ${o.source === 'database' ? 'completed runs’ summaries' : '@a2v/benchmarks'})` : 'unknown: no regret'}</li>`).join('');
  const benchmarks = p.benchmarks.map((b) => b.info
    ? `<li><code>${escapeHtml(b.name)}</code> — ${escapeHtml(b.info.description)} (${b.size} architectures)<br>search signal: ${escapeHtml(b.info.searchSignal)}<br>reported: ${escapeHtml(b.info.reportedMetric)}<br>cost: ${escapeHtml(b.info.costNote)}<br>source: ${escapeHtml(b.info.source)}</li>`
    : `<li><code>${escapeHtml(b.name)}</code> — info unavailable: ${escapeHtml(b.unavailable ?? '')}</li>`).join('\n');
  return `${codeAndEmbeddingsHtml(p)}<p>Tables and curves are read from the results views of the a2v database.</p>
<h3>Benchmark optimum used for regret</h3><ul>${optimum}</ul>
<h3>Data sources</h3><ul>${benchmarks}</ul>`;
}

export function sectionHtml(section: ReportSection): string {
  return `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>
${section.intro ? `<p>${escapeHtml(section.intro)}</p>` : ''}
${section.tables.map((t) => tableHtml(t)).join('\n')}
${section.plots.map(plotHtml).join('\n')}
${section.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}</section>`;
}

/** Code version and the embedding sets analysed (file or URI, checksums, the checkpoint they came from). */
export function codeAndEmbeddingsHtml(p: Provenance): string {
  const code = p.code.commit ? `<code>${escapeHtml(p.code.commit)}</code>${p.code.dirty ? ' (with uncommitted changes)' : ''}` : escapeHtml(p.code.detail ?? 'unknown');
  const sets = (p.embeddings ?? []).map((e) => `<li><b>${escapeHtml(e.name)}</b> (${escapeHtml(e.encoder)}): <code>${escapeHtml(e.source)}</code> — ${e.count} × ${e.dim}, space ${escapeHtml(e.space)}, sha256 <code>${escapeHtml(e.sha256)}</code>, checkpoint sha256 <code>${escapeHtml(e.checkpointSha256)}</code></li>`).join('\n');
  return `<p>Code version: ${code}. Generated ${escapeHtml(p.generatedAt)}.</p>${sets ? `\n<h3>Embedding sets</h3><ul>${sets}</ul>` : ''}`;
}

/** The page around a report's body: inline CSS, no script, no external reference. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head>
<body>
${body}
</body></html>
`;
}

/** JSON for a <script type="application/json"> block: '<' escaped so no '</script>' can close it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function renderReportHtml(input: ReportInput): string {
  const { results, table, plots } = input;
  const s = results.sweep;
  const banner = results.partial
    ? `<p class="banner" id="partial">Partial results: the sweep is ${escapeHtml(s.status)}; ${table.completedRuns} of ${table.runs} runs completed. Unfinished runs are counted at their incumbent so far (rows marked *).</p>`
    : '';
  const omitted = plots.omitted.map((o) => `<li>${escapeHtml(o.title)}: ${escapeHtml(o.reason)}</li>`).join('');
  const sections = (input.sections ?? []).map(sectionHtml).join('\n');
  const missing = input.sections?.length ? '' : `<section id="latent"><h2>Latent space</h2><p class="note">${escapeHtml(input.missingSectionsNote ?? 'Not included: no embedding set was given.')}</p></section>`;
  return htmlPage(`a2v report — ${s.id}`, `<h1>a2v report — sweep <code>${escapeHtml(s.id)}</code>${s.name ? ` (${escapeHtml(s.name)})` : ''}</h1>
<p>Status <b>${escapeHtml(s.status)}</b>; created ${escapeHtml(s.createdAt.toISOString())}${s.finishedAt ? `, finished ${escapeHtml(s.finishedAt.toISOString())}` : ''}; ${table.runs} runs.</p>
${banner}
<section id="results"><h2>Results</h2>${resultsSection(table)}</section>
<section id="plots"><h2>Plots</h2>
${plots.plots.map(plotHtml).join('\n')}
${omitted ? `<p class="note">Not drawn:</p><ul class="note">${omitted}</ul>` : ''}</section>
${sections}${missing}
<section id="runs"><h2>Runs</h2>${tableHtml(runsTable(results), Number.POSITIVE_INFINITY, 'runs')}</section>
<section id="spec"><h2>Sweep spec</h2><pre>${escapeHtml(JSON.stringify(s.spec, null, 2))}</pre></section>
<section id="provenance"><h2>Provenance</h2>${provenanceHtml(input)}</section>
<script type="application/json" id="a2v-results">${scriptJson({ table, optimum: results.optimum, provenance: input.provenance })}</script>`);
}
