/**
 * What every method shares: the ask/tell bookkeeping (proposed keys, pending keys, the visited
 * bitmap that guarantees no architecture is proposed twice), the seeded random generator, and the
 * state header that `serialize` writes and `restore` checks. Subclasses only choose indices.
 */
import { SearchProtocolError, SearchSpaceExhaustedError } from '../errors.js';
import type { CandidatePool } from '../candidate-pool.js';
import type { MethodName, Observation, SearchMethod, SearchMode, SearchState } from '../types.js';
import { SeededRng } from '../util/seeded-rng.js';

export interface MethodContext {
  pool: CandidatePool;
  seed: number;
  mode: SearchMode;
  /** sourceId of the embedding set the method runs on, null for methods without one. */
  embeddingSourceId: string | null;
}

export abstract class MethodBase implements SearchMethod {
  abstract readonly name: MethodName;
  protected rng: SeededRng;
  /** 1 for every index proposed in this run (queried, pending, or otherwise excluded). */
  protected readonly visited: Uint8Array;
  protected visitedCount = 0;
  /** Indices proposed so far, in order. */
  protected readonly proposed: number[] = [];
  protected pending: number[] = [];
  private claimed: number[] = [];

  constructor(protected readonly context: MethodContext) {
    this.rng = SeededRng.fromSeed(context.seed);
    this.visited = new Uint8Array(context.pool.size);
  }

  protected get pool(): CandidatePool {
    return this.context.pool;
  }

  propose(k: number): string[] {
    if (!Number.isInteger(k) || k < 1) throw new SearchProtocolError(`propose(k) needs an integer k >= 1, got ${k}`);
    if (this.pending.length > 0) {
      throw new SearchProtocolError(`observe the ${this.pending.length} pending proposal(s) before proposing again`);
    }
    if (this.visitedCount >= this.pool.size) throw new SearchSpaceExhaustedError('every architecture has been proposed');
    this.claimed = [];
    const indices = this.chooseNext(Math.min(k, this.pool.size - this.visitedCount));
    // The guarantee of the contract, checked here once for every method: each proposal was
    // claimed (which refuses anything visited) in this very call, in this order.
    if (indices.length === 0 || indices.length > k || indices.length !== this.claimed.length || indices.some((index, i) => this.claimed[i] !== index)) {
      throw new Error(`${this.name} returned proposals it did not claim (k=${k})`);
    }
    this.proposed.push(...indices);
    this.pending = indices;
    return indices.map((i) => this.pool.keys[i]);
  }

  observe(results: readonly Observation[]): void {
    if (results.length !== this.pending.length) {
      throw new SearchProtocolError(`expected results for the ${this.pending.length} pending proposal(s), got ${results.length}`);
    }
    const values = results.map((result, i) => {
      const expected = this.pool.keys[this.pending[i]];
      if (result.key !== expected) {
        throw new SearchProtocolError(`result ${i} is for ${JSON.stringify(result.key)}, expected ${JSON.stringify(expected)} (proposal order)`);
      }
      const v = result.validationAccuracy;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new SearchProtocolError(`validation accuracy of ${expected} is not a finite number`);
      return v;
    });
    const indices = this.pending;
    this.pending = [];
    this.learn(indices, values);
  }

  serialize(): SearchState {
    return {
      format: 'a2v-search-state',
      version: 1,
      method: this.name,
      mode: this.context.mode,
      benchmark: this.pool.benchmark.name,
      seed: this.context.seed,
      embeddingSourceId: this.context.embeddingSourceId,
      candidates: this.pool.size,
      proposed: this.proposed.map((i) => this.pool.keys[i]),
      pending: this.pending.map((i) => this.pool.keys[i]),
      rng: this.rng.state(),
      methodState: this.methodState(),
    };
  }

  /** Puts a checked state back (the header is checked by restoreSearchMethod). */
  restoreFrom(state: SearchState): void {
    for (const key of state.proposed) {
      const index = this.indexOfKey(key);
      this.markVisited(index);
      this.proposed.push(index);
    }
    this.pending = state.pending.map((key) => this.indexOfKey(key));
    this.rng = SeededRng.fromState(state.rng);
    this.restoreMethodState(state.methodState);
  }

  protected indexOfKey(key: string): number {
    const index = this.pool.indexOf(key);
    if (index === undefined) throw new SearchProtocolError(`state names ${JSON.stringify(key)}, which benchmark ${this.pool.benchmark.name} does not hold`);
    return index;
  }

  /** Takes an unvisited index for the current proposal; refuses one already visited. */
  protected claim(index: number): number {
    if (this.visited[index] !== 0) throw new Error(`${this.name} tried to re-propose ${this.pool.keys[index]}`);
    this.markVisited(index);
    this.claimed.push(index);
    return index;
  }

  protected markVisited(index: number): void {
    if (this.visited[index] === 0) {
      this.visited[index] = 1;
      this.visitedCount += 1;
    }
  }

  /** A uniformly random index not visited yet (rejection first; a scan once few are left). */
  protected randomUnvisited(): number {
    const n = this.pool.size;
    for (let attempt = 0; attempt < 64; attempt++) {
      const index = this.rng.int(0, n - 1);
      if (this.visited[index] === 0) return index;
    }
    let rank = this.rng.int(0, n - this.visitedCount - 1);
    for (let index = 0; index < n; index++) {
      if (this.visited[index] === 0 && rank-- === 0) return index;
    }
    throw new SearchSpaceExhaustedError('every architecture has been proposed');
  }

  /** Chooses and claims 1..k unvisited indices (k never exceeds the number left). */
  protected abstract chooseNext(k: number): number[];
  /** Takes the validation accuracies of the indices just observed, in proposal order. */
  protected abstract learn(indices: readonly number[], values: readonly number[]): void;
  protected abstract methodState(): unknown;
  protected abstract restoreMethodState(state: unknown): void;
}
