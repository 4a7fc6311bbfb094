/**
 * arch2vec-RL (and supervised-rl on a supervised embedding set): REINFORCE over a fixed
 * embedding table (paper §3.3.1, App. A; code `search_methods/reinforce*.py`).
 * - The run starts at a uniform random architecture; as in the code it is marked visited but
 *   neither queried nor charged.
 * - Each step feeds the current architecture's embedding to the LSTM policy (lstm-policy.ts),
 *   samples an action a ~ N(μ, I), and proposes the nearest not-yet-visited embedding to a (L2);
 *   that architecture becomes the next state. Reward = its validation accuracy.
 * - Every 16 steps (one episode) Adam (lr 1e-2) takes one step on
 *   L = mean_t −log π(a_t)·A_t, and the LSTM state is reset.
 * Advantages A_t, where paper and code differ (reference notes §4.1, §6 #6):
 * - 'clean' (default, the paper): discounted returns G_t = Σ_k γ^k r_{t+k} within the episode,
 *   γ = 0.8 (NB101) / 0.4 (NB201), minus the paper's constant baseline b = 0.95 (NB101) / 0.4
 *   (NB201) carried through the same discounting, i.e. A_t = Σ_k γ^k (r_{t+k} − b) — the only way a
 *   per-reward constant baseline stays on the scale of a discounted return.
 * - 'reference' (the code): the discounted returns are computed and then overwritten by the raw
 *   rewards, so A_t = r_t − b; and on NB201 the nearest-neighbour loop starts at rank 1, so the
 *   single nearest embedding is always skipped, even when unvisited.
 */
import type { AlignedEmbeddings } from '../embeddings/embedding-set.js';
import { SearchInputError } from '../errors.js';
import { adamStep } from '../math/adam.js';
import { initPolicyParams, policyGradient, policyLayout, policyStep, type PolicyShape, type StepCache } from '../rl/lstm-policy.js';
import { NearestNeighbourIndex } from '../rl/nearest-neighbour.js';
import type { MethodName } from '../types.js';
import { MethodBase, type MethodContext } from './method-base.js';

export interface EmbeddingRlOptions {
  hidden: number;
  episode: number;
  learningRate: number;
  gamma: number;
  baseline: number;
}

export function embeddingRlDefaults(space: 'nb101' | 'nb201'): EmbeddingRlOptions {
  return space === 'nb101'
    ? { hidden: 128, episode: 16, learningRate: 1e-2, gamma: 0.8, baseline: 0.95 }
    : { hidden: 128, episode: 16, learningRate: 1e-2, gamma: 0.4, baseline: 0.4 };
}

interface EmbeddingRlState {
  options: EmbeddingRlOptions;
  start: number;
  current: number;
  params: number[];
  adam: { step: number; m: number[]; v: number[] };
  h: number[];
  c: number[];
  /** This episode so far: input state, sampled action and reward (once observed) per step. */
  inputs: number[];
  actions: number[][];
  rewards: number[];
}

export class EmbeddingRl extends MethodBase {
  private options: EmbeddingRlOptions;
  private readonly shape: PolicyShape;
  private params: Float32Array;
  private adam: { step: number; m: Float32Array; v: Float32Array };
  private start: number;
  private current: number;
  private h: Float64Array;
  private c: Float64Array;
  private inputs: number[] = [];
  private actions: Float64Array[] = [];
  private rewards: number[] = [];

  constructor(
    readonly name: MethodName,
    context: MethodContext,
    private readonly embeddings: AlignedEmbeddings,
    options?: Partial<EmbeddingRlOptions>,
  ) {
    super(context);
    this.options = checkOptions({ ...embeddingRlDefaults(context.pool.benchmark.space), ...options });
    this.shape = { input: embeddings.dim, hidden: this.options.hidden };
    this.params = initPolicyParams(this.shape, this.rng);
    const size = this.params.length;
    this.adam = { step: 0, m: new Float32Array(size), v: new Float32Array(size) };
    this.h = new Float64Array(this.options.hidden);
    this.c = new Float64Array(this.options.hidden);
    this.start = this.rng.int(0, context.pool.size - 1);
    this.current = this.start;
    this.markVisited(this.start);
  }

  protected chooseNext(k: number): number[] {
    const { dim, rows } = this.embeddings;
    const steps = Math.min(k, this.options.episode - this.inputs.length);
    const out: number[] = [];
    for (let s = 0; s < steps; s++) {
      const x = rows.subarray(this.current * dim, (this.current + 1) * dim);
      const step = policyStep(this.params, this.shape, x, this.h, this.c);
      const action = Float64Array.from(step.mean, (mu) => mu + this.rng.normal());
      const index = this.neighbourIndex();
      const skip = this.context.mode === 'reference' && this.pool.benchmark.space === 'nb201' ? index.nearestUnvisited(action, this.noneVisited()) : -1;
      let next = index.nearestUnvisited(action, this.visited, skip);
      if (next === -1) next = index.nearestUnvisited(action, this.visited);
      out.push(this.claim(next));
      this.inputs.push(this.current);
      this.actions.push(action);
      this.h = step.h;
      this.c = step.c;
      this.current = next;
    }
    return out;
  }

