import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { databaseUrl, loadConfig } from '@a2v/config';
import { createPool } from '@a2v/db';
import {
  buildResultsTable,
  curvesJson,
  formatCurvesCsv,
  formatResultsCsv,
  formatResultsText,
  loadRunCurves,
  loadSweepResults,
  UnknownSweepError,
  type SweepResults,
} from '@a2v/reports';
import { checkPostgresUrl } from '@a2v/stack';
import { registerStoredBenchmarks } from './data.js';
import { action, UsageError } from '../output.js';

const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Runs `fn` with a pool on the configured database, turning the usual failures into one clear line. */
export async function withResultsPool<T>(fn: (pool: ReturnType<typeof createPool>) => Promise<T>): Promise<T> {
  const url = databaseUrl(loadConfig());
  await checkPostgresUrl(url);
  const pool = createPool(url, 4);
  try {
    return await fn(pool);
  } catch (error) {
    if (error instanceof UnknownSweepError) throw new UsageError(error.message);
    if ((error as { code?: string }).code === '42P01') {
      throw new Error(`the results views are missing from the database (${(error as Error).message}): run \`npx a2v db migrate\``);
    }
    throw error;
  } finally {
    await pool.end();
  }
}

export function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format: '${value}' is not one of ${FORMATS.join(', ')}`);
  return value as Format;
}

/** One line on stderr, so a partial table piped into a file is still flagged on the terminal. */
export function partialNotice(results: SweepResults): string | undefined {
  if (!results.partial) return undefined;
  const done = results.runs.filter((r) => r.complete).length;
  return `sweep ${results.sweep.id} is ${results.sweep.status}: partial results, ${done} of ${results.runs.length} runs completed (unfinished runs at their incumbent so far)`;
}

function emit(text: string, out: string | undefined): void {
  if (out) {
    writeFileSync(out, text);
    process.stderr.write(`wrote ${out}\n`);
  } else {
    process.stdout.write(text);
  }
}

export function resultsCommand(): Command {
  return new Command('results')
    .argument('<sweepId>')
    .option('--format <format>', `${FORMATS.join(' | ')} (curves: csv or json)`, 'table')
    .option('--curves', 'export the regret curves (per method and per run) instead of the table')
    .option('--out <file>', 'write to FILE instead of stdout')
    .description("a sweep's results in the paper's Table 2/3 layout, with the paper's numbers beside ours")
    .hook('preAction', () => registerStoredBenchmarks())
    .action(action(async (id: string, opts: { format: string; curves?: boolean; out?: string }) => {
      const format = parseFormat(opts.format);
      await withResultsPool(async (pool) => {
        const results = await loadSweepResults(pool, id, { curves: Boolean(opts.curves) });
        const notice = partialNotice(results);
        if (opts.curves) {
          const points = await loadRunCurves(pool, id);
          emit(format === 'json' ? `${JSON.stringify(curvesJson(results, points), null, 2)}\n` : formatCurvesCsv(results, points), opts.out);
        } else {
          const table = buildResultsTable(results);
          const text = { table: () => formatResultsText(table), csv: () => formatResultsCsv(table), json: () => `${JSON.stringify({ ...table, optimum: results.optimum, runs: results.runs }, null, 2)}\n` }[format]();
          emit(text, opts.out);
        }
        if (notice && (format !== 'table' || opts.curves || opts.out)) process.stderr.write(`a2v: ${notice}\n`);
      });
    }));
}
