/**
 * Exact t-SNE (van der Maaten & Hinton 2008) to 2-d, seeded, for the Fig. 4 view of an embedding.
 * O(n²) per iteration, so callers pass a sample (the report uses ≤ 1,000 points); sklearn's
 * defaults otherwise: perplexity 30, early exaggeration 12 for 250 iterations, momentum 0.5 → 0.8,
 * learning rate max(n / 12 / 4, 50), per-coordinate gains.
 */
import { Rng, squaredDistance, type Embedding } from './embedding.js';
import type { Projection } from './pca.js';

export interface TsneOptions {
  perplexity?: number;
  iterations?: number;
  seed?: number;
}

/** Row-conditional affinities with the bandwidth found by bisection to match the perplexity, symmetrised. */
function affinities(e: Embedding, indices: number[], perplexity: number): Float64Array {
  const n = indices.length;
  const d2 = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) d2[a * n + b] = d2[b * n + a] = squaredDistance(e, indices[a], indices[b]);
  const p = new Float64Array(n * n);
  const target = Math.log(perplexity);
  for (let a = 0; a < n; a++) {
    let beta = 1;
    let lo = 0;
    let hi = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 64; step++) {
      let sum = 0;
      let weighted = 0;
      for (let b = 0; b < n; b++) {
        if (b === a) continue;
        const w = Math.exp(-d2[a * n + b] * beta);
        p[a * n + b] = w;
        sum += w;
        weighted += w * d2[a * n + b];
      }
      sum = Math.max(sum, 1e-300);
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      for (let b = 0; b < n; b++) if (b !== a) p[a * n + b] /= sum;
      if (Math.abs(entropy - target) < 1e-5) break;
      if (entropy > target) {
        lo = beta;
        beta = hi === Number.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
  }
  const sym = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) sym[a * n + b] = Math.max((p[a * n + b] + p[b * n + a]) / (2 * n), 1e-12);
  return sym;
}

export function tsne2(e: Embedding, indices: number[], options: TsneOptions = {}): Projection {
  const n = indices.length;
  if (n < 4) throw new RangeError('t-SNE needs at least 4 points');
  const perplexity = Math.min(options.perplexity ?? 30, (n - 1) / 3);
  const iterations = options.iterations ?? 750;
  const rng = new Rng(options.seed ?? 1);
  const p = affinities(e, indices, perplexity);
  const y = Float64Array.from({ length: 2 * n }, () => 1e-4 * rng.gaussian());
  const velocity = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const grad = new Float64Array(2 * n);
  const num = new Float64Array(n * n);
  const rate = Math.max(n / 12 / 4, 50);
  for (let it = 0; it < iterations; it++) {
    const exaggeration = it < 250 ? 12 : 1;
    const momentum = it < 250 ? 0.5 : 0.8;
    let z = 0;
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const dx = y[2 * a] - y[2 * b];
        const dy = y[2 * a + 1] - y[2 * b + 1];
        const q = 1 / (1 + dx * dx + dy * dy);
        num[a * n + b] = num[b * n + a] = q;
        z += 2 * q;
      }
    }
    grad.fill(0);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        if (a === b) continue;
        const q = num[a * n + b];
        const force = 4 * (exaggeration * p[a * n + b] - q / z) * q;
        grad[2 * a] += force * (y[2 * a] - y[2 * b]);
        grad[2 * a + 1] += force * (y[2 * a + 1] - y[2 * b + 1]);
      }
    }
    for (let k = 0; k < 2 * n; k++) {
      gains[k] = Math.sign(grad[k]) !== Math.sign(velocity[k]) ? gains[k] + 0.2 : Math.max(gains[k] * 0.8, 0.01);
      velocity[k] = momentum * velocity[k] - rate * gains[k] * grad[k];
      y[k] += velocity[k];
    }
    for (let c = 0; c < 2; c++) {
      let mean = 0;
      for (let a = 0; a < n; a++) mean += y[2 * a + c] / n;
      for (let a = 0; a < n; a++) y[2 * a + c] -= mean; // keep the map centred, as the reference does
    }
  }
  return { indices, points: y };
}