  private nnIndex: NearestNeighbourIndex | undefined;
  private allUnvisited: Uint8Array | undefined;

  /** Built on first use and shared by every run on the same embedding table. */
  private neighbourIndex(): NearestNeighbourIndex {
    this.nnIndex ??= indexFor(this.embeddings);
    return this.nnIndex;
  }

  private noneVisited(): Uint8Array {
    this.allUnvisited ??= new Uint8Array(this.pool.size);
    return this.allUnvisited;
  }

  protected learn(_indices: readonly number[], values: readonly number[]): void {
    this.rewards.push(...values);
    if (this.rewards.length < this.options.episode) return;
    this.update();
    this.inputs = [];
    this.actions = [];
    this.rewards = [];
    this.h = new Float64Array(this.options.hidden);
    this.c = new Float64Array(this.options.hidden);
  }

  private update(): void {
    const { dim, rows } = this.embeddings;
    const { gamma, baseline } = this.options;
    // Replay the episode (the policy has not changed since) to rebuild the caches for BPTT.
    const steps: StepCache[] = [];
    let h: Float64Array = new Float64Array(this.options.hidden);
    let c: Float64Array = new Float64Array(this.options.hidden);
    for (const input of this.inputs) {
      const step = policyStep(this.params, this.shape, rows.subarray(input * dim, (input + 1) * dim), h, c);
      steps.push(step);
      h = step.h;
      c = step.c;
    }
    const T = this.rewards.length;
    const advantages = new Array<number>(T);
    if (this.context.mode === 'reference') {
      for (let t = 0; t < T; t++) advantages[t] = this.rewards[t] - baseline;
    } else {
      let running = 0;
      for (let t = T - 1; t >= 0; t--) {
        running = this.rewards[t] - baseline + gamma * running;
        advantages[t] = running;
      }
    }
    const grad = policyGradient(this.params, this.shape, steps, this.actions, advantages);
    // Adam in float64 on a copy, then stored back in float32 (the state's precision).
    const params = Float64Array.from(this.params);
    const adam = { step: this.adam.step, m: Float64Array.from(this.adam.m), v: Float64Array.from(this.adam.v) };
    adamStep(params, grad, adam, { lr: this.options.learningRate });
    this.params = Float32Array.from(params);
    this.adam = { step: adam.step, m: Float32Array.from(adam.m), v: Float32Array.from(adam.v) };
  }

  protected methodState(): EmbeddingRlState {
    return {
      options: { ...this.options },
      start: this.start,
      current: this.current,
      params: float32ToJson(this.params),
      adam: { step: this.adam.step, m: float32ToJson(this.adam.m), v: float32ToJson(this.adam.v) },
      h: Array.from(this.h),
      c: Array.from(this.c),
      inputs: [...this.inputs],
      actions: this.actions.map((a) => Array.from(a)),
      rewards: [...this.rewards],
    };
  }

  protected restoreMethodState(raw: unknown): void {
    const state = raw as EmbeddingRlState;
    const size = policyLayout(this.shape).size;
    this.options = checkOptions(state?.options);
    if (this.options.hidden !== this.shape.hidden) throw new SearchInputError('RL state: hidden size differs from the method’s');
    if (!Array.isArray(state.params) || state.params.length !== size || state.adam?.m?.length !== size || state.adam?.v?.length !== size) {
      throw new SearchInputError(`RL state: params and Adam moments must hold ${size} numbers each`);
    }
    this.params = Float32Array.from(state.params);
    this.adam = { step: state.adam.step, m: Float32Array.from(state.adam.m), v: Float32Array.from(state.adam.v) };
    this.start = state.start;
    this.current = state.current;
    this.markVisited(this.start);
    this.h = Float64Array.from(state.h);
    this.c = Float64Array.from(state.c);
    this.inputs = [...state.inputs];
    this.actions = state.actions.map((a) => Float64Array.from(a));
    this.rewards = [...state.rewards];
  }
}

const indexCache = new WeakMap<Float32Array, NearestNeighbourIndex>();

function indexFor(embeddings: AlignedEmbeddings): NearestNeighbourIndex {
  let index = indexCache.get(embeddings.rows);
  if (index === undefined) {
    index = new NearestNeighbourIndex(embeddings.rows, embeddings.dim);
    indexCache.set(embeddings.rows, index);
  }
  return index;
}

/** Float32 values with 9 significant digits: enough to restore the exact float32, and short. */
function float32ToJson(values: Float32Array): number[] {
  return Array.from(values, (v) => Number(v.toPrecision(9)));
}

function checkOptions(options: EmbeddingRlOptions): EmbeddingRlOptions {
  if (!options || !Number.isInteger(options.hidden) || options.hidden < 1) throw new SearchInputError('RL option hidden must be an integer >= 1');
  if (!Number.isInteger(options.episode) || options.episode < 1) throw new SearchInputError('RL option episode must be an integer >= 1');
  if (!(options.learningRate > 0)) throw new SearchInputError('RL option learningRate must be > 0');
  if (!(options.gamma >= 0 && options.gamma <= 1)) throw new SearchInputError('RL option gamma must be in [0, 1]');
  if (!Number.isFinite(options.baseline)) throw new SearchInputError('RL option baseline must be a finite number');
  return options;
}
