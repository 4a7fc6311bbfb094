import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { determinant, inverse, Matrix } from 'ml-matrix';
import { logExpectedImprovement } from '../math/expected-improvement.js';
import { SeededRng } from '../util/seeded-rng.js';
import { blrPosterior, blrPredict, fitBlrHyper, logMarginalLikelihood, prepareBlr } from './bayesian-linear-regression.js';
import { dngoBasis, trainDngoNetwork } from './dngo-network.js';
import { DngoBasisKernel, KERNEL_BLOCK } from './dngo-basis-kernel.js';
import { DngoTrainKernel } from './dngo-train-kernel.js';
import { topKByExpectedImprovement } from './expected-improvement-top-k.js';

/** Fixed Gaussian bumps on [0, 1] as a basis, so the regression is checkable by hand. */
function rbfBasis(xs: readonly number[], centres = 12): Float64Array {
  const out = new Float64Array(xs.length * centres);
  xs.forEach((x, r) => {
    for (let c = 0; c < centres; c++) out[r * centres + c] = Math.exp(-(((x - c / (centres - 1)) / 0.12) ** 2));
  });
  return out;
}

describe('Bayesian linear regression', () => {
  const rng = SeededRng.fromSeed(21);
  const noise = 0.05;
  // Uniform on [0, 1] except a gap around 0.5, where the posterior should be less certain.
  const xs = Array.from({ length: 200 }, () => {
    const u = 0.8 * rng.uniform();
    return u < 0.4 ? u : u + 0.2;
  });
  const ys = Float64Array.from(xs, (x) => Math.sin(2 * Math.PI * x) + noise * rng.normal());
  const theta = rbfBasis(xs);
  const data = prepareBlr(theta, ys, 12);

  it('computes the marginal likelihood of PRML eq. 3.86 (checked against a dense computation)', () => {
    const alpha = 0.7;
    const beta = 300;
    const T = new Matrix(200, 12);
    for (let r = 0; r < 200; r++) for (let c = 0; c < 12; c++) T.set(r, c, theta[r * 12 + c]);
    const A = T.transpose().mmul(T).mul(beta).add(Matrix.eye(12).mul(alpha));
    const y = Matrix.columnVector(Array.from(ys));
    const m = inverse(A).mmul(T.transpose()).mmul(y).mul(beta);
    const residual = y.clone().sub(T.mmul(m)).norm() ** 2;
    const dense = 6 * Math.log(alpha) + 100 * Math.log(beta) - 100 * Math.log(2 * Math.PI) - (beta / 2) * residual - (alpha / 2) * m.norm() ** 2 - 0.5 * Math.log(determinant(A));
    const fast = logMarginalLikelihood(data, { alpha, beta });
    assert.ok(Math.abs(fast - dense) < 1e-6 * Math.abs(dense), `${fast} vs ${dense}`);
  });

  it('recovers the noise level of a known 1-D function by maximising it', () => {
    const hyper = fitBlrHyper(data);
    const fittedNoise = 1 / Math.sqrt(hyper.beta);
    assert.ok(fittedNoise > 0.8 * noise && fittedNoise < 1.25 * noise, `noise ${fittedNoise} vs ${noise}`);
    // It is a maximum: every nearby (α, β) is worse.
    const best = logMarginalLikelihood(data, hyper);
    for (const [fa, fb] of [[1.5, 1], [0.67, 1], [1, 1.5], [1, 0.67]]) {
      assert.ok(logMarginalLikelihood(data, { alpha: hyper.alpha * fa, beta: hyper.beta * fb }) < best);
    }
    // Predictions: close to the function, and less certain in the gap without data.
    const posterior = blrPosterior(data, hyper);
    const inside = blrPredict(posterior, rbfBasis([0.25]));
    assert.ok(Math.abs(inside.mean - 1) < 0.05, `mean ${inside.mean}`);
    const gap = blrPredict(posterior, rbfBasis([0.5]));
    assert.ok(gap.variance > 1.5 * inside.variance, `variance ${gap.variance} in the gap vs ${inside.variance}`);
  });

  it('with fewer observations than basis functions (the dual eigendecomposition) matches the dense formulas', () => {
    const few = 9;
    const T = new Matrix(few, 12);
    for (let r = 0; r < few; r++) for (let c = 0; c < 12; c++) T.set(r, c, theta[r * 12 + c]);
    const small = prepareBlr(theta.subarray(0, few * 12), ys.subarray(0, few), 12);
    assert.equal(small.rank, few);
    const hyper = { alpha: 0.7, beta: 300 };
    const S = inverse(T.transpose().mmul(T).mul(hyper.beta).add(Matrix.eye(12).mul(hyper.alpha)));
    const m = S.mmul(T.transpose()).mmul(Matrix.columnVector(Array.from(ys.subarray(0, few)))).mul(hyper.beta);
    const posterior = blrPosterior(small, hyper);
    for (const probe of [0.1, 0.5, 0.93]) {
      const phi = rbfBasis([probe]);
      const p = blrPredict(posterior, phi);
      const f = Matrix.rowVector(Array.from(phi));
      const variance = 1 / hyper.beta + f.mmul(S).mmul(f.transpose()).get(0, 0);
      assert.ok(Math.abs(p.mean - f.mmul(m).get(0, 0)) < 1e-8, `mean at ${probe}`);
      assert.ok(Math.abs(p.variance - variance) < 1e-8 * variance, `variance at ${probe}: ${p.variance} vs ${variance}`);
    }
    const y = Matrix.columnVector(Array.from(ys.subarray(0, few)));
    const residual = y.clone().sub(T.mmul(m)).norm() ** 2;
    const A = T.transpose().mmul(T).mul(hyper.beta).add(Matrix.eye(12).mul(hyper.alpha));
    const dense = 6 * Math.log(hyper.alpha) + (few / 2) * Math.log(hyper.beta) - (few / 2) * Math.log(2 * Math.PI) - (hyper.beta / 2) * residual - (hyper.alpha / 2) * m.norm() ** 2 - 0.5 * Math.log(determinant(A));
    assert.ok(Math.abs(logMarginalLikelihood(small, hyper) - dense) < 1e-6 * Math.abs(dense));
  });

  it("the reference likelihood (pybnn's un-squared residual) is a different function", () => {
    const hyper = { alpha: 1, beta: 100 };
    assert.notEqual(logMarginalLikelihood(data, hyper, false), logMarginalLikelihood(data, hyper, true));
  });
});

