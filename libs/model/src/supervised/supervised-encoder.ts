/**
 * The supervised encoder of arch2vec's baselines (reference §4.5): the same GIN encoder, trained not
 * as an autoencoder but from accuracies — graph embedding = mean over nodes of the μ head, then
 * tanh and Linear(16→1) predict the (z-scored) accuracy, MSE loss, Adam lr 1e-3 (the reference's GIN
 * learning rate). Deterministic: no sampling noise, no dropout, and BatchNorm with fixed statistics
 * (mean 0, variance 1; a learnable affine map) — eval mode, as the reference's supervised GIN uses no
 * VAE machinery, and it makes the embedding of an architecture independent of its batch.
 *
 * The embedding it yields (mean-pooled μ, the same extraction as arch2vec's) is what the
 * supervised-rl / supervised-bo searches run on. Unlike the reference, which trains the GIN jointly
 * with each search from the search's own queries, this encoder is trained once, beforehand, on the
 * labels of a seeded random sample of architectures (see supervised-embeddings.ts's provenance).
 */
import { adamUpdate, createAdamState, globalNorm, type AdamOptions } from '../adam.js';
import { tf } from '../backend.js';
import { ModelConfigError } from '../errors.js';
import { forward, paramRecord } from '../forward.js';
import { batchArrays, type GraphDataset } from '../graph-data.js';
import { modelConfig, type ModelConfig, type SpaceName } from '../model-config.js';
import { initParams, initRunningStats, paramLayout } from '../parameters.js';
import { SeededRng } from '../rng.js';
import { VaeStepper, type ModelWeights } from '../train-step.js';

type Tensor = tf.Tensor;

export interface SupervisedTrainOptions {
  readonly space: SpaceName;
  /** The labelled graphs. */
  readonly data: GraphDataset;
  /** One accuracy (fraction) per graph of `data`. */
  readonly accuracies: Float64Array | readonly number[];
  readonly seed: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
}

export interface SupervisedEncoder {
  readonly model: ModelConfig;
  /** The GIN's weights in @a2v/model's layout (decoder parameters left at their init, unused). */
  readonly weights: ModelWeights;
  /** Linear(16→1) on tanh(pooled μ): latent weights then the bias. */
  readonly head: Float32Array;
  /** Mean MSE (on z-scored targets) per epoch. */
  readonly losses: number[];
}

export const SUPERVISED_DEFAULTS = { epochs: 200, batchSize: 32, learningRate: 1e-3 } as const;

/** Encoder parameters: everything but the op decoder (which the loss never reaches). */
const isEncoderParam = (name: string): boolean => !name.startsWith('opDecoder.');

