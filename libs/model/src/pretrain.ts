/**
 * End-to-end pre-training of one space: load the architectures, train (resuming from the checkpoint
 * when one exists), then measure the Table-1 metrics on the held-out graphs and on prior samples.
 */
import { existsSync } from 'node:fs';
import type { TrainingState } from './checkpoint.js';
import { loadDataset, sourceFor, type ArchitectureSource } from './space-data.js';
import { latentStats, priorSampleMetrics, reconstructionMetrics, type ReconstructionMetrics, type SampleMetrics } from './metrics.js';
import { trainConfig, type SpaceName, type TrainConfig } from './model-config.js';
import { SeededRng } from './rng.js';
import { Trainer, runSplit, type EpochEvent, type StepEvent } from './trainer.js';

export interface PretrainOptions {
  readonly space: SpaceName;
  readonly config?: Partial<Omit<TrainConfig, 'model'>>;
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

export function pretrain(options: PretrainOptions): PretrainResult {
  const config = trainConfig(options.space, options.config);
  const source = options.source ?? sourceFor(options.space);
  const data = loadDataset(source, config.subset ?? source.count);
  const resume = options.checkpointPath !== undefined && existsSync(options.checkpointPath);
  const trainer = resume ? Trainer.resume(options.checkpointPath!, config, data) : Trainer.create(config, data);
  const started = performance.now();
  const result = trainer.run({ checkpointPath: options.checkpointPath, checkpointEvery: options.checkpointEvery, onStep: options.onStep, onEpoch: options.onEpoch });
  const trainSeconds = (performance.now() - started) / 1000;
  const { train, heldOut } = runSplit(config, data.count);
  const { weights } = result.state;
  const stats = latentStats(config.model, weights, data, train);
  // The sampling stream is its own jump of the seed, independent of how long training ran.
  const prior = priorSampleMetrics(config.model, weights, stats, SeededRng.fromSeed(config.seed).jumped(3), options.samples ?? 10_000);
  return {
    config,
    state: result.state,
    checkpointSha256: result.checkpointSha256,
    heldOut: reconstructionMetrics(config.model, weights, data, heldOut),
    prior,
    trainSeconds,
  };
}
