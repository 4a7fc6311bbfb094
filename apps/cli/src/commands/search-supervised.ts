import { Command } from 'commander';
import { getBenchmark } from '@a2v/benchmarks';
import { action, printJson, UsageError } from '../output.js';
import { registerStoredBenchmarks } from './data.js';

function positiveInteger(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a positive integer`);
  return Number(text);
}

/** `a2v search supervised-encoder`: the embedding set the supervised-rl / supervised-bo baselines search. */
export function supervisedEncoderCommand(): Command {
  return new Command('supervised-encoder')
    .description('train the supervised baselines\' encoder (GIN → accuracy) on a seeded sample of a benchmark\'s labels and embed its whole space')
    .requiredOption('--benchmark <name>', 'whose validation accuracies train the encoder, e.g. nb201-cifar10')
    .requiredOption('--out <file>', 'embedding-set file to write (for a2v search --embeddings)')
    .option('--labelled <n>', 'labelled architectures to train on (default: one search budget of the paper, 100 on NAS-Bench-201, 400 on NAS-Bench-101)')
    .option('--seed <n>', 'sample, init and batch order', '1')
    .option('--epochs <n>', 'training epochs (default 200)')
    .action(action(async (options: { benchmark: string; out: string; labelled?: string; seed: string; epochs?: string }) => {
      registerStoredBenchmarks();
      const labelled = positiveInteger('--labelled', options.labelled);
      if (!/^\d+$/.test(options.seed)) throw new UsageError(`--seed ${JSON.stringify(options.seed)}: expected an integer >= 0`);
      const seed = Number(options.seed);
      const epochs = positiveInteger('--epochs', options.epochs);
      let benchmark;
      try {
        benchmark = await getBenchmark(options.benchmark);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const { ModelConfigError, buildSupervisedEmbeddingSet, initBackend } = await import('@a2v/model');
      await initBackend({ log: (line) => process.stderr.write(`${line}\n`) });
      const started = performance.now();
      try {
        const written = buildSupervisedEmbeddingSet(options.out, { benchmark, labelled, seed, epochs, log: (line) => process.stderr.write(`${line}\n`) });
        printJson({ out: options.out, ...written, seconds: Math.round((performance.now() - started) / 100) / 10 });
      } catch (error) {
        if (error instanceof ModelConfigError) throw new UsageError(error.message);
        throw error;
      }
    }));
}
