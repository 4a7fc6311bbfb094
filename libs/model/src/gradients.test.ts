/**
 * The hand-written backward passes (custom-gradient linear, symmetric propagation, BN+ReLU) against
 * tfjs's own autodiff of the same maths written with plain ops, on random inputs.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend, tf } from './backend.js';
import { batchNormReluTrain, frozenBatchNorm } from './batch-norm-relu.js';
import { linear, propagateSymmetric } from './fast-ops.js';

before(async () => {
  await initBackend({ force: 'cpu', log: () => undefined });
});

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

function assertGradsClose(custom: (...x: tf.Tensor[]) => tf.Tensor, plain: (...x: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], tolerance = 1e-4): void {
  // A random upstream gradient, so every output entry matters.
  const weights = tf.randomNormal(custom(...inputs).shape, 0, 1, 'float32', 7);
  const lossOf = (f: (...x: tf.Tensor[]) => tf.Tensor) => (...x: tf.Tensor[]) => tf.sum(tf.mul(f(...x), weights)) as tf.Scalar;
  const a = tf.valueAndGrads(lossOf(custom))(inputs);
  const b = tf.valueAndGrads(lossOf(plain))(inputs);
  assert.ok(Math.abs(a.value.dataSync()[0] - b.value.dataSync()[0]) < tolerance, 'values differ');
  a.grads.forEach((g, i) => assert.ok(maxDiff(g, b.grads[i]) < tolerance, `gradient ${i} differs by ${maxDiff(g, b.grads[i])}`));
}

test('linear with and without ReLU matches autodiff of matMul + bias', () => {
  const x = tf.randomNormal([12, 5], 0, 1, 'float32', 1);
  const w = tf.randomNormal([5, 4], 0, 1, 'float32', 2);
  const b = tf.randomNormal([4], 0, 1, 'float32', 3);
  assertGradsClose((x, w, b) => linear(x, w, b), (x, w, b) => tf.add(tf.matMul(x, w), b), [x, w, b]);
  assertGradsClose((x, w, b) => linear(x, w, b, true), (x, w, b) => tf.relu(tf.add(tf.matMul(x, w), b)), [x, w, b]);
});

test('symmetric propagation matches autodiff of a batched matmul', () => {
  const a = tf.randomUniform([3, 4, 4], 0, 1, 'float32', 4);
  const m = tf.add(a, tf.transpose(a, [0, 2, 1]));
  const h = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 5);
  assertGradsClose((h) => propagateSymmetric(m, h), (h) => tf.matMul(m, h), [h]);
});

test('train-mode BN+ReLU matches autodiff of moments + batchNorm + relu, and reports batch statistics', () => {
  const h = tf.randomNormal([16, 6], 0.5, 2, 'float32', 6);
  const gamma = tf.randomNormal([6], 1, 0.2, 'float32', 8);
  const beta = tf.randomNormal([6], 0, 0.5, 'float32', 9);
  const plain = (h: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(h, 0);
    return tf.relu(tf.batchNorm(h, mean, variance, b, g, 1e-5));
  };
  assertGradsClose((h, g, b) => batchNormReluTrain(h, g, b, 1e-5), plain, [h, gamma, beta]);
  let seen: number[] = [];
  tf.tidy(() => {
    batchNormReluTrain(h, gamma, beta, 1e-5, (mean, variance) => {
      seen = [...mean.dataSync(), ...variance.dataSync()];
      tf.dispose([mean, variance]);
    });
  });
  const { mean, variance } = tf.moments(h, 0);
  assert.deepEqual(seen.map((v) => v.toFixed(4)), [...mean.dataSync(), ...variance.dataSync()].map((v) => v.toFixed(4)));
});

test('frozen BN is the affine map of tf.batchNorm with fixed statistics', () => {
  const h = tf.randomNormal([8, 3], 0, 1, 'float32', 10);
  const [gamma, beta, mean] = [tf.tensor1d([1.5, 0.5, 2]), tf.tensor1d([0.1, -0.2, 0.3]), tf.tensor1d([0.2, -1, 0])];
  const variance = tf.tensor1d([0.5, 2, 1]);
  const { scale, shift } = frozenBatchNorm(gamma, beta, mean, variance, 1e-5);
  assert.ok(maxDiff(tf.add(tf.mul(h, scale), shift), tf.batchNorm(h, mean, variance, beta, gamma, 1e-5)) < 1e-5);
});
