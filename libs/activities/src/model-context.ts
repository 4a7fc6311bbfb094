/**
 * What the pretrain and embed activities of one worker process share: the tfjs backend (initialised
 * once), each job's dataset and shard partition (built once per process, not per round) and one
 * stepper per model configuration. Also the mapping of model/artifact errors onto Temporal failures.
 */
import { ArtifactChecksumError, ArtifactNotFoundError } from '@a2v/artifacts';
import { createLogger } from '@a2v/config';
import {
  initBackend,
  loadDataset,
  ModelError,
  partitionIndices,
  runSplit,
  shardBatchSize,
  sourceFor,
  trainConfig,
  VaeStepper,
  type ArchitectureSource,
  type BackendInfo,
  type GraphDataset,
  type ModelConfig,
  type SpaceName,
  type TrainConfig,
} from '@a2v/model';
import type { PretrainJob, SpaceId } from '@a2v/workflows/api';
import { ApplicationFailure } from '@temporalio/activity';
import { processCache } from './process-cache.js';

const log = createLogger('model-activities');

export const MODEL_SPACE: Record<SpaceId, SpaceName> = { nb101: 'nasbench101', nb201: 'nasbench201' };

let backend: Promise<BackendInfo> | undefined;
/** Initialises the fastest available tfjs backend once per process and logs which one runs. */
export function modelReady(): Promise<BackendInfo> {
  backend ??= initBackend({ log: (message) => log.info(message) });
  return backend;
}

const sources = new Map<SpaceId, ArchitectureSource>();
export function sourceOf(space: SpaceId): ArchitectureSource {
  let source = sources.get(space);
  if (!source) sources.set(space, (source = sourceFor(MODEL_SPACE[space])));
  return source;
}

const steppers = new Map<string, VaeStepper>();
export function stepperFor(model: ModelConfig): VaeStepper {
  const key = JSON.stringify(model);
  let stepper = steppers.get(key);
  if (!stepper) steppers.set(key, (stepper = new VaeStepper(model)));
  return stepper;
}

export interface JobData {
  config: TrainConfig;
  data: GraphDataset;
  /** Each shard's training indices. */
  parts: Uint32Array[];
  batchSize: number;
  stepper: VaeStepper;
}

/** The job's training configuration: the paper's settings for the space, overridden by the sweep's. */
export function jobConfig(job: PretrainJob): TrainConfig {
  const { epochs, seed, mode, subset } = job.settings;
  return trainConfig(MODEL_SPACE[job.space], {
    ...(epochs === undefined ? {} : { epochs }),
    ...(seed === undefined ? {} : { seed }),
    ...(mode === undefined ? {} : { mode }),
    ...(subset === undefined ? {} : { subset }),
  });
}

const jobs = processCache<JobData>();
export function jobData(job: PretrainJob): Promise<JobData> {
  return jobs(JSON.stringify([job.space, job.settings]), async () => {
    await modelReady();
    const config = jobConfig(job);
    const source = sourceOf(job.space);
    const dataset = loadDataset(source, config.subset ?? source.count);
    const parts = partitionIndices(runSplit(config, dataset.count).train, job.settings.shards);
    return { config, data: dataset, parts, batchSize: shardBatchSize(config, job.settings.shards), stepper: stepperFor(config.model) };
  });
}

/**
 * Model and artifact errors that no retry can fix (a wrong or corrupt checkpoint, a diverged run, a
 * bad setting) become non-retryable failures named after the error; anything else (a database
 * outage, a killed connection) stays retryable.
 */
export async function asActivityFailure<T>(what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ModelError || error instanceof ArtifactChecksumError || error instanceof ArtifactNotFoundError) {
      throw ApplicationFailure.nonRetryable(`${what}: ${error.message}`, error.name);
    }
    throw error;
  }
}
