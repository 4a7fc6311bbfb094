import { Command } from 'commander';
import { findRepoRoot } from '@a2v/config';
import { buildReport, writeReport } from '@a2v/reports';
import { registerStoredBenchmarks } from './data.js';
import { partialNotice, withResultsPool } from './results.js';
import { action, UsageError } from '../output.js';

// Until @a2v/model exports a reader for its embedding sets, the report cannot take one here; the
// analyses themselves are in @a2v/reports (analyzeEmbedding + latentSection).
const NO_EMBEDDINGS = 'Not included: the latent-space analyses (PCA / t-SNE, L2 vs edit distance, nearest-neighbour walk, GP predictive performance) '
  + 'need an arch2vec embedding set, which `a2v report` cannot read yet. a2v shows no arch2vec numbers it did not compute.';

function repoRootOrCwd(): string {
  try {
    return findRepoRoot();
  } catch {
    return process.cwd();
  }
}

export function reportCommand(): Command {
  return new Command('report')
    .argument('<sweepId>')
    .option('--out <dir>', 'directory to write index.html (self-contained), plots/*.svg and results.csv into (required)')
    .description('write a static HTML report of a sweep: tables beside the paper, regret plots, spec and provenance')
    .hook('preAction', () => registerStoredBenchmarks())
    // Checked here rather than with requiredOption: commander's own errors in a subcommand exit 1, ours exit 2.
    .action(action(async (id: string, opts: { out?: string }) => {
      if (!opts.out?.trim()) throw new UsageError('--out <dir> is required: the directory to write the report into');
      await withResultsPool(async (pool) => {
        const input = await buildReport(pool, id, { cwd: repoRootOrCwd(), missingSectionsNote: NO_EMBEDDINGS });
        const written = writeReport(opts.out!, input);
        console.log(written[0]);
        const notice = partialNotice(input.results);
        if (notice) process.stderr.write(`a2v: ${notice}\n`);
        process.stderr.write(`${input.plots.plots.length} plots${input.plots.omitted.length ? ` (${input.plots.omitted.map((o) => `${o.title}: ${o.reason}`).join('; ')})` : ''}\n`);
      });
    }));
}