export function trainSupervisedEncoder(options: SupervisedTrainOptions): SupervisedEncoder {
  const { data, accuracies, seed } = options;
  const epochs = options.epochs ?? SUPERVISED_DEFAULTS.epochs;
  const batchSize = options.batchSize ?? SUPERVISED_DEFAULTS.batchSize;
  if (accuracies.length !== data.count) throw new ModelConfigError(`${accuracies.length} accuracies for ${data.count} graphs`);
  if (data.count < 2) throw new ModelConfigError(`a supervised encoder needs at least 2 labelled architectures, got ${data.count}`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new ModelConfigError(`epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ModelConfigError(`batchSize must be a positive integer, got ${batchSize}`);
  const model = modelConfig(options.space, { dropout: 0 });
  if (data.N !== model.N || data.K !== model.K) throw new ModelConfigError(`graphs are ${data.N}×${data.K}, ${options.space} needs ${model.N}×${model.K}`);

  const layout = paramLayout(model);
  const rng = SeededRng.fromSeed(seed);
  const weights: ModelWeights = { params: initParams(layout, rng), running: initRunningStats(layout, model.hidden) };
  // Linear(16→1), PyTorch's init; one flat vector [GIN params, head] for Adam.
  const head = new Float32Array(model.latent + 1);
  rng.fillUniform(head, 1 / Math.sqrt(model.latent));
  const all = new Float32Array(layout.size + head.length);
  all.set(weights.params);
  all.set(head, layout.size);
  const adam = createAdamState(all.length);
  const adamOptions: AdamOptions = { learningRate: options.learningRate ?? SUPERVISED_DEFAULTS.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, clipNorm: 5 };

  const targets = standardise(accuracies);
  const order = Uint32Array.from({ length: data.count }, (_, i) => i);
  const trained = layout.specs.filter((s) => isEncoderParam(s.name));
  const stepper = new VaeStepper(model);
  const losses: number[] = [];
  try {
    const running = stepper.runningTensors(weights.running);
    for (let epoch = 0; epoch < epochs; epoch++) {
      rng.shuffle(order);
      let sum = 0;
      for (let from = 0; from < data.count; from += batchSize) {
        const indices = order.subarray(from, Math.min(from + batchSize, data.count));
        const y = Float32Array.from(indices, (i) => targets[i]);
        const { loss, grads } = gradient(model, layout, trained, all, batchArrays(data, indices), y, running);
        if (!Number.isFinite(loss)) throw new ModelConfigError(`supervised encoder: non-finite loss at epoch ${epoch + 1}`);
        adamUpdate(all, grads, globalNorm(grads), adam, adamOptions);
        sum += loss * indices.length;
      }
      losses.push(sum / data.count);
    }
    for (const s of running.values()) tf.dispose([s.mean, s.variance]);
  } finally {
    stepper.dispose();
  }
  weights.params.set(all.subarray(0, layout.size));
  return { model, weights, head: all.slice(layout.size), losses };
}

/** MSE of tanh(mean-pooled μ)·w + b against `y`, and its gradient over [GIN params, head]. */
function gradient(
  model: ModelConfig,
  layout: ReturnType<typeof paramLayout>,
  trained: ReturnType<typeof paramLayout>['specs'][number][],
  all: Float32Array,
  batch: ReturnType<typeof batchArrays>,
  y: Float32Array,
  running: ReadonlyMap<string, { mean: Tensor; variance: Tensor }>,
): { loss: number; grads: Float32Array } {
  const { N, K, latent } = model;
  const grads = new Float32Array(all.length);
  const loss = tf.tidy(() => {
    const x = tf.tensor2d(batch.x, [batch.size * N, K]);
    const aggregation = tf.tensor3d(batch.aggregation, [batch.size, N, N]);
    const target = tf.tensor2d(y, [batch.size, 1]);
    const fixed = layout.specs.filter((s) => !isEncoderParam(s.name)).map((s) => [s.name, tf.tensor(all.slice(s.offset, s.offset + s.size), s.shape as number[])] as const);
    const f = (...inputs: Tensor[]): tf.Scalar => {
      const p: Record<string, Tensor> = { ...Object.fromEntries(fixed), ...paramRecord({ ...layout, specs: trained }, inputs) };
      const { mu } = forward(model, p, x, aggregation, { batchStats: false, running });
      const pooled = tf.tanh(tf.mean(tf.reshape(mu, [batch.size, N, latent]), 1));
      const prediction = tf.add(tf.matMul(pooled, inputs[trained.length]), inputs[trained.length + 1]);
      return tf.mean(tf.square(tf.sub(prediction, target))) as tf.Scalar;
    };
    const inputs = [
      ...trained.map((s) => tf.tensor(all.slice(s.offset, s.offset + s.size), s.shape as number[])),
      tf.tensor2d(all.slice(layout.size, layout.size + latent), [latent, 1]),
      tf.tensor1d(all.slice(layout.size + latent)),
    ];
    const { value, grads: g } = tf.valueAndGrads(f)(inputs);
    trained.forEach((s, i) => grads.set(g[i].dataSync() as Float32Array, s.offset));
    grads.set(g[trained.length].dataSync() as Float32Array, layout.size);
    grads.set(g[trained.length + 1].dataSync() as Float32Array, layout.size + latent);
    return value.dataSync()[0];
  });
  return { loss, grads };
}

/** z-scores the accuracies (population std; a constant set maps to zeros). */
function standardise(values: Float64Array | readonly number[]): Float32Array {
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2 / values.length;
  const std = Math.sqrt(variance) || 1;
  return Float32Array.from(values, (v) => (v - mean) / std);
}