/**
 * The oracle for the training kernel: one Adam step on a minibatch written the plain way, float64,
 * Math.tanh. params = [W1ᵀ (dim × hidden) | b1 | w2 | b2].
 */
function referenceStep(params: Float64Array, m: Float64Array, v: Float64Array, t: number, x: Float64Array, y: Float64Array, rows: number[], dim: number, hidden: number): number {
  const grad = new Float64Array(params.length);
  const [oB1, oW2, oB2] = [dim * hidden, dim * hidden + hidden, dim * hidden + 2 * hidden];
  let loss = 0;
  for (const r of rows) {
    const act = Array.from({ length: hidden }, (_, q) => {
      let z = params[oB1 + q];
      for (let d = 0; d < dim; d++) z += x[r * dim + d] * params[d * hidden + q];
      return Math.tanh(z);
    });
    const residual = params[oB2] + act.reduce((sum, a, q) => sum + a * params[oW2 + q], 0) - y[r];
    loss += residual ** 2 / rows.length;
    const dOut = (2 * residual) / rows.length;
    grad[oB2] += dOut;
    act.forEach((a, q) => {
      grad[oW2 + q] += dOut * a;
      const dz = dOut * params[oW2 + q] * (1 - a * a);
      grad[oB1 + q] += dz;
      for (let d = 0; d < dim; d++) grad[d * hidden + q] += dz * x[r * dim + d];
    });
  }
  for (let i = 0; i < params.length; i++) {
    m[i] = 0.9 * m[i] + 0.1 * grad[i];
    v[i] = 0.999 * v[i] + 0.001 * grad[i] ** 2;
    params[i] -= ((1e-2 / (1 - 0.9 ** t)) * m[i]) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
  }
  return loss;
}

