/**
 * @a2v/model — arch2vec's variational graph isomorphism autoencoder on TensorFlow.js: model, seeded
 * pre-training with exact resume, Table-1 metrics, embedding sets and data-parallel sharded rounds.
 */
export { BACKEND_PREFERENCE, initBackend, type BackendChoice, type BackendInfo } from './backend.js';
export { loadedNativeFlavor, nativePrefix, nativeTensorflowVersion, nativeUsesGpu, readSetupStamp, type NativeFlavor, type NativeSetupStamp } from './backend-native.js';
export {
  BackendUnavailableError,
  CheckpointCorruptError,
  CheckpointMismatchError,
  EmbeddingSetError,
  ModelConfigError,
  ModelError,
  NonFiniteLossError,
} from './errors.js';
export { DEFAULT_TRAINING_MODE, modelConfig, trainConfig, validateTrainConfig, type ModelConfig, type SpaceName, type TrainConfig, type TrainingMode } from './model-config.js';
export { paramLayout, type ParamLayout, type ParamSpec } from './parameters.js';
export { SeededRng } from './rng.js';
export { batchArrays, datasetFromEncodings, datasetPrefix, emptyDataset, setEncoding, splitIndices, type BatchArrays, type GraphDataset } from './graph-data.js';
export { VaeStepper, adamOptions, type ModelWeights, type StepPhase, type StepResult, type TrainStepper } from './train-step.js';
export { GraphStepper, createStepper, describeGraphStep, graphStepDir, graphStepUnavailable, trainingStepKind, type GraphStepMeta } from './graph-step.js';
export { KernelStepper, STEP_KERNEL_FORMAT, stepKernelDir, stepKernelUnavailable } from './step-kernel.js';
export { assertCheckpointMatches, checkpointChecksum, deserializeCheckpoint, readCheckpoint, serializeCheckpoint, writeCheckpoint, type ShardLayout, type ShardedProgress, type TrainingState } from './checkpoint.js';
export { Trainer, initialState, phaseOf, runSplit, type EpochEvent, type StepEvent, type TrainResult, type TrainerOptions } from './trainer.js';
export { decodeGraph, latentStats, priorSampleMetrics, reconstructionMetrics, type LatentStats, type ReconstructionMetrics, type SampleMetrics } from './metrics.js';
export { defaultNb101CachePath, loadDataset, nb101Source, nb201Source, searchSpaceFor, sourceFor, type ArchitectureSource } from './space-data.js';
export { evaluatePretraining, pretrain, pretrainSharded, type PretrainOptions, type PretrainResult, type ShardedPretrainOptions, type ShardedPretrainResult } from './pretrain.js';
export { graphEmbeddings, parseEmbeddingSet, readEmbeddingSet, writeEmbeddingSet, type EmbeddingSet, type WriteEmbeddingsOptions } from './embeddings.js';
export { serializeEmbeddingSet, type EmbeddingSetContent } from './embedding-file.js';
export {
  combineShards,
  initialGlobalState,
  initialShardState,
  partitionIndices,
  roundsFor,
  shardBatchSize,
  trainShardRound,
  type GlobalState,
  type ShardLocalState,
  type ShardRound,
  type ShardRoundResult,
  type ShardStrategy,
} from './sharded.js';
export { runShardedTraining, type ShardedRunOptions, type ShardedRunResult } from './sharded-driver.js';
export { adamUpdate, createAdamState, globalNorm, type AdamOptions, type AdamState } from './adam.js';
export { SUPERVISED_DEFAULTS, trainSupervisedEncoder, type SupervisedEncoder, type SupervisedTrainOptions } from './supervised/supervised-encoder.js';
export { parseEmbeddingSetWithProvenance, readEmbeddingSetWithProvenance, writeSupervisedEmbeddingSet, type SupervisedEmbeddingRows, type SupervisedProvenance } from './supervised/supervised-embeddings.js';
export { DEFAULT_LABELLED, buildSupervisedEmbeddingSet, type BuildSupervisedOptions } from './supervised/build-supervised-set.js';
