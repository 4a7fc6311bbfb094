/**
 * One optimisation step and the eval-mode forward, between the flat JS arrays (parameters, running
 * statistics, Adam state) and tfjs: upload parameters, run forward+backward, download the gradients,
 * update on the JS side. BatchNorm running statistics follow PyTorch: momentum 0.1, unbiased variance.
 */
import { adamUpdate, globalNorm, type AdamOptions, type AdamState } from './adam.js';
import { tf } from './backend.js';
import { LossWeights, forward, paramRecord, vaeLoss, type ForwardResult } from './forward.js';
import type { BatchArrays } from './graph-data.js';
import type { ModelConfig, TrainConfig } from './model-config.js';
import { paramLayout, type ParamLayout } from './parameters.js';
import type { SeededRng } from './rng.js';

type Tensor = tf.Tensor;

export interface ModelWeights {
  params: Float32Array;
  /** Per BN (layout.bnNames order): mean[hidden] then variance[hidden]. */
  running: Float32Array;
}

/**
 * 'train': batch-statistics BN (updating the running ones), sampling noise and dropout.
 * 'frozen': what the reference trains with after epoch 1 (eval mode): running BN statistics left
 * unchanged, z = μ, no dropout; gradients still flow to every parameter.
 */
export type StepPhase = 'train' | 'frozen';

export interface StepResult {
  readonly loss: number;
  readonly gradNorm: number;
}

export function adamOptions(train: TrainConfig): AdamOptions {
  return { learningRate: train.learningRate, beta1: train.adamBeta1, beta2: train.adamBeta2, epsilon: train.adamEpsilon, clipNorm: train.clipNorm };
}

/**
 * What the trainer and the shard rounds step with: this file's eager VaeStepper, the KernelStepper
 * (step-kernel.ts, the fused native CPU step), or the GraphStepper (graph-step.ts), which keeps the
 * state inside TensorFlow between steps and writes it back on `sync`.
 */
export interface TrainStepper {
  readonly kind: 'eager' | 'kernel' | 'graph';
  step(weights: ModelWeights, adam: AdamState, batch: BatchArrays, phase: StepPhase, rng: SeededRng, train: TrainConfig): StepResult;
  gradient(weights: ModelWeights, batch: BatchArrays, phase: StepPhase, rng: SeededRng): StepResult & { grads: Float32Array };
  /** Makes `weights` and `adam` current after steps on them (a no-op for the eager step, which updates them in place). */
  sync(weights: ModelWeights, adam: AdamState): void;
  dispose(): void;
}

export class VaeStepper implements TrainStepper {
  readonly kind = 'eager';
  readonly layout: ParamLayout;
  readonly lossWeights: LossWeights;

  constructor(readonly model: ModelConfig) {
    this.layout = paramLayout(model);
    this.lossWeights = new LossWeights(model);
  }

  dispose(): void {
    this.lossWeights.dispose();
  }

  /** Nothing to do: the eager step updates the caller's arrays in place. */
  sync(): void {
    return undefined;
  }

  paramTensors(params: Float32Array): Tensor[] {
    return this.layout.specs.map((s) => tf.tensor(params.slice(s.offset, s.offset + s.size), s.shape as number[]));
  }

  runningTensors(running: Float32Array): Map<string, { mean: Tensor; variance: Tensor }> {
    const h = this.model.hidden;
    return new Map(
      this.layout.bnNames.map((name, b) => [
        name,
        { mean: tf.tensor1d(running.slice(2 * b * h, (2 * b + 1) * h)), variance: tf.tensor1d(running.slice((2 * b + 1) * h, (2 * b + 2) * h)) },
      ]),
    );
  }

  /**
   * One step. Returns the loss *before* the update. When the loss or the gradient norm is not finite,
   * nothing (weights, running statistics, Adam state) is updated, so the caller can stop the run with
   * its state still the last good one.
   */
  step(weights: ModelWeights, adam: AdamState, batch: BatchArrays, phase: StepPhase, rng: SeededRng, train: TrainConfig): StepResult {
    const { loss, gradNorm, grads } = this.gradient(weights, batch, phase, rng);
    if (Number.isFinite(loss) && Number.isFinite(gradNorm)) adamUpdate(weights.params, grads, gradNorm, adam, adamOptions(train));
    return { loss, gradNorm };
  }

