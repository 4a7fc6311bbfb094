/**
 * Method names → implementations, and the one place that checks a method's inputs (mode,
 * embedding set) and a saved state's header before anything runs.
 */
import type { TabularBenchmark } from '@a2v/benchmarks';
import { CandidatePool } from '../candidate-pool.js';
import { alignEmbeddings, type AlignedEmbeddings, type EmbeddingSet } from '../embeddings/embedding-set.js';
import { SearchInputError } from '../errors.js';
import { METHOD_NAMES, type MethodName, type SearchMethod, type SearchMode, type SearchState } from '../types.js';
import { EmbeddingBo, type EmbeddingBoOptions } from './embedding-bo.js';
import { EmbeddingRl, type EmbeddingRlOptions } from './embedding-rl.js';
import type { MethodBase, MethodContext } from './method-base.js';
import { RandomSearch } from './random-search.js';
import { RegularizedEvolution, type EvolutionOptions } from './regularized-evolution.js';

/** Per-method option overrides (defaults are the paper's, per search space). */
export interface MethodOptions {
  evolution?: Partial<EvolutionOptions>;
  rl?: Partial<EmbeddingRlOptions>;
  bo?: Partial<EmbeddingBoOptions>;
}

export interface CreateMethodRequest {
  method: string;
  benchmark: TabularBenchmark;
  seed: number;
  mode?: SearchMode;
  embeddings?: EmbeddingSet;
  options?: MethodOptions;
}

const EMBEDDING_METHODS: ReadonlySet<MethodName> = new Set(['arch2vec-rl', 'arch2vec-bo', 'supervised-rl', 'supervised-bo']);

export function isMethodName(name: string): name is MethodName {
  return (METHOD_NAMES as readonly string[]).includes(name);
}

export function methodNeedsEmbeddings(name: MethodName): boolean {
  return EMBEDDING_METHODS.has(name);
}

/** Checks name, seed, mode and embeddings; throws SearchInputError before anything is built. */
export function checkMethodRequest(request: CreateMethodRequest): { name: MethodName; mode: SearchMode; aligned: AlignedEmbeddings | null; pool: CandidatePool } {
  const { method, seed } = request;
  if (!isMethodName(method)) throw new SearchInputError(`unknown search method ${JSON.stringify(method)}; valid methods: ${METHOD_NAMES.join(', ')}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0x7fffffff) throw new SearchInputError(`seed must be an integer in 0..2147483647, got ${seed}`);
  const mode = request.mode ?? 'clean';
  if (mode !== 'clean' && mode !== 'reference') throw new SearchInputError(`mode must be 'clean' or 'reference', got ${JSON.stringify(mode)}`);
  const pool = CandidatePool.of(request.benchmark);
  if (!methodNeedsEmbeddings(method)) {
    if (mode === 'reference') throw new SearchInputError(`method ${method} has no reference mode (only the arch2vec/supervised RL and BO methods do)`);
    if (request.embeddings !== undefined) alignEmbeddings(request.embeddings, pool); // still reject a wrong one
    return { name: method, mode, aligned: null, pool };
  }
  const supervised = method.startsWith('supervised-');
  const set = request.embeddings;
  if (set === undefined) {
    throw new SearchInputError(
      supervised
        ? `${method} needs a supervised embedding set (an EmbeddingSet with kind 'supervised', from an encoder trained on accuracies); @a2v/model does not provide one yet`
        : `${method} needs an embedding set (arch2vec embeddings from @a2v/model, or createStandInEmbeddingSet(benchmark) as a stand-in)`,
    );
  }
  if (supervised && set.kind !== 'supervised') {
    throw new SearchInputError(`${method} needs a supervised embedding set (kind 'supervised'); got ${set.kind ?? 'an unsupervised one'} (${set.sourceId})`);
  }
  if (!supervised && set.kind === 'supervised') {
    throw new SearchInputError(`${method} searches an unsupervised embedding; ${set.sourceId} is supervised — use ${method.replace('arch2vec-', 'supervised-')}`);
  }
  return { name: method, mode, aligned: alignEmbeddings(set, pool), pool };
}

export function createSearchMethod(request: CreateMethodRequest): SearchMethod {
  return build(request).method;
}

function build(request: CreateMethodRequest): { method: MethodBase } {
  const { name, mode, aligned, pool } = checkMethodRequest(request);
  const context: MethodContext = { pool, seed: request.seed, mode, embeddingSourceId: aligned?.sourceId ?? null };
  const options = request.options ?? {};
  switch (name) {
    case 'random':
      return { method: new RandomSearch(context) };
    case 'evolution':
      return { method: new RegularizedEvolution(context, options.evolution) };
    case 'arch2vec-rl':
    case 'supervised-rl':
      return { method: new EmbeddingRl(name, context, aligned!, options.rl) };
    case 'arch2vec-bo':
    case 'supervised-bo':
      return { method: new EmbeddingBo(name, context, aligned!, options.bo) };
  }
}

/**
 * Rebuilds a method from `serialize()` output. The state must come from the same method, benchmark
 * (name and size) and embedding set (sourceId); otherwise SearchInputError, before anything runs.
 */
export function restoreSearchMethod(state: SearchState, context: { benchmark: TabularBenchmark; embeddings?: EmbeddingSet; method?: string }): SearchMethod {
  if (state === null || typeof state !== 'object' || state.format !== 'a2v-search-state' || state.version !== 1) {
    throw new SearchInputError('not a search state (expected format a2v-search-state, version 1)');
  }
  if (context.method !== undefined && context.method !== state.method) {
    throw new SearchInputError(`the state is from method ${state.method}, not ${context.method}`);
  }
  if (state.benchmark !== context.benchmark.name) throw new SearchInputError(`the state is from benchmark ${state.benchmark}, not ${context.benchmark.name}`);
  if (state.candidates !== context.benchmark.size) {
    throw new SearchInputError(`the state was made on ${state.candidates} architectures, benchmark ${context.benchmark.name} has ${context.benchmark.size}`);
  }
  const sourceId = context.embeddings?.sourceId ?? null;
  if (methodNeedsEmbeddings(state.method) && sourceId !== state.embeddingSourceId) {
    throw new SearchInputError(`the state was made on embedding set ${state.embeddingSourceId}, not ${sourceId ?? '(none)'}`);
  }
  const methodState = state.methodState as { options?: unknown } | null;
  const options: MethodOptions = {};
  if (state.method === 'evolution') options.evolution = methodState?.options as EvolutionOptions;
  if (state.method.endsWith('-rl')) options.rl = methodState?.options as EmbeddingRlOptions;
  if (state.method.endsWith('-bo')) options.bo = methodState?.options as EmbeddingBoOptions;
  const { method } = build({ method: state.method, benchmark: context.benchmark, seed: state.seed, mode: state.mode, embeddings: context.embeddings, options });
  method.restoreFrom(state);
  return method;
}
