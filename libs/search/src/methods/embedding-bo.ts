/**
 * arch2vec-BO (and supervised-bo on a supervised embedding set): DNGO over a fixed embedding
 * table (paper §3.3.2, App. A; code `search_methods/dngo*.py` + `pybnn`).
 * - 16 uniform random initial architectures.
 * - Each round: a fresh DNGO (dngo-network.ts) is trained on every observation so far (inputs
 *   z-scored), its hidden layer feeds a Bayesian linear regression whose (α, β) maximise the
 *   marginal likelihood, and the top-T unvisited candidates by expected improvement are proposed
 *   (T = 5 on NAS-Bench-101, 1 on NAS-Bench-201).
 * 'clean' (default): targets z-scored, EI with the predictive standard deviation and the best
 *   observed value as incumbent, the correct (squared-residual) likelihood maximised from the best
 *   point of a grid.
 * 'reference': the official code — raw targets, incumbent fixed at 0.95 (NB101) / 1.0 (NB201),
 *   the variance in place of σ in EI, pybnn's un-squared residual in the likelihood, Nelder-Mead
 *   from one random start (log α ~ N(0,1), log σ² ~ N(-3,1)).
 * Both never propose an architecture twice (the reference NB101 code re-queries and re-charges
 * repeats because its visited dict is keyed by tensors — a bug we do not reproduce).
 */
import type { AlignedEmbeddings } from '../embeddings/embedding-set.js';
import { SearchInputError } from '../errors.js';
import type { MethodName } from '../types.js';
import { DNGO_NETWORK_DEFAULTS, type DngoNetworkOptions } from '../bo/dngo-network.js';
import { dngoRound } from '../bo/dngo-round.js';
import { MethodBase, type MethodContext } from './method-base.js';

export interface EmbeddingBoOptions {
  initialPoints: number;
  /** Architectures proposed per round. */
  perRound: number;
  network: DngoNetworkOptions;
}

export function embeddingBoDefaults(space: 'nb101' | 'nb201'): EmbeddingBoOptions {
  return { initialPoints: 16, perRound: space === 'nb101' ? 5 : 1, network: { ...DNGO_NETWORK_DEFAULTS } };
}

/** The reference code's fixed EI incumbents. */
const REFERENCE_INCUMBENT = { nb101: 0.95, nb201: 1.0 } as const;

interface EmbeddingBoState {
  options: EmbeddingBoOptions;
  observed: number[];
  values: number[];
  /** This round's picks not handed out yet. */
  queue: number[];
  rounds: number;
}

export class EmbeddingBo extends MethodBase {
  private options: EmbeddingBoOptions;
  private observed: number[] = [];
  private values: number[] = [];
  private queue: number[] = [];
  private rounds = 0;

  constructor(
    readonly name: MethodName,
    context: MethodContext,
    private readonly embeddings: AlignedEmbeddings,
    options?: Partial<EmbeddingBoOptions>,
  ) {
    super(context);
    this.options = checkOptions({ ...embeddingBoDefaults(context.pool.benchmark.space), ...options });
  }

  protected chooseNext(k: number): number[] {
    const proposedSoFar = this.proposed.length;
    if (proposedSoFar < this.options.initialPoints) {
      const count = Math.min(k, this.options.initialPoints - proposedSoFar);
      return Array.from({ length: count }, () => this.claim(this.randomUnvisited()));
    }
    if (this.queue.length === 0) this.queue = this.runRound();
    return this.queue.splice(0, Math.min(k, this.queue.length)).map((index) => this.claim(index));
  }

  /** Trains a fresh DNGO on all observations and returns the round's picks, best first. */
  private runRound(): number[] {
    this.rounds += 1;
    const round = dngoRound({
      rows: this.embeddings.rows,
      dim: this.embeddings.dim,
      observed: this.observed,
      values: this.values,
      visited: this.visited,
      picks: this.options.perRound,
      network: this.options.network,
      mode: this.context.mode,
      referenceIncumbent: REFERENCE_INCUMBENT[this.pool.benchmark.space],
      rng: this.rng,
    });
    return round.picks.map((p) => p.index);
  }

  protected learn(indices: readonly number[], values: readonly number[]): void {
    this.observed.push(...indices);
    this.values.push(...values);
  }

  protected methodState(): EmbeddingBoState {
    return { options: structuredClone(this.options), observed: [...this.observed], values: [...this.values], queue: [...this.queue], rounds: this.rounds };
  }

  protected restoreMethodState(raw: unknown): void {
    const state = raw as EmbeddingBoState;
    if (!Array.isArray(state?.observed) || !Array.isArray(state.values) || !Array.isArray(state.queue) || state.observed.length !== state.values.length) {
      throw new SearchInputError('BO state: observed, values and queue must be arrays (observed and values of equal length)');
    }
    this.options = checkOptions(state.options);
    this.observed = [...state.observed];
    this.values = [...state.values];
    this.queue = [...state.queue];
    this.rounds = state.rounds;
  }
}

function checkOptions(options: EmbeddingBoOptions): EmbeddingBoOptions {
  const positive = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new SearchInputError(`BO option ${name} must be an integer >= 1, got ${v}`);
  };
  positive('initialPoints', options.initialPoints);
  positive('perRound', options.perRound);
  positive('network.hidden', options.network.hidden);
  positive('network.epochs', options.network.epochs);
  positive('network.batchSize', options.network.batchSize);
  if (!(options.network.learningRate > 0)) throw new SearchInputError(`BO option network.learningRate must be > 0`);
  return options;
}
