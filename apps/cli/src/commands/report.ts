import { Command } from 'commander';
import { databaseUrl, findRepoRoot, loadConfig } from '@a2v/config';
import { createPool } from '@a2v/db';
import { buildReport, collectProvenance, sweepEmbeddingSources, writeEmbeddingReport, writeReport } from '@a2v/reports';
import { checkPostgresUrl } from '@a2v/stack';
import { registerStoredBenchmarks } from './data.js';
import { analyzeEmbeddings, asUsageError, DEFAULT_BENCHMARK, expectArch2vec, latentOptions, loadEmbedding, sweepBenchmarksOf, type LoadedEmbedding } from './report-latent.js';
import { partialNotice, withResultsPool } from './results.js';
import { action, UsageError } from '../output.js';

const LATENT_NOTE = 'the latent-space analyses: PCA / t-SNE coloured by accuracy, L2 vs edit distance, nearest-neighbour walk, GP predictive performance';
const log = (line: string) => process.stderr.write(`${line}\n`);

function repoRootOrCwd(): string {
  try {
    return findRepoRoot();
  } catch {
    return process.cwd();
  }
}

function requireOut(out: string | undefined): string {
  // Checked here rather than with requiredOption: commander's own errors in a subcommand exit 1, ours exit 2.
  if (!out?.trim()) throw new UsageError('--out <dir> is required: the directory to write the report into');
  return out;
}

interface SweepReportOptions { out?: string; latent: boolean; mapPoints: string; gpSeeds: string }

async function sweepReport(id: string, opts: SweepReportOptions): Promise<void> {
  const out = requireOut(opts.out);
  const options = latentOptions(opts);
  await withResultsPool(async (pool) => {
    const input = await buildReport(pool, id, { cwd: repoRootOrCwd() });
    const sources = opts.latent ? await sweepEmbeddingSources(pool, id) : [];
    if (!opts.latent) input.missingSectionsNote = `Not included (--no-latent): ${LATENT_NOTE}.`;
    else if (sources.length === 0) {
      input.missingSectionsNote = `Not included: sweep ${id} has no embedding set${input.results.partial ? ' yet' : ''} (none recorded on the sweep, no artifact of kind EMBEDDINGS with meta.sweepId = ${id}), so there are none of ${LATENT_NOTE}. `
        + 'a2v shows no arch2vec numbers it did not compute; `a2v report embeddings --embeddings FILE` analyses any embedding set.';
    } else {
      const sets: LoadedEmbedding[] = [];
      for (const source of sources) sets.push(await loadEmbedding(source.uri, source.encoder, pool));
      const benchmarks = [...new Set(input.results.runs.map((r) => r.benchmark))];
      const latent = await analyzeEmbeddings(sets, (space) => sweepBenchmarksOf(benchmarks, space), options, log);
      input.sections = latent.sections;
      input.provenance.embeddings = sets.map((s) => s.provenance);
    }
    const written = writeReport(out, input);
    console.log(written[0]);
    const notice = partialNotice(input.results);
    if (notice) log(`a2v: ${notice}`);
    log(`${input.plots.plots.length} plots${input.plots.omitted.length ? ` (${input.plots.omitted.map((o) => `${o.title}: ${o.reason}`).join('; ')})` : ''}; ${input.sections?.length ?? 0} latent-space sections`);
  });
}

interface EmbeddingsReportOptions { embeddings?: string; supervised?: string; benchmark?: string; out?: string; mapPoints: string; gpSeeds: string }

/** Opens a pool only when a pg: URI needs one. */
async function withOptionalPool<T>(sources: string[], fn: (pool?: ReturnType<typeof createPool>) => Promise<T>): Promise<T> {
  if (!sources.some((s) => s.startsWith('pg:'))) return fn();
  const url = databaseUrl(loadConfig());
  await checkPostgresUrl(url);
  const pool = createPool(url, 2);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

async function embeddingsReport(opts: EmbeddingsReportOptions): Promise<void> {
  if (!opts.embeddings?.trim()) throw new UsageError('--embeddings <file|uri> is required: the arch2vec embedding set to analyse');
  const out = requireOut(opts.out);
  const options = latentOptions(opts);
  const sources = [opts.embeddings, ...(opts.supervised ? [opts.supervised] : [])];
  await withOptionalPool(sources, async (pool) => {
    const sets = [expectArch2vec(await loadEmbedding(opts.embeddings!, undefined, pool), '--embeddings')];
    if (opts.supervised) sets.push(await loadEmbedding(opts.supervised, 'supervised', pool));
    if (sets.length === 2 && sets[0].space !== sets[1].space) throw new UsageError(`--supervised ${opts.supervised} is for ${sets[1].space}, but --embeddings is for ${sets[0].space}`);
    const { analyses, sections } = await analyzeEmbeddings(sets, async (space) => [opts.benchmark ?? DEFAULT_BENCHMARK[space]], options, log);
    const provenance = { ...(await collectProvenance([...new Set(analyses.map((a) => a.benchmark))], repoRootOrCwd())), embeddings: sets.map((s) => s.provenance) };
    const written = writeEmbeddingReport(out, { title: `a2v latent-space report — ${sets.map((s) => s.provenance.name).join(' vs ')}`, sections, provenance, analyses });
    console.log(written[0]);
  }).catch((error: unknown) => Promise.reject(asUsageError(error)));
}

function embeddingsCommand(): Command {
  return new Command('embeddings')
    .description('write a static HTML report of the latent-space analyses of any embedding set (arch2vec, and optionally a supervised one beside it)')
    .option('--embeddings <file|uri>', 'the arch2vec embedding set: a file, a file: URI or a pg://artifacts/ URI (required)')
    .option('--supervised <file|uri>', 'a supervised encoder\'s embedding set of the same space, compared beside arch2vec')
    .option('--benchmark <name>', 'benchmark whose accuracies label the architectures (default: nb201-cifar10 / nb101-20k by space)')
    .option('--out <dir>', 'directory to write index.html, plots/*.svg and latent.json into (required)')
    .option('--map-points <n>', 'architectures drawn in the PCA and t-SNE maps', '1000')
    .option('--gp-seeds <n>', 'seeds of the GP predictive-performance estimate (the paper: 10)', '10')
    .action(action(embeddingsReport));
}

export function reportCommand(): Command {
  return new Command('report')
    .argument('<sweepId>')
    .option('--out <dir>', 'directory to write index.html (self-contained), plots/*.svg and results.csv into (required)')
    .option('--no-latent', 'leave out the latent-space analyses of the sweep\'s embedding sets')
    .option('--map-points <n>', 'architectures drawn in the PCA and t-SNE maps', '1000')
    .option('--gp-seeds <n>', 'seeds of the GP predictive-performance estimate (the paper: 10)', '10')
    .description('write a static HTML report of a sweep: tables beside the paper, regret plots, latent-space analyses of its embedding sets, spec and provenance')
    .hook('preAction', () => registerStoredBenchmarks())
    // Options after `embeddings` are its own (both have --out and --map-points).
    .enablePositionalOptions()
    .addCommand(embeddingsCommand())
    .action(action(sweepReport));
}
