/**
 * Pre-training metrics. Paper (App. B): reconstruction accuracy = share of held-out graphs decoded
 * exactly; validity = share of 10,000 decoded prior samples valid in the space; uniqueness = distinct
 * canonical keys / valid. Code (utils.py): element-wise op accuracy (argmax per row, padded rows'
 * target argmax is 0) and adjacency accuracy (threshold 0.5 over the strict upper triangle).
 */
import type { GraphDataset } from './graph-data.js';
import { batchArrays } from './graph-data.js';
import type { ModelConfig } from './model-config.js';
import { paramLayout, paramView } from './parameters.js';
import type { SeededRng } from './rng.js';
import { nb201ReferenceRuleKey } from './reference-validity.js';
import { searchSpaceFor } from './space-data.js';
import { VaeStepper, type ModelWeights } from './train-step.js';
import type { ArchEncoding } from '@a2v/search-spaces';

export interface ReconstructionMetrics {
  readonly graphs: number;
  /** Share of graphs whose decoded ops and adjacency equal the input exactly (paper). */
  readonly reconstructionAccuracy: number;
  /** Element-wise, as the reference code prints them. */
  readonly opAccuracy: number;
  readonly adjAccuracy: number;
}

function argmax(values: ArrayLike<number>, from: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length; k++) if (values[from + k] > values[from + best]) best = k;
  return best;
}

/**
 * Decodes one graph from logits: per row the argmax op, or an all-zero (padding) row when no op's
 * sigmoid exceeds 0.5; an edge i→j (i < j) where sigmoid(z_i·z_j) > 0.5.
 */
export function decodeGraph(opsLogits: ArrayLike<number>, adjLogits: ArrayLike<number>, graph: number, N: number, K: number): ArchEncoding {
  const ops: number[][] = [];
  const adjacency: number[][] = [];
  for (let i = 0; i < N; i++) {
    const row = new Array<number>(K).fill(0);
    const from = (graph * N + i) * K;
    const best = argmax(opsLogits, from, K);
    if (opsLogits[from + best] > 0) row[best] = 1;
    ops.push(row);
    const adjRow = new Array<number>(N).fill(0);
    for (let j = i + 1; j < N; j++) if (adjLogits[(graph * N + i) * N + j] > 0) adjRow[j] = 1;
    adjacency.push(adjRow);
  }
  return { ops, adjacency };
}

export function reconstructionMetrics(model: ModelConfig, weights: ModelWeights, data: GraphDataset, indices: ArrayLike<number>, batchSize = 256): ReconstructionMetrics {
  const { N, K } = model;
  const stepper = new VaeStepper(model);
  let exact = 0;
  let opHits = 0;
  let adjHits = 0;
  try {
    for (let from = 0; from < indices.length; from += batchSize) {
      const chunk = Array.from({ length: Math.min(batchSize, indices.length - from) }, (_, i) => indices[from + i]);
      const batch = batchArrays(data, chunk);
      const [opsLogits, adjLogits] = stepper.evaluate(weights, batch, (out) => [out.opsLogits.dataSync(), out.adjLogits.dataSync()]);
      for (let b = 0; b < chunk.length; b++) {
        const decoded = decodeGraph(opsLogits, adjLogits, b, N, K);
        let same = true;
        for (let i = 0; i < N; i++) {
          const target = batch.x.subarray((b * N + i) * K, (b * N + i + 1) * K);
          if (argmax(opsLogits, (b * N + i) * K, K) === argmax(target, 0, K)) opHits++;
          for (let k = 0; k < K; k++) if (decoded.ops[i][k] !== target[k]) same = false;
          for (let j = i + 1; j < N; j++) {
            const t = batch.adjacency[(b * N + i) * N + j];
            if (decoded.adjacency[i][j] === t) adjHits++;
            else same = false;
          }
        }
        if (same) exact++;
      }
    }
  } finally {
    stepper.dispose();
  }
  const n = indices.length;
  return { graphs: n, reconstructionAccuracy: exact / n, opAccuracy: opHits / (n * N), adjAccuracy: adjHits / ((n * N * (N - 1)) / 2) };
}

