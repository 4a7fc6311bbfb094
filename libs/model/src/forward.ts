/**
 * The variational graph isomorphism autoencoder's forward pass and loss (reference §1.2-1.4), written
 * with few, fused tfjs ops: every Linear is a fused matmul+bias (with BN folded in when its statistics
 * are fixed), BN+ReLU is one custom-gradient op, op and adjacency BCE are one BCE-from-logits over a
 * concatenation, and the loss weights are built once per batch size.
 */
import { tf } from './backend.js';
import type { ModelConfig } from './model-config.js';
import { batchNormReluTrain, frozenBatchNorm } from './batch-norm-relu.js';
import { linear, propagateSymmetric } from './fast-ops.js';
import { bnNamesOf, type ParamLayout } from './parameters.js';

type Tensor = tf.Tensor;

/** How BatchNorm and the latent behave in one forward pass. */
export interface ForwardMode {
  /** true: normalise with the batch's statistics (training); false: with the running ones. */
  readonly batchStats: boolean;
  /** (B·N) × latent standard-normal noise for z = μ + noise·σ; absent: z = μ. */
  readonly noise?: Tensor;
  /** (B·N) × latent inverted-dropout mask; absent: no dropout. */
  readonly dropoutMask?: Tensor;
  /** Running mean/variance per BN name, used when batchStats is false. */
  readonly running?: ReadonlyMap<string, { mean: Tensor; variance: Tensor }>;
  /** When batchStats is true, receives each BN's batch mean and biased variance (kept, caller disposes). */
  readonly collectStats?: (name: string, mean: Tensor, variance: Tensor) => void;
}

export interface ForwardResult {
  readonly mu: Tensor; // (B·N) × latent
  readonly logSigma: Tensor; // (B·N) × latent
  readonly opsLogits: Tensor; // (B·N) × K
  readonly adjLogits: Tensor; // B × N × N: Z_b·Z_bᵀ per graph
}

/**
 * Per-entry BCE weights over [ops (B·N·K), adjacency (B·N·N)], built once per batch size: 1/(B·N·K)
 * for ops (BCELoss mean), and 1/(B·N·N) on each graph's strict upper triangle (the reference averages
 * triu₁ over all B·N·N entries: the masked entries add zero loss but count in the denominator).
 */
export class LossWeights {
  private readonly cache = new Map<number, Tensor>();

  constructor(readonly config: ModelConfig) {}

  get(batch: number): Tensor {
    let w = this.cache.get(batch);
    if (!w) {
      const { N, K } = this.config;
      const rows = batch * N;
      const values = new Float32Array(rows * (K + N));
      values.fill(1 / (rows * K), 0, rows * K);
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < N; i++) {
          for (let j = i + 1; j < N; j++) values[rows * K + (b * N + i) * N + j] = 1 / (rows * N);
        }
      }
      w = tf.keep(tf.tensor1d(values));
      this.cache.set(batch, w);
    }
    return w;
  }

  dispose(): void {
    for (const w of this.cache.values()) w.dispose();
    this.cache.clear();
  }
}

/** Encoder and decoder; node features stay (B·N) × d so every Linear is one 2-D matmul. */
export function forward(config: ModelConfig, p: Readonly<Record<string, Tensor>>, x: Tensor, aggregation: Tensor, mode: ForwardMode): ForwardResult {
  const { N, latent } = config;
  const batch = aggregation.shape[0];
  const linearBnRelu = (a: Tensor, linearName: string, bn: string): Tensor => {
    const w = p[`${linearName}.w`];
    const bias = p[`${linearName}.b`];
    if (mode.batchStats) {
      const h = linear(a, w, bias);
      return batchNormReluTrain(h, p[`${bn}.gamma`], p[`${bn}.beta`], config.bnEpsilon, (m, v) => mode.collectStats?.(bn, m, v));
    }
    const stats = mode.running?.get(bn);
    if (!stats) throw new Error(`no running statistics for ${bn}`);
    // Fixed statistics make BN affine, so it folds into the Linear: one fused matmul+bias+ReLU.
    const { scale, shift } = frozenBatchNorm(p[`${bn}.gamma`], p[`${bn}.beta`], stats.mean, stats.variance, config.bnEpsilon);
    return linear(a, tf.mul(w, scale), tf.add(tf.mul(bias, scale), shift), true);
  };

  let h = x;
  let width = config.K;
  for (let l = 0; l < config.ginLayers; l++) {
    const [mlpBn, outerBn] = bnNamesOf(l);
    // (1+ε)·H + Ã·H: `aggregation` holds Ã + I; ε·H is added separately so the data matrix needs no gradient.
    const propagated = propagateSymmetric(aggregation, tf.reshape(h, [batch, N, width]));
    const agg = tf.add(tf.reshape(propagated, [batch * N, width]), tf.mul(h, p[`gin${l}.eps`]));
    h = linearBnRelu(agg, `gin${l}.mlp.lin1`, mlpBn);
    h = linearBnRelu(h, `gin${l}.mlp.lin2`, outerBn);
    width = config.hidden;
  }
  const [mu, logSigma] = tf.split(linear(h, p['heads.w'], p['heads.b']), [latent, latent], 1);
  // The second head is log σ (Kipf's VGAE convention), so σ = exp(head), not exp(head / 2).
  let z = mode.noise ? tf.add(mu, tf.mul(mode.noise, tf.exp(logSigma))) : mu;
  if (mode.dropoutMask) z = tf.mul(z, mode.dropoutMask);
  const opsLogits = linear(z, p['opDecoder.w'], p['opDecoder.b']);
  const z3 = tf.reshape(z, [batch, N, latent]);
  const adjLogits = tf.matMul(z3, z3, false, true);
  return { mu, logSigma, opsLogits, adjLogits };
}

/**
 * Reference loss (§1.4): BCE(ops) + BCE(triu₁ adjacency) + KL, with the KL of the log-σ
 * parameterisation averaged over the B·N nodes and then divided by B·N again. `targets` is
 * [x (B·N·K), adjacency (B·N·N)] concatenated. BCE is computed from logits: softplus(l) − l·t.
 */
export function vaeLoss(config: ModelConfig, weights: LossWeights, out: ForwardResult, targets: Tensor): Tensor {
  const batch = out.adjLogits.shape[0];
  const rows = batch * config.N;
  const logits = tf.concat([tf.reshape(out.opsLogits, [-1]), tf.reshape(out.adjLogits, [-1])]);
  const bce = tf.sub(tf.softplus(logits), tf.mul(logits, targets));
  const reconstruction = tf.sum(tf.mul(bce, weights.get(batch)));
  // Σ (1 + 2 log σ − μ² − σ²) over nodes and latent dims; the "+1" part is the constant rows·latent.
  const twoLogSigma = tf.mul(out.logSigma, 2);
  const klSum = tf.sum(tf.sub(twoLogSigma, tf.add(tf.square(out.mu), tf.exp(twoLogSigma))));
  const klScale = -0.5 / (rows * rows);
  return tf.add(reconstruction, tf.mul(tf.add(klSum, rows * config.latent), klScale));
}

/** Names in layout order, to map valueAndGrads' positional arguments back to names. */
export function paramRecord(layout: ParamLayout, tensors: readonly Tensor[]): Record<string, Tensor> {
  const record: Record<string, Tensor> = {};
  layout.specs.forEach((spec, i) => (record[spec.name] = tensors[i]));
  return record;
}
