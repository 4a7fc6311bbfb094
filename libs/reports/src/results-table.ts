/**
 * The paper's Table 2 / Table 3 layout for one sweep: per benchmark, one row per method with our
 * mean ± std over seeds and, where the benchmark matches, the paper's numbers beside them (and
 * the paper's other methods as rows of their own, with no numbers of ours).
 */
import { listBenchmarks } from '@a2v/benchmarks';
import { paperComparison, paperMethodName, type MeanStd, type PaperComparison } from './paper-reference.js';
import type { MethodResult, Stat, SweepResults } from './results-types.js';

export interface PaperNumbers {
  method: string;
  validation?: MeanStd;
  test?: MeanStd;
  queries?: number;
  finalTestRegret?: number;
}

export interface ResultsRow {
  /** Our method name; for a paper-only row, the paper's name. */
  method: string;
  ours?: MethodResult;
  /** Fewer runs completed than launched: the numbers include incumbents so far. */
  partial: boolean;
  paper?: PaperNumbers;
}

export interface ResultsBlock {
  benchmark: string;
  dataset?: string;
  summary?: string;
  paperTable?: PaperComparison['table'];
  paperNote?: string;
  /** Whether our numbers have a test accuracy (nb101-20k has none: validation only). */
  hasTest: boolean;
  rows: ResultsRow[];
}

export interface ResultsTable {
  sweepId: string;
  name: string | null;
  status: string;
  partial: boolean;
  runs: number;
  completedRuns: number;
  blocks: ResultsBlock[];
}

function paperNumbers(comparison: PaperComparison | undefined, paperName: string | undefined): PaperNumbers | undefined {
  if (!comparison || !paperName) return undefined;
  if (comparison.table === 'Table 3') {
    const row = comparison.rows.find((r) => r.method === paperName);
    return row && { method: row.method, validation: row.validation, test: row.test };
  }
  const row = comparison.rows.find((r) => r.method === paperName);
  return row && { method: row.method, queries: row.queries, test: { mean: row.testAccuracy }, finalTestRegret: row.finalTestRegret };
}

export function buildResultsTable(results: SweepResults): ResultsTable {
  const benchmarks = [...new Set(results.methods.map((m) => m.benchmark))];
  const blocks = benchmarks.map((benchmark): ResultsBlock => {
    const listing = listBenchmarks().find((b) => b.name === benchmark);
    const comparison = paperComparison(benchmark);
    const ours = results.methods.filter((m) => m.benchmark === benchmark);
    const rows: ResultsRow[] = ours.map((m) => ({
      method: m.method, ours: m, partial: m.completedRuns < m.runs,
      paper: paperNumbers(comparison, paperMethodName(m.method)),
    }));
    const shown = new Set(rows.map((r) => r.paper?.method));
    for (const paperRow of comparison?.rows ?? []) {
      if (!shown.has(paperRow.method)) rows.push({ method: paperRow.method, partial: false, paper: paperNumbers(comparison, paperRow.method) });
    }
    return {
      benchmark, dataset: listing?.dataset, summary: listing?.summary, paperTable: comparison?.table, paperNote: comparison?.note,
      hasTest: ours.some((m) => m.test.mean !== null), rows,
    };
  });
  return {
    sweepId: results.sweep.id, name: results.sweep.name, status: results.sweep.status, partial: results.partial,
    runs: results.runs.length, completedRuns: results.runs.filter((r) => r.complete).length, blocks,
  };
}

const pct = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || Number.isNaN(x) ? '-' : (x * 100).toFixed(digits));
const pm = (s: Stat | MeanStd | undefined, digits = 2): string => {
  if (!s || s.mean === null) return '-';
  return s.std === null || s.std === undefined ? pct(s.mean, digits) : `${pct(s.mean, digits)} ± ${pct(s.std, digits)}`;
};