/** Per node position and latent dimension: mean and std of μ over `indices` (eval mode). */
export interface LatentStats {
  readonly mean: Float32Array; // N × latent
  readonly std: Float32Array; // N × latent
}

export function latentStats(model: ModelConfig, weights: ModelWeights, data: GraphDataset, indices: ArrayLike<number>, batchSize = 256): LatentStats {
  const { N, latent } = model;
  const sum = new Float64Array(N * latent);
  const sumSq = new Float64Array(N * latent);
  const stepper = new VaeStepper(model);
  try {
    for (let from = 0; from < indices.length; from += batchSize) {
      const chunk = Array.from({ length: Math.min(batchSize, indices.length - from) }, (_, i) => indices[from + i]);
      const mu = stepper.evaluate(weights, batchArrays(data, chunk), (out) => out.mu.dataSync());
      for (let r = 0; r < mu.length; r++) {
        const cell = r % (N * latent);
        sum[cell] += mu[r];
        sumSq[cell] += mu[r] * mu[r];
      }
    }
  } finally {
    stepper.dispose();
  }
  const n = indices.length;
  const mean = new Float32Array(N * latent);
  const std = new Float32Array(N * latent);
  for (let c = 0; c < N * latent; c++) {
    mean[c] = sum[c] / n;
    // Unbiased, as torch.std.
    std[c] = Math.sqrt(Math.max(0, (sumSq[c] - n * mean[c] * mean[c]) / Math.max(n - 1, 1)));
  }
  return { mean, std };
}

export interface SampleMetrics {
  readonly samples: number;
  /** Valid by the space's own rules (@a2v/search-spaces tryDecode: NB201 needs its fixed adjacency). */
  readonly validity: number;
  readonly uniqueness: number;
  /** NB201 only: validity and uniqueness by the official code's ops-only rule (what Table 1 used). */
  readonly referenceRule?: { readonly validity: number; readonly uniqueness: number };
}

/**
 * Validity and uniqueness of `samples` draws z = ε·std + mean (ε ~ N(0, I), per node and dimension,
 * App. B) decoded by the eval-mode decoder, which is small enough to run in plain TypeScript.
 */
export function priorSampleMetrics(model: ModelConfig, weights: ModelWeights, stats: LatentStats, rng: SeededRng, samples = 10_000): SampleMetrics {
  const { N, K, latent } = model;
  const layout = paramLayout(model);
  const w = paramView(layout, weights.params, 'opDecoder.w'); // latent × K
  const bias = paramView(layout, weights.params, 'opDecoder.b');
  const space = searchSpaceFor(model.space);
  const z = new Float32Array(N * latent);
  const opsLogits = new Float32Array(N * K);
  const adjLogits = new Float32Array(N * N);
  const keys = new Set<string>();
  let valid = 0;
  const referenceKeys = new Set<string>();
  let referenceValid = 0;
  for (let s = 0; s < samples; s++) {
    rng.fillNormal(z);
    for (let c = 0; c < z.length; c++) z[c] = z[c] * stats.std[c] + stats.mean[c];
    for (let i = 0; i < N; i++) {
      for (let k = 0; k < K; k++) {
        let v = bias[k];
        for (let d = 0; d < latent; d++) v += z[i * latent + d] * w[d * K + k];
        opsLogits[i * K + k] = v;
      }
      for (let j = 0; j < N; j++) {
        let v = 0;
        for (let d = 0; d < latent; d++) v += z[i * latent + d] * z[j * latent + d];
        adjLogits[i * N + j] = v;
      }
    }
    if (model.space === 'nasbench201') {
      const key = nb201ReferenceRuleKey(opsLogits, adjLogits, N, K);
      if (key !== null) {
        referenceValid++;
        referenceKeys.add(key);
      }
    }
    const cell = space.tryDecode(decodeGraph(opsLogits, adjLogits, 0, N, K));
    if (cell === null) continue;
    valid++;
    keys.add(space.key(cell));
  }
  const referenceRule = model.space === 'nasbench201' ? { validity: referenceValid / samples, uniqueness: referenceValid ? referenceKeys.size / referenceValid : 0 } : undefined;
  return { samples, validity: valid / samples, uniqueness: valid ? keys.size / valid : 0, ...(referenceRule ? { referenceRule } : {}) };
}
