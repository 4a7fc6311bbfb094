/**
 * `a2v report`: gathers a sweep's results, plots and provenance and writes DIR/index.html (self-
 * contained) plus each plot as DIR/plots/<id>.svg and the table as DIR/results.csv for reuse.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { sweepPlots, type Plot } from './plots.js';
import { collectProvenance } from './provenance.js';
import { renderReportHtml, type ReportInput, type ReportSection } from './report-html.js';
import { loadSweepResults, type OptimumLookup } from './results-data.js';
import { buildResultsTable, formatResultsCsv } from './results-table.js';

export interface BuildReportOptions {
  sections?: ReportSection[];
  missingSectionsNote?: string;
  /** Where to ask git for the code version (default: the current directory). */
  cwd?: string;
  optimumOf?: OptimumLookup;
}

export async function buildReport(pool: pg.Pool, sweepId: string, options: BuildReportOptions = {}): Promise<ReportInput> {
  const results = await loadSweepResults(pool, sweepId, { optimumOf: options.optimumOf });
  const benchmarks = [...new Set(results.runs.map((r) => r.benchmark))];
  return {
    results, table: buildResultsTable(results), plots: await sweepPlots(results),
    provenance: await collectProvenance(benchmarks, options.cwd),
    sections: options.sections, missingSectionsNote: options.missingSectionsNote,
  };
}

/** Writes each plot as DIR/plots/<id>.svg; returns the paths. */
export function writePlots(dir: string, plots: Plot[]): string[] {
  mkdirSync(join(dir, 'plots'), { recursive: true });
  return plots.map((plot) => {
    const path = join(dir, 'plots', `${plot.id.replace(/[^A-Za-z0-9._-]/g, '_')}.svg`);
    writeFileSync(path, plot.svg);
    return path;
  });
}

/** Writes the report; returns the paths written, index.html first. */
export function writeReport(dir: string, input: ReportInput): string[] {
  mkdirSync(dir, { recursive: true });
  const index = join(dir, 'index.html');
  writeFileSync(index, renderReportHtml(input));
  const written = [index, ...writePlots(dir, [...input.plots.plots, ...(input.sections ?? []).flatMap((s) => s.plots)])];
  const csv = join(dir, 'results.csv');
  writeFileSync(csv, formatResultsCsv(input.table));
  written.push(csv);
  return written;
}