/** Text columns, left-aligned first column, right-aligned others. */
export function alignColumns(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The row cells of one block, in its layout (Table 3 for NB201, Table 2 for NB101, ours only otherwise). */
export function blockColumns(block: ResultsBlock): { header: string[]; rows: string[][] } {
  const metric = block.hasTest ? 'test' : 'val';
  const header = ['method', 'runs', 'queries', 'val acc %', 'test acc %', `${metric} regret % (median)`];
  if (block.paperTable === 'Table 3') header.push('paper', 'paper val %', 'paper test %');
  if (block.paperTable === 'Table 2') header.push('paper', 'paper queries', 'paper test %', 'paper test regret % @1e6 s');
  const rows = block.rows.map((row) => {
    const m = row.ours;
    const regret = block.hasTest ? m?.regretTest : m?.regretValidation;
    const cells = m
      ? [`${row.method}${row.partial ? ' *' : ''}`, `${m.completedRuns}/${m.runs}`, m.meanQueries.toFixed(0), pm(m.validation), pm(m.test),
        regret && regret.mean !== null ? `${pct(regret.mean, 3)} (${pct(regret.median, 3)})` : '-']
      : [`(${row.method})`, '-', '-', '-', '-', '-'];
    const p = row.paper;
    if (block.paperTable === 'Table 3') cells.push(p?.method ?? '-', pm(p?.validation), pm(p?.test));
    if (block.paperTable === 'Table 2') cells.push(p?.method ?? '-', p?.queries === undefined ? '-' : String(p.queries), pm(p?.test), pct(p?.finalTestRegret, 3));
    return cells;
  });
  return { header, rows };
}

export function formatResultsText(table: ResultsTable): string {
  const out: string[] = [`sweep ${table.sweepId}${table.name ? ` (${table.name})` : ''}: ${table.status}`];
  if (table.partial) {
    out.push(`PARTIAL RESULTS: ${table.completedRuns} of ${table.runs} runs completed; rows marked * include unfinished runs at their incumbent so far`);
  }
  for (const block of table.blocks) {
    out.push('', `${block.benchmark}${block.dataset ? ` (${block.dataset})` : ''}${block.paperTable ? `: paper ${block.paperTable} beside ours` : ''}`);
    if (block.summary) out.push(`  ${block.summary}`);
    const { header, rows } = blockColumns(block);
    out.push(...alignColumns(header, rows).map((l) => `  ${l}`));
    if (block.paperNote) out.push(`  ${block.paperNote}; (name) = a paper method this sweep did not run`);
    if (!block.hasTest) out.push('  this benchmark has no test accuracy: regret is on validation accuracy');
  }
  return `${out.join('\n')}\n`;
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const RESULTS_CSV_HEADER = [
  'sweep_id', 'benchmark', 'method', 'partial', 'runs', 'completed_runs', 'mean_queries', 'mean_simulated_seconds',
  'validation_mean', 'validation_std', 'validation_median', 'test_mean', 'test_std', 'test_median',
  'regret_validation_mean', 'regret_validation_std', 'regret_validation_median', 'regret_test_mean', 'regret_test_std', 'regret_test_median',
  'paper_table', 'paper_method', 'paper_validation_mean', 'paper_validation_std', 'paper_test_mean', 'paper_test_std', 'paper_queries', 'paper_final_test_regret',
];

export function formatResultsCsv(table: ResultsTable): string {
  const lines = [RESULTS_CSV_HEADER.join(',')];
  for (const block of table.blocks) {
    for (const row of block.rows) {
      const m = row.ours;
      const stat = (s: Stat | undefined) => [s?.mean, s?.std, s?.median];
      const p = row.paper;
      lines.push([
        table.sweepId, block.benchmark, row.method, row.partial, m?.runs, m?.completedRuns, m?.meanQueries, m?.meanSimulatedSeconds,
        ...stat(m?.validation), ...stat(m?.test), ...stat(m?.regretValidation), ...stat(m?.regretTest),
        p ? block.paperTable : undefined, p?.method, p?.validation?.mean, p?.validation?.std, p?.test?.mean, p?.test?.std, p?.queries, p?.finalTestRegret,
      ].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

export { csvCell };
