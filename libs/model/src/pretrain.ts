/**
 * End-to-end pre-training of one space: load the architectures, train (resuming from the checkpoint
 * when one exists) in one process or in data-parallel shards, then measure the Table-1 metrics on
 * the held-out graphs and on prior samples.
 */
import { existsSync } from 'node:fs';
import { readCheckpoint, type TrainingState } from './checkpoint.js';
import { CheckpointMismatchError } from './errors.js';
import type { GraphDataset } from './graph-data.js';
import { loadDataset, sourceFor, type ArchitectureSource } from './space-data.js';
import { latentStats, priorSampleMetrics, reconstructionMetrics, type ReconstructionMetrics, type SampleMetrics } from './metrics.js';
import { trainConfig, type SpaceName, type TrainConfig } from './model-config.js';
import { SeededRng } from './rng.js';
import { runShardedTraining, type ShardedRunOptions } from './sharded-driver.js';
import type { ModelWeights } from './train-step.js';
import { Trainer, runSplit, type EpochEvent, type StepEvent } from './trainer.js';

export interface PretrainOptions {
  readonly space: SpaceName;
  readonly config?: Partial<Omit<TrainConfig, 'model'>> & { model?: Partial<TrainConfig['model']> };
  readonly source?: ArchitectureSource;
  readonly checkpointPath?: string;
  readonly checkpointEvery?: number;
  /** Prior samples for validity/uniqueness (paper: 10,000). */
  readonly samples?: number;
  readonly onStep?: (event: StepEvent) => void;
  readonly onEpoch?: (event: EpochEvent) => void;
}

export interface PretrainResult {
  readonly config: TrainConfig;
  readonly state: TrainingState;
  readonly checkpointSha256?: string;
  readonly heldOut: ReconstructionMetrics;
  readonly prior: SampleMetrics;
  readonly trainSeconds: number;
}

/** The Table-1 metrics of trained weights: held-out reconstruction, and validity/uniqueness of prior samples. */
export function evaluatePretraining(config: TrainConfig, data: GraphDataset, weights: ModelWeights, samples = 10_000): { heldOut: ReconstructionMetrics; prior: SampleMetrics } {
  const { train, heldOut } = runSplit(config, data.count);
  const stats = latentStats(config.model, weights, data, train);
  // The sampling stream is its own jump of the seed, independent of how long training ran.
  const prior = priorSampleMetrics(config.model, weights, stats, SeededRng.fromSeed(config.seed).jumped(3), samples);
  return { heldOut: reconstructionMetrics(config.model, weights, data, heldOut), prior };
}

/** Loads the run's architectures, after checking (cheaply, before NB101's 423,624 graphs) that a checkpoint to resume is of this space. */
function loadRun(options: PretrainOptions): { config: TrainConfig; data: GraphDataset } {
  const config = trainConfig(options.space, options.config);
  const path = options.checkpointPath;
  if (path && existsSync(path)) {
    const found = readCheckpoint(path).state.config.model.space;
    if (found !== config.model.space) throw new CheckpointMismatchError(path, 'model.space', config.model.space, found);
  }
  const source = options.source ?? sourceFor(options.space);
  return { config, data: loadDataset(source, config.subset ?? source.count) };
}

export function pretrain(options: PretrainOptions): PretrainResult {
  const { config, data } = loadRun(options);
  const resume = options.checkpointPath !== undefined && existsSync(options.checkpointPath);
  const trainer = resume ? Trainer.resume(options.checkpointPath!, config, data) : Trainer.create(config, data);
  const started = performance.now();
  const result = trainer.run({ checkpointPath: options.checkpointPath, checkpointEvery: options.checkpointEvery, onStep: options.onStep, onEpoch: options.onEpoch });
  const trainSeconds = (performance.now() - started) / 1000;
  return { config, state: result.state, checkpointSha256: result.checkpointSha256, ...evaluatePretraining(config, data, result.state.weights, options.samples), trainSeconds };
}

export type ShardedPretrainOptions = Omit<PretrainOptions, 'onStep' | 'onEpoch'> &
  Pick<ShardedRunOptions, 'shards' | 'strategy' | 'stepsPerRound' | 'useWorkers' | 'stopAfterRounds' | 'onRound'>;

/**
 * Data-parallel pre-training in local worker threads (sharded-driver.ts); resumes from the
 * checkpoint when it exists. `checkpointEvery` counts rounds here.
 */
export type ShardedPretrainResult = Omit<PretrainResult, 'heldOut' | 'prior'> & {
  readonly finished: boolean;
  /** Measured only when the run finished (not after `stopAfterRounds`). */
  readonly heldOut?: ReconstructionMetrics;
  readonly prior?: SampleMetrics;
};

export async function pretrainSharded(options: ShardedPretrainOptions): Promise<ShardedPretrainResult> {
  const { config, data } = loadRun(options);
  const started = performance.now();
  const run = await runShardedTraining({ ...options, config, data, resume: true });
  const trainSeconds = (performance.now() - started) / 1000;
  const metrics = run.finished ? evaluatePretraining(config, data, run.weights, options.samples) : {};
  return { config, state: run.state, checkpointSha256: run.checkpointSha256, trainSeconds, finished: run.finished, ...metrics };
}
