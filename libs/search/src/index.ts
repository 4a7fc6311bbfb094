/**
 * @a2v/search — the architecture search methods of arch2vec and its baselines behind one ask/tell
 * interface, and a local runner.
 *
 * Methods (CLI names): random, evolution, arch2vec-rl, arch2vec-bo, supervised-rl, supervised-bo.
 * Every method is seeded and pure: its whole state serialises to JSON and restores exactly, and it
 * never proposes an architecture twice in a run. The embedding methods search any `EmbeddingSet`
 * (arch2vec's, a supervised encoder's, or `createStandInEmbeddingSet`'s random projection).
 */
export { METHOD_NAMES, type MethodName, type Observation, type SearchMethod, type SearchMode, type SearchState, type SearchStateHeader } from './types.js';
export { SearchError, SearchInputError, SearchProtocolError, SearchSpaceExhaustedError } from './errors.js';
export { checkBudget, checkBudgetFitsBenchmark, formatBudget, parseBudget, type Budget, type BudgetKind } from './budget.js';
export { alignEmbeddings, fromModelEmbeddingSet, type AlignedEmbeddings, type EmbeddingKind, type EmbeddingSet, type ModelEmbeddingSetLike } from './embeddings/embedding-set.js';
export { createStandInEmbeddingSet, projectRows, type StandInOptions } from './embeddings/stand-in-embedding.js';
export {
  checkMethodRequest,
  createSearchMethod,
  isMethodName,
  methodNeedsEmbeddings,
  restoreSearchMethod,
  type CreateMethodRequest,
  type MethodOptions,
} from './methods/registry.js';
export { EVOLUTION_DEFAULTS, type EvolutionOptions } from './methods/regularized-evolution.js';
export { embeddingRlDefaults, type EmbeddingRlOptions } from './methods/embedding-rl.js';
export { embeddingBoDefaults, type EmbeddingBoOptions } from './methods/embedding-bo.js';
export {
  createInMemoryLedger,
  runSearch,
  type ChargeQuery,
  type QueryCharge,
  type RunSearchOptions,
  type SearchCheckpoint,
  type SearchRun,
} from './runner/run-search.js';
export type { Incumbent, SearchSummary, TrajectoryEntry } from './runner/trajectory.js';

// Building blocks, exported for the speed benchmark and for reuse.
export { expectedImprovement, logExpectedImprovement } from './math/expected-improvement.js';
export { normalCdf, normalPdf } from './math/normal-distribution.js';
export { trainDngoNetwork, dngoBasis, DNGO_NETWORK_DEFAULTS, type DngoNetwork, type DngoNetworkOptions } from './bo/dngo-network.js';
export { blrPosterior, blrPredict, fitBlrHyper, logMarginalLikelihood, prepareBlr, type BlrData, type BlrHyper, type BlrPosterior } from './bo/bayesian-linear-regression.js';
export { dngoRound, type DngoRoundInput, type DngoRoundResult } from './bo/dngo-round.js';
export { topKByExpectedImprovement, type AcquisitionModel, type ScoredCandidate } from './bo/expected-improvement-top-k.js';
export { NearestNeighbourIndex, nearestUnvisited } from './rl/nearest-neighbour.js';
export { SeededRng, type SeededRngState } from './util/seeded-rng.js';
export { nextEntry, summarize } from './runner/trajectory.js';
