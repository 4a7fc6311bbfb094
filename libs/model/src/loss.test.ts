/** vaeLoss against the reference formula (model.py L219-234) computed in plain TypeScript. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend, tf } from './backend.js';
import { LossWeights, vaeLoss } from './forward.js';
import { modelConfig } from './model-config.js';
import { SeededRng } from './rng.js';

before(async () => {
  await initBackend({ force: 'cpu', log: () => undefined });
});

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
// PyTorch BCELoss on probabilities, log clamped at -100.
const bce = (p: number, t: number): number => -(t * Math.max(Math.log(p), -100) + (1 - t) * Math.max(Math.log(1 - p), -100));

test('loss = BCE(ops) mean + triu₁ BCE(adjacency) over B·N·N + KL / (B·N)²', () => {
  const config = modelConfig('nasbench101');
  const { N, K, latent } = config;
  const B = 3;
  const rows = B * N;
  const rng = SeededRng.fromSeed(11);
  const draw = (n: number, scale: number): Float32Array => {
    const a = new Float32Array(n);
    rng.fillNormal(a);
    return a.map((v) => v * scale);
  };
  const opsLogits = draw(rows * K, 2);
  const adjLogits = draw(B * N * N, 3);
  const mu = draw(rows * latent, 1);
  const logSigma = draw(rows * latent, 0.3);
  const x = Float32Array.from({ length: rows * K }, (_, i) => (i % 7 === 0 ? 1 : 0));
  const adjacency = Float32Array.from({ length: B * N * N }, (_, i) => (Math.floor(i / N) % N < i % N && i % 3 === 0 ? 1 : 0));

  let opsLoss = 0;
  for (let i = 0; i < rows * K; i++) opsLoss += bce(sigmoid(opsLogits[i]), x[i]);
  opsLoss /= rows * K;
  let adjLoss = 0;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) adjLoss += bce(sigmoid(adjLogits[(b * N + i) * N + j]), adjacency[(b * N + i) * N + j]);
  }
  adjLoss /= B * N * N;
  let kl = 0;
  for (let i = 0; i < rows * latent; i++) kl += 1 + 2 * logSigma[i] - mu[i] ** 2 - Math.exp(logSigma[i]) ** 2;
  const klTerm = (-0.5 / rows) * (kl / rows);
  const expected = opsLoss + adjLoss + klTerm;

  const weights = new LossWeights(config);
  const actual = tf.tidy(() => {
    const targets = tf.tensor1d(Float32Array.from([...x, ...adjacency]));
    const out = {
      mu: tf.tensor2d(mu, [rows, latent]),
      logSigma: tf.tensor2d(logSigma, [rows, latent]),
      opsLogits: tf.tensor2d(opsLogits, [rows, K]),
      adjLogits: tf.tensor3d(adjLogits, [B, N, N]),
    };
    return vaeLoss(config, weights, out, targets).dataSync()[0];
  });
  weights.dispose();
  assert.ok(Math.abs(actual - expected) < 1e-5, `${actual} vs ${expected}`);
  assert.ok(Math.abs(klTerm) > 1e-4, 'test data must exercise the KL term');
});
