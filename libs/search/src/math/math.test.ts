import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adamStep, createAdamState } from './adam.js';
import { expectedImprovement, logExpectedImprovement, logExpectedImprovementUpperBound } from './expected-improvement.js';
import { fastTanh } from './fast-tanh.js';
import { nelderMead } from './nelder-mead.js';
import { erfc, normalCdf, normalPdf } from './normal-distribution.js';

const close = (actual: number, expected: number, relative: number, message?: string): void => {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${message ?? ''} ${actual} vs ${expected}`);
};

describe('normal distribution', () => {
  it('matches tabulated Φ, φ and erfc values', () => {
    close(normalCdf(0), 0.5, 1e-15);
    close(normalCdf(1), 0.8413447460685429, 1e-14);
    close(normalCdf(-1.96), 0.024997895148220435, 1e-13);
    close(normalCdf(-5), 2.866515718791939e-7, 1e-12);
    close(normalCdf(-10), 7.61985302416047e-24, 1e-11);
    close(normalPdf(0.25), 0.38666811680284924, 1e-15);
    close(erfc(0.5), 0.4795001221869535, 1e-14);
    close(erfc(3.5), 7.430983723414128e-7, 1e-12);
  });
});

describe('expected improvement', () => {
  it('equals the hand-computed value', () => {
    // mean 1, σ 2, incumbent 0.5: u = 0.25, EI = 2·(φ(0.25) + 0.25·Φ(0.25))
    // = 2·(0.38666811680284924 + 0.25·0.5987063256829237) = 2·0.5363446982235802 = 1.0726893964471604.
    close(expectedImprovement(1, 2, 0.5), 1.0726893964471604, 1e-13);
    // Below the incumbent: mean 0.9, σ 0.01, incumbent 0.93 → u = -3, EI = 0.01·(φ(-3) − 3Φ(-3)).
    close(expectedImprovement(0.9, 0.01, 0.93), 0.01 * (0.0044318484119380075 - 3 * 0.0013498980316301035), 1e-9);
  });

  it('stays finite and ordered far in the tail, where φ and Φ underflow', () => {
    const a = logExpectedImprovement(0.9, 1e-4, 0.95); // u = -500
    const b = logExpectedImprovement(0.9001, 1e-4, 0.95); // u = -499
    assert.ok(Number.isFinite(a) && Number.isFinite(b) && b > a);
    // Continuity across the switch to the continued fraction (u = -30).
    close(logExpectedImprovement(-30.000001, 1, 0), logExpectedImprovement(-29.999999, 1, 0), 1e-6);
    // log h(u) ≈ log φ(u) − 2 log|u| for large |u|.
    close(logExpectedImprovement(-500, 1, 0), -0.5 * 500 * 500 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(500), 1e-9);
  });

  it('grows with mean and spread, and the cheap bound is an upper bound', () => {
    for (const u of [-200, -40, -10, -3, -1.5, -0.5, 0, 0.7, 4]) {
      const exact = logExpectedImprovement(u, 1, 0);
      assert.ok(logExpectedImprovementUpperBound(u, 1, 0) >= exact, `bound at u=${u}`);
      assert.ok(logExpectedImprovement(u + 0.1, 1, 0) > exact);
      assert.ok(logExpectedImprovement(u, 1.1, 0) > exact);
    }
  });
});

describe('fastTanh', () => {
  it('is within 3e-7 of Math.tanh everywhere', () => {
    let worst = 0;
    for (let i = -40000; i <= 40000; i++) worst = Math.max(worst, Math.abs(fastTanh(i * 5e-4) - Math.tanh(i * 5e-4)));
    assert.ok(worst < 3e-7, `max error ${worst}`);
    assert.ok(Math.abs(fastTanh(1e6) - 1) < 3e-7 && Math.abs(fastTanh(-1e6) + 1) < 3e-7);
  });
});

describe('Nelder-Mead', () => {
  it('finds the minimum of the Rosenbrock function and respects infinite walls', () => {
    const rosen = (x: readonly number[]): number => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
    const r = nelderMead(rosen, [-1.2, 1], { xtol: 1e-8, ftol: 1e-12, maxIterations: 2000 });
    close(r.x[0], 1, 1e-4);
    close(r.x[1], 1, 1e-4);
    const walled = nelderMead((x) => (x[0] > 2 ? Infinity : (x[0] - 3) ** 2 + x[1] ** 2), [0, 1], { xtol: 1e-8, ftol: 1e-12 });
    assert.ok(walled.x[0] <= 2 && walled.x[0] > 1.99);
  });
});

describe('Adam', () => {
  it('first step moves each parameter by lr against the gradient sign (bias correction)', () => {
    const params = Float64Array.from([1, -2]);
    const state = createAdamState(2);
    adamStep(params, Float64Array.from([0.3, -5]), state, { lr: 0.01 });
    close(params[0], 1 - 0.01, 1e-6);
    close(params[1], -2 + 0.01, 1e-6);
    assert.equal(state.step, 1);
  });
});
