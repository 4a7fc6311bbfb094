/**
 * One DNGO round over an embedding table: normalise the observed inputs, train the basis network
 * from scratch, fit the Bayesian linear regression (hyper-parameters by marginal likelihood), and
 * pick the top-k unvisited candidates by expected improvement. Used by arch2vec-BO every round
 * and by the speed benchmark; `timings` says where the time went.
 */
import type { SeededRng } from '../util/seeded-rng.js';
import { blrPosterior, fitBlrHyper, prepareBlr } from './bayesian-linear-regression.js';
import { dngoBasis, trainDngoNetwork, type DngoNetworkOptions } from './dngo-network.js';
import { topKByExpectedImprovement, type ScoredCandidate } from './expected-improvement-top-k.js';

export interface DngoRoundInput {
  /** count × dim candidate table (float32). */
  rows: Float32Array;
  dim: number;
  /** Rows observed so far and their values. */
  observed: readonly number[];
  values: readonly number[];
  /** 1 = may not be picked. */
  visited: Uint8Array;
  picks: number;
  network: DngoNetworkOptions;
  /** 'clean': z-scored targets, EI(σ) against the best observed value, exact likelihood. */
  mode: 'clean' | 'reference';
  /** Reference mode's fixed EI incumbent (0.95 on NB101, 1.0 on NB201). */
  referenceIncumbent: number;
  rng: SeededRng;
}

export interface DngoRoundResult {
  picks: ScoredCandidate[];
  alpha: number;
  beta: number;
  /** Milliseconds per stage. */
  timings: { train: number; regression: number; acquisition: number };
  /** Candidates scanned, and how many needed their full predictive variance. */
  acquisition: { scanned: number; full: number };
}

export function dngoRound(input: DngoRoundInput): DngoRoundResult {
  const { rows, dim, observed, values, rng } = input;
  const reference = input.mode === 'reference';
  const n = observed.length;
  const started = performance.now();
  // Inputs z-scored with the population std of the observations (pybnn's normalize_input).
  const inputMean = new Float64Array(dim);
  const inputStd = new Float64Array(dim);
  for (const index of observed) for (let d = 0; d < dim; d++) inputMean[d] += rows[index * dim + d] / n;
  for (const index of observed) for (let d = 0; d < dim; d++) inputStd[d] += (rows[index * dim + d] - inputMean[d]) ** 2 / n;
  for (let d = 0; d < dim; d++) inputStd[d] = Math.sqrt(inputStd[d]) || 1;
  const x = new Float64Array(n * dim);
  observed.forEach((index, r) => {
    for (let d = 0; d < dim; d++) x[r * dim + d] = (rows[index * dim + d] - inputMean[d]) / inputStd[d];
  });
  // Targets: z-scored in clean mode (pybnn's default), raw accuracies in the reference code.
  let yMean = 0;
  let yStd = 1;
  if (!reference) {
    yMean = values.reduce((a, b) => a + b, 0) / n;
    yStd = Math.sqrt(values.reduce((a, v) => a + (v - yMean) ** 2, 0) / n) || 1;
  }
  const y = Float64Array.from(values, (v) => (v - yMean) / yStd);
  const net = trainDngoNetwork(x, y, dim, rng, input.network);
  const trained = performance.now();
  const data = prepareBlr(dngoBasis(net, x, n), y, net.hidden);
  const hyper = reference ? fitBlrHyper(data, { start: [rng.normal(), rng.normal() - 3], squaredResidual: false }) : fitBlrHyper(data);
  const posterior = blrPosterior(data, hyper);
  const fitted = performance.now();
  const stats = { scanned: 0, full: 0 };
  let best = -Infinity;
  for (const v of values) best = Math.max(best, v);
  const picks = topKByExpectedImprovement(
    { net, posterior, inputMean, inputStd, incumbent: reference ? input.referenceIncumbent : (best - yMean) / yStd, spread: reference ? 'variance' : 'std' },
    rows,
    dim,
    input.visited,
    input.picks,
    stats,
  );
  const done = performance.now();
  return { picks, alpha: hyper.alpha, beta: hyper.beta, timings: { train: trained - started, regression: fitted - trained, acquisition: done - fitted }, acquisition: stats };
}
