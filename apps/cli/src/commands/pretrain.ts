/**
 * `a2v pretrain`: arch2vec pre-training on this machine, in one process or in data-parallel shards
 * (worker threads), resumable from its checkpoint; prints the paper's Table-1 metrics beside ours and
 * optionally writes the embedding set of the whole space. Distributed pre-training runs through sweeps.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import type { ShardedPretrainResult, SpaceName, TrainingMode } from '@a2v/model';
import { action, printJson, UsageError } from '../output.js';
import { formatTable1, type PretrainSummary } from './pretrain-table.js';

const SPACES: Record<string, SpaceName> = { nb101: 'nasbench101', nb201: 'nasbench201' };

interface PretrainFlags {
  space: string;
  local?: boolean;
  shards: string;
  epochs?: string;
  subset?: string;
  seed?: string;
  mode?: string;
  strategy: string;
  stepsPerRound?: string;
  checkpoint?: string;
  checkpointEvery?: string;
  embeddingsOut?: string;
  samples: string;
  json?: boolean;
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got '${value}'`);
  return n;
}

function parseFlags(flags: PretrainFlags) {
  const space = SPACES[flags.space];
  if (!space) throw new UsageError(`--space '${flags.space}': expected nb101 or nb201`);
  if (!flags.local) throw new UsageError('pre-training on several machines runs through `a2v sweep`; pass --local to pre-train on this machine');
  if (flags.mode !== undefined && flags.mode !== 'vae' && flags.mode !== 'reference') throw new UsageError(`--mode '${flags.mode}': expected vae or reference`);
  if (flags.strategy !== 'gradient' && flags.strategy !== 'local-adam') throw new UsageError(`--strategy '${flags.strategy}': expected gradient or local-adam`);
  if (flags.embeddingsOut && !flags.checkpoint) throw new UsageError('--embeddings-out needs --checkpoint: an embedding set names the checkpoint that produced it');
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got '${flags.seed}'`);
  const config = {
    ...(flags.mode ? { mode: flags.mode as TrainingMode } : {}),
    ...(flags.epochs ? { epochs: positiveInt('--epochs', flags.epochs) } : {}),
    ...(flags.subset ? { subset: positiveInt('--subset', flags.subset) } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  return {
    space,
    config,
    shards: positiveInt('--shards', flags.shards)!,
    strategy: flags.strategy as 'gradient' | 'local-adam',
    stepsPerRound: positiveInt('--steps-per-round', flags.stepsPerRound),
    checkpointEvery: positiveInt('--checkpoint-every', flags.checkpointEvery),
    samples: positiveInt('--samples', flags.samples)!,
  };
}

const log = (line: string): boolean => process.stderr.write(`${line}\n`);

// The model library (tfjs) loads only when a command needs it.
type ModelLib = typeof import('@a2v/model');

async function train(model: ModelLib, flags: PretrainFlags): Promise<ShardedPretrainResult> {
  const { pretrain, pretrainSharded } = model;
  const options = parseFlags(flags);
  const common = { space: options.space, config: options.config, checkpointPath: flags.checkpoint, checkpointEvery: options.checkpointEvery, samples: options.samples };
  if (flags.checkpoint && existsSync(flags.checkpoint)) log(`resuming from ${flags.checkpoint}`);
  if (options.shards === 1) {
    const result = pretrain({ ...common, onEpoch: (e) => log(`epoch ${e.epoch + 1} (${e.phase}): mean loss ${e.meanLoss.toFixed(5)} in ${e.seconds.toFixed(1)} s`) });
    return { ...result, finished: true };
  }
  let reported = performance.now();
  return pretrainSharded({
    ...common,
    shards: options.shards,
    strategy: options.strategy,
    stepsPerRound: options.stepsPerRound,
    onRound: (round, rounds, loss) => {
      if (performance.now() - reported < 10_000 && round + 1 < rounds) return;
      reported = performance.now();
      log(`round ${round + 1}/${rounds}: mean shard loss ${loss.toFixed(5)}`);
    },
  });
}

export function pretrainCommand(): Command {
  return new Command('pretrain')
    .description("pre-train arch2vec's graph autoencoder on every architecture of a space; prints the Table-1 metrics")
    .requiredOption('--space <space>', 'nb101 | nb201')
    .option('--local', 'train on this machine (worker threads for --shards > 1)')
    .option('--shards <n>', 'data-parallel shards (each a worker thread), averaged every round', '1')
    .option('--epochs <n>', 'epochs (default: the reference\'s, 8 for nb101, 10 for nb201; a resumed run may extend them)')
    .option('--subset <n>', 'train on the first n architectures of the space only')
    .option('--seed <n>', 'seed (default: the reference\'s, 1 for nb101, 3 for nb201)')
    .option('--mode <mode>', "'reference' (the official code: eval mode after epoch 1; default) or 'vae'")
    .option('--strategy <strategy>', "sharded: 'gradient' (averaged gradients, one step per round) or 'local-adam'", 'gradient')
    .option('--steps-per-round <n>', "sharded 'local-adam': batches per shard between averagings")
    .option('--checkpoint <file>', 'checkpoint file: resumed when it exists, rewritten atomically as the run goes')
    .option('--checkpoint-every <n>', 'also checkpoint every n steps (sharded: rounds; default once per epoch)')
    .option('--embeddings-out <file>', 'then write the embedding set of every architecture of the space (needs --checkpoint)')
    .option('--samples <n>', 'prior samples for validity and uniqueness', '10000')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (flags: PretrainFlags) => {
        parseFlags(flags);
        const model = await import('@a2v/model');
        const { CheckpointCorruptError, CheckpointMismatchError, ModelConfigError, sourceFor, writeEmbeddingSet } = model;
        const backend = await model.initBackend({ log });
        let result: ShardedPretrainResult;
        try {
          result = await train(model, flags);
        } catch (error) {
          // A checkpoint of another run, a corrupt one or a bad option is bad input (exit 2), not a failure.
          if ([CheckpointCorruptError, CheckpointMismatchError, ModelConfigError].some((k) => error instanceof k)) throw new UsageError((error as Error).message);
          throw error;
        }
        const summary: PretrainSummary = {
          backend: backend.choice,
          step: model.trainingStepKind(result.config.model),
          space: result.config.model.space,
          mode: result.config.mode,
          epochs: result.config.epochs,
          graphs: result.state.datasetCount,
          shards: result.state.shards?.count ?? 1,
          trainSeconds: Math.round(result.trainSeconds * 10) / 10,
          finalLoss: result.state.losses.at(-1),
          heldOut: result.heldOut,
          prior: result.prior,
          checkpoint: flags.checkpoint ? { path: flags.checkpoint, sha256: result.checkpointSha256 } : undefined,
        };
        if (flags.embeddingsOut && result.checkpointSha256) {
          const started = performance.now();
          const source = sourceFor(result.config.model.space);
          const written = writeEmbeddingSet(flags.embeddingsOut, { model: result.config.model, weights: result.state.weights, source, checkpointSha256: result.checkpointSha256 });
          summary.embeddings = { path: flags.embeddingsOut, ...written, seconds: Math.round((performance.now() - started) / 100) / 10 };
        }
        if (flags.json) printJson(summary);
        else process.stdout.write(formatTable1(summary));
      }),
    );
}