  /**
   * Loss and gradient of one batch (unclipped), updating the BN running statistics in the 'train'
   * phase; nothing is updated when the loss or the gradient norm is not finite.
   */
  gradient(weights: ModelWeights, batch: BatchArrays, phase: StepPhase, rng: SeededRng): StepResult & { grads: Float32Array } {
    const { N, K, latent, hidden } = this.model;
    const rows = batch.size * N;
    const stats = new Map<string, { mean: Tensor; variance: Tensor }>();
    const grads = new Float32Array(this.layout.size);
    const loss = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [rows, K]);
      const aggregation = tf.tensor3d(batch.aggregation, [batch.size, N, N]);
      const targetValues = new Float32Array(batch.x.length + batch.adjacency.length);
      targetValues.set(batch.x);
      targetValues.set(batch.adjacency, batch.x.length);
      const targets = tf.tensor1d(targetValues);
      let noise: Tensor | undefined;
      let dropoutMask: Tensor | undefined;
      if (phase === 'train') {
        // Drawn in a fixed order (noise, then mask) so a resumed run reproduces them exactly.
        const n = new Float32Array(rows * latent);
        rng.fillNormal(n);
        noise = tf.tensor2d(n, [rows, latent]);
        if (this.model.dropout > 0) {
          const m = new Float32Array(rows * latent);
          rng.fillDropoutMask(m, this.model.dropout);
          dropoutMask = tf.tensor2d(m, [rows, latent]);
        }
      }
      const running = phase === 'frozen' ? this.runningTensors(weights.running) : undefined;
      const f = (...params: Tensor[]): tf.Scalar => {
        const out = forward(this.model, paramRecord(this.layout, params), x, aggregation, {
          batchStats: phase === 'train',
          noise,
          dropoutMask,
          running,
          collectStats: (name, mean, variance) => stats.set(name, { mean, variance }),
        });
        return vaeLoss(this.model, this.lossWeights, out, targets) as tf.Scalar;
      };
      const { value, grads: g } = tf.valueAndGrads(f)(this.paramTensors(weights.params));
      this.layout.specs.forEach((s, i) => grads.set(g[i].dataSync() as Float32Array, s.offset));
      return value.dataSync()[0];
    });
    const batchStats = [...stats.values()];
    try {
      const gradNorm = globalNorm(grads);
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) return { loss, gradNorm, grads };
      if (phase === 'train') this.updateRunning(weights.running, stats, rows, hidden);
      return { loss, gradNorm, grads };
    } finally {
      for (const s of batchStats) tf.dispose([s.mean, s.variance]);
    }
  }

  private updateRunning(running: Float32Array, stats: Map<string, { mean: Tensor; variance: Tensor }>, rows: number, hidden: number): void {
    const momentum = this.model.bnMomentum;
    const unbias = rows / Math.max(rows - 1, 1);
    this.layout.bnNames.forEach((name, b) => {
      const s = stats.get(name);
      if (!s) throw new Error(`batch statistics of ${name} were not collected`);
      const mean = s.mean.dataSync();
      const variance = s.variance.dataSync();
      const meanOffset = 2 * b * hidden;
      const varOffset = (2 * b + 1) * hidden;
      for (let i = 0; i < hidden; i++) {
        running[meanOffset + i] = (1 - momentum) * running[meanOffset + i] + momentum * mean[i];
        running[varOffset + i] = (1 - momentum) * running[varOffset + i] + momentum * variance[i] * unbias;
      }
    });
  }

  /**
   * Eval-mode forward (running BN statistics, z = μ, no dropout) of one batch; `read` gets the outputs
   * inside the tidy scope and returns what to keep as plain values.
   */
  evaluate<T>(weights: ModelWeights, batch: BatchArrays, read: (out: ForwardResult) => T): T {
    const { N, K } = this.model;
    const rows = batch.size * N;
    let result: T | undefined;
    tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [rows, K]);
      const aggregation = tf.tensor3d(batch.aggregation, [batch.size, N, N]);
      const p = paramRecord(this.layout, this.paramTensors(weights.params));
      const out = forward(this.model, p, x, aggregation, { batchStats: false, running: this.runningTensors(weights.running) });
      result = read(out);
    });
    return result as T;
  }
}
