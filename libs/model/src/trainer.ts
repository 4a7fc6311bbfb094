/**
 * The pre-training loop (reference §1.5): the seeded 90/10 split, fixed batch order every epoch,
 * Adam + clipping, a checkpoint after every epoch (and every `checkpointEvery` steps), and the
 * 'reference' mode's switch to frozen eval-mode training after epoch 1. A run resumed from a
 * checkpoint replays the exact same batches and noise, so its loss curve continues the original.
 */
import { createAdamState } from './adam.js';
import { assertCheckpointMatches, readCheckpoint, writeCheckpoint, type TrainingState } from './checkpoint.js';
import { NonFiniteLossError } from './errors.js';
import { splitIndices, batchArrays, type GraphDataset } from './graph-data.js';
import { validateTrainConfig, type TrainConfig } from './model-config.js';
import { initParams, initRunningStats, paramLayout } from './parameters.js';
import { SeededRng } from './rng.js';
import { createStepper } from './graph-step.js';
import type { StepPhase } from './train-step.js';

export interface StepEvent {
  readonly epoch: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly loss: number;
}

export interface EpochEvent {
  readonly epoch: number;
  readonly meanLoss: number;
  readonly seconds: number;
  readonly phase: StepPhase;
}

export interface TrainerOptions {
  /** Where checkpoints go (overwritten each time); none are written without it. */
  readonly checkpointPath?: string;
  /** Also checkpoint every this many steps within an epoch. */
  readonly checkpointEvery?: number;
  /** Stop (with a checkpoint) after this many steps in this call, for tests of interrupted runs. */
  readonly stopAfterSteps?: number;
  readonly onStep?: (event: StepEvent) => void;
  readonly onEpoch?: (event: EpochEvent) => void;
}

/** The fresh state of a run: PyTorch-style init drawn from the seed, noise stream jumped off it. */
export function initialState(config: TrainConfig, datasetCount: number): TrainingState {
  validateTrainConfig(config);
  const layout = paramLayout(config.model);
  const params = initParams(layout, SeededRng.fromSeed(config.seed));
  return {
    config,
    datasetCount,
    weights: { params, running: initRunningStats(layout, config.model.hidden) },
    adam: createAdamState(layout.size),
    rngState: noiseRng(config.seed).state(),
    epoch: 0,
    stepInEpoch: 0,
    losses: [],
  };
}

function noiseRng(seed: number): SeededRng {
  return SeededRng.fromSeed(seed).jumped(1);
}

/** The reference's split for this run: the same for a fresh and a resumed run. */
export function runSplit(config: TrainConfig, datasetCount: number): { train: Uint32Array; heldOut: Uint32Array } {
  // Its own stream (jump 2), so the split does not depend on how many numbers the init drew.
  const rng = SeededRng.fromSeed(config.seed).jumped(2);
  return splitIndices(datasetCount, (v) => rng.shuffle(v));
}

/** 'reference' mode trains epoch 1 as a VAE, then frozen (reference §1.5); 'vae' always trains. */
export function phaseOf(config: TrainConfig, epoch: number): StepPhase {
  return config.mode === 'reference' && epoch >= 1 ? 'frozen' : 'train';
}

export interface TrainResult {
  readonly state: TrainingState;
  /** sha256 of the last checkpoint written, if any. */
  readonly checkpointSha256?: string;
  readonly finished: boolean;
}

export class Trainer {
  private constructor(
    readonly state: TrainingState,
    readonly data: GraphDataset,
    private lastCheckpoint?: { path: string; sha256: string },
  ) {}

  static create(config: TrainConfig, data: GraphDataset): Trainer {
    return new Trainer(initialState(config, data.count), data);
  }

  /** Continues the run in `path`; throws CheckpointCorruptError / CheckpointMismatchError. */
  static resume(path: string, config: TrainConfig, data: GraphDataset): Trainer {
    const { state, sha256 } = readCheckpoint(path);
    assertCheckpointMatches(path, state, config, data.count);
    return new Trainer({ ...state, config: { ...state.config, epochs: config.epochs } }, data, { path, sha256 });
  }

  run(options: TrainerOptions = {}): TrainResult {
    const { state, data } = this;
    const { config } = state;
    // The whole step as one TensorFlow graph call on the native backend, else the eager tfjs step.
    const stepper = createStepper(config.model);
    const rng = SeededRng.fromState(state.rngState);
    const { train } = runSplit(config, data.count);
    const stepsPerEpoch = Math.ceil(train.length / config.batchSize);
    let stepsThisCall = 0;
    const checkpoint = (): void => {
      if (!options.checkpointPath) return;
      stepper.sync(state.weights, state.adam);
      state.rngState = rng.state();
      this.lastCheckpoint = { path: options.checkpointPath, sha256: writeCheckpoint(options.checkpointPath, state) };
    };
    try {
      while (state.epoch < config.epochs) {
        const phase = phaseOf(config, state.epoch);
        const started = performance.now();
        const firstLoss = state.losses.length - state.stepInEpoch;
        while (state.stepInEpoch < stepsPerEpoch) {
          if (options.stopAfterSteps !== undefined && stepsThisCall >= options.stopAfterSteps) {
            checkpoint();
            return { state, checkpointSha256: this.lastCheckpoint?.sha256, finished: false };
          }
          const from = state.stepInEpoch * config.batchSize;
          const batch = batchArrays(data, train.subarray(from, Math.min(from + config.batchSize, train.length)));
          const { loss, gradNorm } = stepper.step(state.weights, state.adam, batch, phase, rng, config);
          if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
            stepper.sync(state.weights, state.adam); // the last good state: the failed step changed nothing
            throw new NonFiniteLossError(state.epoch, state.stepInEpoch, Number.isFinite(loss) ? gradNorm : loss, this.lastCheckpoint?.path);
          }
          state.losses.push(loss);
          state.stepInEpoch += 1;
          stepsThisCall += 1;
          options.onStep?.({ epoch: state.epoch, step: state.stepInEpoch - 1, stepsPerEpoch, loss });
          if (options.checkpointEvery && state.stepInEpoch % options.checkpointEvery === 0 && state.stepInEpoch < stepsPerEpoch) checkpoint();
        }
        const epochLosses = state.losses.slice(firstLoss);
        const meanLoss = epochLosses.reduce((a, b) => a + b, 0) / Math.max(epochLosses.length, 1);
        state.epoch += 1;
        state.stepInEpoch = 0;
        checkpoint();
        options.onEpoch?.({ epoch: state.epoch - 1, meanLoss, seconds: (performance.now() - started) / 1000, phase });
      }
      stepper.sync(state.weights, state.adam);
      state.rngState = rng.state();
      return { state, checkpointSha256: this.lastCheckpoint?.sha256, finished: true };
    } finally {
      stepper.dispose();
    }
  }
}