describe('DNGO', () => {
  it('the SIMD training kernel takes the same Adam steps as a plain float64 implementation', () => {
    const rng = SeededRng.fromSeed(12);
    const [dim, hidden, n] = [16, 128, 37];
    const x = Float64Array.from({ length: n * dim }, () => rng.normal());
    const y = Float64Array.from({ length: n }, (_, r) => Math.sin(x[r * dim]) - 0.5 * x[r * dim + 3]);
    const kernel = new DngoTrainKernel(dim, hidden, x, y);
    for (let i = 0; i < dim * hidden + 2 * hidden + 1; i++) kernel.params[i] = (2 * rng.uniform() - 1) * 0.25;
    const params = Float64Array.from(kernel.params.subarray(0, dim * hidden + 2 * hidden + 1));
    const [m, v] = [new Float64Array(params.length), new Float64Array(params.length)];
    const order = rng.sampleIndices(n, n);
    kernel.setOrder(order);
    for (let t = 1; t <= 3; t++) {
      const rows = order.slice((t - 1) * 10, t * 10);
      const expected = referenceStep(params, m, v, t, x, y, rows, dim, hidden);
      const loss = kernel.step((t - 1) * 10, 10, 1e-2, t);
      assert.ok(Math.abs(loss - expected) < 1e-5 * Math.max(1, expected), `step ${t}: loss ${loss} vs ${expected}`);
      let worst = 0;
      for (let i = 0; i < params.length; i++) worst = Math.max(worst, Math.abs(kernel.params[i] - params[i]));
      // Adam moves every weight by ≈ lr per step, so a wrong gradient sign or index shows as ~1e-2.
      assert.ok(worst < 1e-5, `step ${t}: weights differ by ${worst}`);
    }
    assert.throws(() => new DngoTrainKernel(dim, 30, x, y), /multiple of 4/);
  });

  it('fits a known 1-D function and is reproducible from the seed', () => {
    const rng = SeededRng.fromSeed(4);
    const n = 60;
    const x = Float64Array.from({ length: n }, (_, i) => -1.5 + (3 * i) / (n - 1));
    const y = Float64Array.from(x, (v) => Math.sin(2 * v));
    const options = { hidden: 64, epochs: 300, batchSize: 10, learningRate: 1e-2 };
    const net = trainDngoNetwork(x, y, 1, rng, options);
    const again = trainDngoNetwork(x, y, 1, SeededRng.fromSeed(4), options);
    assert.deepEqual(again.w1t, net.w1t);
    const data = prepareBlr(dngoBasis(net, x, n), y, 64);
    const posterior = blrPosterior(data, fitBlrHyper(data));
    const probe = Float64Array.from([0.3]);
    const p = blrPredict(posterior, dngoBasis(net, probe, 1));
    assert.ok(Math.abs(p.mean - Math.sin(0.6)) < 0.05, `mean ${p.mean}`);
  });

  // n = 20 < 32 hidden units: ΦᵀΦ is rank-deficient (the path of every early BO round).
  for (const n of [40, 20]) it(`the pruned top-k by EI equals a brute-force ranking (${n} observations, 32 basis functions)`, () => {
    const rng = SeededRng.fromSeed(5);
    const dim = 8;
    const count = 3000;
    const rows = Float32Array.from({ length: count * dim }, () => rng.normal());
    const x = Float64Array.from(rows.subarray(0, n * dim));
    const y = Float64Array.from({ length: n }, (_, r) => Math.sin(x[r * dim]) + 0.5 * x[r * dim + 1] + 0.1 * rng.normal());
    const net = trainDngoNetwork(x, y, dim, rng, { hidden: 32, epochs: 50, batchSize: 10, learningRate: 1e-2 });
    const data = prepareBlr(dngoBasis(net, x, n), y, 32);
    const posterior = blrPosterior(data, fitBlrHyper(data));
    const visited = new Uint8Array(count).fill(1, 0, n);
    const basis = dngoBasis(net, Float64Array.from(rows), count);
    for (const spread of ['std', 'variance'] as const) {
      const incumbent = spread === 'std' ? Math.max(...y) : 3;
      const stats = { full: 0, scanned: 0 };
      const model = { net, posterior, inputMean: new Float64Array(dim), inputStd: new Float64Array(dim).fill(1), incumbent, spread };
      const top = topKByExpectedImprovement(model, rows, dim, visited, 5, stats);
      const brute = [];
      for (let i = n; i < count; i++) {
        const p = blrPredict(posterior, basis, i * 32);
        brute.push({ index: i, logEi: logExpectedImprovement(p.mean, spread === 'std' ? Math.sqrt(p.variance) : p.variance, incumbent) });
      }
      brute.sort((a, b) => b.logEi - a.logEi || a.index - b.index);
      assert.deepEqual(top.map((t) => t.index), brute.slice(0, 5).map((b) => b.index), spread);
      assert.equal(stats.scanned, count - n);
      if (spread === 'std') assert.ok(stats.full < stats.scanned / 2, `pruning did little: ${stats.full}/${stats.scanned}`);
    }
  });

  // 30 observations: rank-deficient, few directions to project; 150: all 128 directions.
  for (const n of [30, 150]) it(`at the arch2vec shape (16 → 128) the SIMD basis kernel agrees with the float64 layer, and the pruned top-k with brute force on it (${n} observations)`, () => {
    const rng = SeededRng.fromSeed(8);
    const dim = 16;
    const count = 2500;
    const rows = Float32Array.from({ length: count * dim }, () => rng.normal());
    const x = Float64Array.from(rows.subarray(0, n * dim));
    const y = Float64Array.from({ length: n }, (_, r) => Math.sin(x[r * dim]) + 0.3 * x[r * dim + 5] + 0.05 * rng.normal());
    const net = trainDngoNetwork(x, y, dim, rng, { hidden: 128, epochs: 30, batchSize: 10, learningRate: 1e-2 });
    const posterior = blrPosterior(prepareBlr(dngoBasis(net, x, n), y, 128), fitBlrHyper(prepareBlr(dngoBasis(net, x, n), y, 128)));
    const kernel = new DngoBasisKernel(net.w1t, net.b1);
    const basis = new Float32Array(count * 128);
    for (let from = 0; from < count; from += KERNEL_BLOCK) {
      const size = Math.min(KERNEL_BLOCK, count - from);
      basis.set(kernel.run(rows, from, size).subarray(0, size * 128), from * 128);
    }
    const exact = dngoBasis(net, Float64Array.from(rows), count);
    let worst = 0;
    for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(exact[i] - basis[i]));
    assert.ok(worst < 2e-6, `kernel vs float64 basis: ${worst}`);
    // The kernel's projection Σ_r δ_r (v_r·φ)² against float64, on the posterior's eigenvectors.
    const { vectors } = posterior.data;
    const vt = Float64Array.from({ length: 128 * 128 }, (_, k) => vectors[(k % 128) * 128 + Math.floor(k / 128)]);
    const delta = Float64Array.from(posterior.weightVariance, (v) => posterior.weightVariance[0] - v);
    kernel.setDirections(vt, delta, 128);
    kernel.run(rows, 0, 64);
    kernel.list.set(Array.from({ length: 64 }, (_, j) => 63 - j));
    const projected = kernel.project(64);
    for (let e = 0; e < 64; e++) {
      const phi = kernel.out.subarray((63 - e) * 128, (64 - e) * 128);
      let sum = 0;
      for (let r = 0; r < 128; r++) sum += delta[r] * phi.reduce((c, a, q) => c + a * vt[r * 128 + q], 0) ** 2;
      assert.ok(Math.abs(projected[e] - sum) <= 1e-5 * Math.max(sum, 1e-12), `projection ${e}: ${projected[e]} vs ${sum}`);
    }
    const visited = new Uint8Array(count).fill(1, 0, n);
    const model = { net, posterior, inputMean: new Float64Array(dim), inputStd: new Float64Array(dim).fill(1), incumbent: Math.max(...y), spread: 'std' as const };
    const top = topKByExpectedImprovement(model, rows, dim, visited, 5);
    const brute = [];
    for (let i = n; i < count; i++) {
      const p = blrPredict(posterior, basis, i * 128);
      brute.push({ index: i, logEi: logExpectedImprovement(p.mean, Math.sqrt(p.variance), model.incumbent) });
    }
    brute.sort((a, b) => b.logEi - a.logEi || a.index - b.index);
    assert.deepEqual(top.map((t) => t.index), brute.slice(0, 5).map((b) => b.index));
  });
});
