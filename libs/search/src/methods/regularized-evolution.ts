/**
 * Regularized (aging) evolution, Real et al. 2019, as run on the NAS benchmarks:
 * - the first `population` proposals are uniform random architectures;
 * - then each cycle samples `tournament` members of the population uniformly without replacement,
 *   takes the one with the best validation accuracy as parent, and proposes a child one mutation
 *   away (a uniform pick among the parent's labelled neighbours in the search space, i.e.
 *   `SearchSpace.neighbours`: one edge flip or one op change); the child joins the population and
 *   the oldest member leaves.
 * Defaults per space:
 * - NAS-Bench-101: population 100, tournament 10 (Ying et al. 2019, NAS-Bench-101 §5.1/App.).
 * - NAS-Bench-201: population 10, tournament 3 (the NAS-Bench-201 R-EA script, which produced the
 *   RE row of arch2vec's Table 3). With 100/10 a 100-query NB201 run would be pure random search.
 * Children are never repeats: neighbours already proposed are skipped; when a parent has no fresh
 * neighbour left the child is a uniform random unproposed architecture (the reference `mutate_spec`
 * can return the parent itself and query it again; we never re-query). Evolution proposes one child
 * at a time, because each tournament must see every earlier child's result.
 */
import { SearchInputError } from '../errors.js';
import type { MethodName } from '../types.js';
import { MethodBase, type MethodContext } from './method-base.js';

export interface EvolutionOptions {
  population: number;
  tournament: number;
}

export const EVOLUTION_DEFAULTS: Record<'nb101' | 'nb201', EvolutionOptions> = {
  nb101: { population: 100, tournament: 10 },
  nb201: { population: 10, tournament: 3 },
};

interface EvolutionState {
  options: EvolutionOptions;
  /** Population, oldest first: candidate indices and their validation accuracies. */
  members: number[];
  accuracies: number[];
}

export class RegularizedEvolution extends MethodBase {
  readonly name: MethodName = 'evolution';
  private options: EvolutionOptions;
  private members: number[] = [];
  private accuracies: number[] = [];

  constructor(context: MethodContext, options?: Partial<EvolutionOptions>) {
    super(context);
    this.options = checkEvolutionOptions({ ...EVOLUTION_DEFAULTS[context.pool.benchmark.space], ...options });
  }

  protected chooseNext(k: number): number[] {
    const seeded = this.proposed.length;
    if (seeded < this.options.population) {
      // Initial population: random architectures, as many as asked (they need no results).
      const count = Math.min(k, this.options.population - seeded);
      return Array.from({ length: count }, () => this.claim(this.randomUnvisited()));
    }
    return [this.claim(this.mutateWinner())];
  }

  private mutateWinner(): number {
    const size = this.members.length;
    const picks = this.rng.sampleIndices(size, Math.min(this.options.tournament, size));
    let best = picks[0];
    for (const p of picks) if (this.accuracies[p] > this.accuracies[best]) best = p;
    const fresh = this.pool.neighbourIndices(this.members[best]).filter((index) => this.visited[index] === 0);
    if (fresh.length === 0) return this.randomUnvisited();
    return fresh[this.rng.int(0, fresh.length - 1)];
  }

  protected learn(indices: readonly number[], values: readonly number[]): void {
    indices.forEach((index, i) => {
      this.members.push(index);
      this.accuracies.push(values[i]);
    });
    // Aging: only the youngest `population` members stay.
    const excess = this.members.length - this.options.population;
    if (excess > 0) {
      this.members.splice(0, excess);
      this.accuracies.splice(0, excess);
    }
  }

  protected methodState(): EvolutionState {
    return { options: { ...this.options }, members: [...this.members], accuracies: [...this.accuracies] };
  }

  protected restoreMethodState(raw: unknown): void {
    const state = raw as EvolutionState;
    this.options = checkEvolutionOptions(state.options);
    if (!Array.isArray(state.members) || !Array.isArray(state.accuracies) || state.members.length !== state.accuracies.length) {
      throw new SearchInputError('evolution state: members and accuracies must be arrays of the same length');
    }
    this.members = [...state.members];
    this.accuracies = [...state.accuracies];
  }
}

function checkEvolutionOptions(options: EvolutionOptions): EvolutionOptions {
  const { population, tournament } = options;
  if (!Number.isInteger(population) || population < 1) throw new SearchInputError(`evolution population must be an integer >= 1, got ${population}`);
  if (!Number.isInteger(tournament) || tournament < 1 || tournament > population) {
    throw new SearchInputError(`evolution tournament must be an integer in 1..population (${population}), got ${tournament}`);
  }
  return { population, tournament };
}
