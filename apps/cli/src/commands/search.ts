import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  METHOD_NAMES,
  SearchInputError,
  formatBudget,
  fromModelEmbeddingSet,
  runSearch,
  type EmbeddingSet,
  type SearchCheckpoint,
  type SearchMode,
  type SearchRun,
} from '@a2v/search';
import { action, printJson, UsageError } from '../output.js';
import { registerStoredBenchmarks } from './data.js';
import { supervisedEncoderCommand } from './search-supervised.js';

export interface SearchCommandOptions {
  benchmark: string;
  method: string;
  seed: string;
  budget: string;
  embeddings?: string;
  mode: string;
  resume?: string;
  checkpoint?: string;
  json?: boolean;
}

/**
 * An embedding-set file as @a2v/search takes it; a supervised encoder's file keeps its kind.
 * @a2v/model (and tfjs with it) loads only here, so the other commands start fast.
 */
export async function loadEmbeddingFile(path: string): Promise<EmbeddingSet> {
  if (!existsSync(path)) throw new UsageError(`--embeddings ${path}: no such file`);
  const { EmbeddingSetError, readEmbeddingSetWithProvenance } = await import('@a2v/model');
  try {
    const { set, supervised } = readEmbeddingSetWithProvenance(path);
    return fromModelEmbeddingSet(set, supervised ? 'supervised' : 'arch2vec');
  } catch (error) {
    if (error instanceof EmbeddingSetError) throw new UsageError(`--embeddings ${path}: ${error.message}`);
    throw error;
  }
}

function loadCheckpoint(path: string): SearchCheckpoint {
  if (!existsSync(path)) throw new UsageError(`--resume ${path}: no such file`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SearchCheckpoint;
  } catch (error) {
    throw new UsageError(`--resume ${path}: not a search checkpoint (${(error as Error).message})`);
  }
}

function parseSeed(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--seed ${JSON.stringify(text)}: expected an integer in 0..2147483647`);
  return Number(text);
}

/** Runs one search in-process; input problems (SearchInputError) become usage errors, before any query. */
export async function searchOnce(options: SearchCommandOptions): Promise<SearchRun> {
  registerStoredBenchmarks();
  const embeddings = options.embeddings === undefined ? undefined : await loadEmbeddingFile(options.embeddings);
  const checkpointPath = options.checkpoint;
  try {
    return await runSearch({
      benchmark: options.benchmark,
      method: options.method,
      seed: parseSeed(options.seed),
      budget: options.budget,
      mode: options.mode as SearchMode,
      embeddings,
      resume: options.resume === undefined ? undefined : loadCheckpoint(options.resume),
      onCheckpoint: checkpointPath === undefined ? undefined : (checkpoint) => {
        // Atomic: a crash leaves the previous checkpoint, never a half-written one.
        writeFileSync(`${checkpointPath}.partial`, JSON.stringify(checkpoint));
        renameSync(`${checkpointPath}.partial`, checkpointPath);
      },
    });
  } catch (error) {
    if (error instanceof SearchInputError) throw new UsageError(error.message);
    throw error;
  }
}

const percent = (fraction: number | undefined): string => (fraction === undefined ? 'n/a' : `${(100 * fraction).toFixed(2)} %`);
const points = (fraction: number | undefined): string => (fraction === undefined ? 'n/a' : `${(100 * fraction).toFixed(2)} pp`);

/** The trajectory summary as lines of text. */
export function summaryLines(run: SearchRun, wallSeconds: number): string[] {
  const { summary } = run;
  const lines = [
    `${run.benchmark} · ${run.method} (${run.mode}) · seed ${run.seed} · budget ${formatBudget(run.budget)}${run.embeddingSourceId ? ` · embeddings ${run.embeddingSourceId}` : ''}`,
    `queries           ${summary.queries}`,
    `cost used         ${summary.cost.used.toLocaleString('en-US', { maximumFractionDigits: 1 })} of ${summary.cost.limit.toLocaleString('en-US')} ${summary.cost.unit}`,
  ];
  if (summary.simulatedSeconds !== undefined) lines.push(`simulated time    ${summary.simulatedSeconds.toLocaleString('en-US', { maximumFractionDigits: 0 })} s`);
  if (summary.best) {
    lines.push(`best validation   ${percent(summary.best.validationAccuracy)}  (${summary.best.key})`);
    lines.push(`its test accuracy ${percent(summary.best.testAccuracy)}`);
    lines.push(`regret            validation ${points(summary.regret?.validation)}, test ${points(summary.regret?.test)}`);
  }
  lines.push(`wall time         ${wallSeconds.toFixed(1)} s`);
  return lines;
}

export function searchCommand(): Command {
  const command = new Command('search')
    .description('run one search in-process (no Temporal, no database) and print its trajectory summary')
    .option('--benchmark <name>', 'a benchmark of `a2v data list`, e.g. nb201-cifar10')
    .option('--method <name>', METHOD_NAMES.join(' | '))
    .option('--seed <n>', 'integer 0..2147483647', '1')
    .option('--budget <budget>', "queries ('100q') or simulated training seconds ('1e6s', NAS-Bench-101 only)")
    .option('--embeddings <file>', 'embedding set (arch2vec from pre-training, or `a2v search supervised-encoder`); the arch2vec-*/supervised-* methods')
    .option('--mode <mode>', "clean (default) | reference: the official code's behaviour (embedding methods)", 'clean')
    .option('--checkpoint <file>', 'write {state, trajectory} after every round, to --resume from')
    .option('--resume <file>', 'continue a run from a --checkpoint file (same method, seed, benchmark, embeddings)')
    .option('--json', 'print the summary as JSON')
    .action(action(async (options: SearchCommandOptions) => {
      for (const required of ['benchmark', 'method', 'budget'] as const) {
        if (options[required] === undefined) throw new UsageError(`--${required} is required (see a2v search --help)`);
      }
      const started = performance.now();
      const run = await searchOnce(options);
      const wallSeconds = (performance.now() - started) / 1000;
      if (options.json) printJson({ ...run.summary, benchmark: run.benchmark, method: run.method, mode: run.mode, seed: run.seed, budget: run.budget, embeddingSourceId: run.embeddingSourceId, wallSeconds });
      else console.log(summaryLines(run, wallSeconds).join('\n'));
    }));
  // Options after `supervised-encoder` are its own, not this command's (both have --benchmark, --seed).
  command.enablePositionalOptions().addCommand(supervisedEncoderCommand());
  return command;
}
