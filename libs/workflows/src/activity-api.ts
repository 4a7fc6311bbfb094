/**
 * The activity contract that workflows call. Types only: the implementations live in
 * @a2v/activities and do the I/O. Payloads carry ids and small records, never tensors.
 */
export interface SweepRecord {
  sweepId: string;
  name: string;
  status: string;
  createdAt: string;
}

export interface RoundTripActivities {
  /** Writes the Sweep row (idempotent: a retry finds it and returns it). */
  recordSweep(input: { sweepId: string; name: string; spec: Record<string, unknown> }): Promise<SweepRecord>;
  /** Reads the row back and marks it COMPLETED. */
  completeSweep(input: { sweepId: string }): Promise<SweepRecord>;
}

/** What a sweep workflow gets back when it prepares: only counts and ids, never big arrays. */
export interface SweepPlan {
  sweepId: string;
  runCount: number;
  parallelism: number;
  /** 'clean' or 'reference' (the official code's behaviour) for the arch2vec methods. */
  mode: 'clean' | 'reference';
  /** One per search space whose runs need an embedding set, saying how to get it. */
  representations: RepresentationPlan[];
}

/** Benchmark search-space ids, as runs and benchmarks name them. */
export type SpaceId = 'nb101' | 'nb201';

/** How a sweep gets one space's embedding set: reuse one, embed with a given checkpoint, or pre-train. */
export interface RepresentationPlan {
  space: SpaceId;
  embeddingsUri?: string;
  checkpointUri?: string;
  pretrain?: PretrainSettings;
  /** Embedding shards (one activity each on the embed queue). */
  embedShards: number;
}

/** Pre-training settings with the sweep's choices; absent fields take the paper's defaults for the space. */
export interface PretrainSettings {
  epochs?: number;
  seed?: number;
  mode?: 'vae' | 'reference';
  /** Train on the first `subset` architectures of the space only (quick runs, tests). */
  subset?: number;
  shards: number;
  /** Local Adam steps each shard takes between two averagings. */
  stepsPerRound: number;
}

/** One pre-training job; its artifacts are named after jobId (sweeps/<sweepId>/pretrain-<space>/…). */
export interface PretrainJob {
  jobId: string;
  sweepId: string;
  space: SpaceId;
  settings: PretrainSettings;
}

export interface PretrainPlan {
  rounds: number;
  shards: number;
  /** Graphs each shard trains on (its share of the training split). */
  shardSizes: number[];
}

export interface PretrainOutcome {
  checkpointUri: string;
  checkpointSha256: string;
  rounds: number;
  finalLoss: number;
  /** Held-out reconstruction (paper Table 1's first column and the element-wise accuracies). */
  heldOut: { reconstructionAccuracy: number; opAccuracy: number; adjacencyAccuracy: number; graphs: number };
}

/** Pretrain-queue activities: data-parallel rounds whose weights travel as artifacts. */
export interface PretrainActivities {
  /** Writes the round-0 global state (idempotent) and returns the round count. */
  planPretraining(job: PretrainJob): Promise<PretrainPlan>;
  /** One shard's local steps from the round's global state; its result is stored as an artifact. */
  trainShard(input: { job: PretrainJob; round: number; shard: number }): Promise<{ uri: string; meanLoss: number }>;
  /** Averages the round's shard results into the next global state (the round's checkpoint). */
  combineRound(input: { job: PretrainJob; round: number }): Promise<{ globalUri: string; meanLoss: number }>;
  /** Writes the final checkpoint artifact and measures held-out reconstruction. */
  finishPretraining(input: { job: PretrainJob; rounds: number }): Promise<PretrainOutcome>;
}

export interface EmbedJob {
  jobId: string;
  sweepId: string;
  space: SpaceId;
  checkpointUri: string;
  shards: number;
}

/** Embed-queue activities: each shard embeds a contiguous slice of the space; one assembles the set. */
export interface EmbedActivities {
  embedShard(input: { job: EmbedJob; shard: number }): Promise<{ uri: string; count: number }>;
  assembleEmbeddings(input: { job: EmbedJob }): Promise<{ embeddingsUri: string; count: number; sha256: string }>;
}

export interface RunChunkResult {
  runId: string;
  /** Queries recorded in the ledger so far (all attempts). */
  queries: number;
  done: boolean;
  /**
   * The run is marked COMPLETED with its summary: the chunk that finishes a run does it in the
   * same activity, saving the workflow a finishRun round trip. Absent in results recorded before
   * this field existed, which replay to the separate finishRun call.
   */
  finished?: boolean;
}

export interface RunDescriptor {
  runId: string;
  benchmark: string;
  space: string;
  method: string;
  seed: number;
}

/** Control-queue activities: light database work. */
export interface SweepControlActivities {
  /** Validates the spec and writes the Sweep and all SearchRun rows (idempotent). */
  prepareSweep(input: { sweepId: string; spec: unknown }): Promise<SweepPlan>;
  /** One page of the sweep's runs in schedule order. */
  listRuns(input: { sweepId: string; offset: number; limit: number }): Promise<RunDescriptor[]>;
  finishSweep(input: { sweepId: string; status: 'COMPLETED' | 'FAILED' | 'CANCELLED' }): Promise<void>;
  /** Records which embedding set each space's runs search (the sweep row keeps it for reports). */
  recordEmbeddings(input: { sweepId: string; embeddings: Partial<Record<SpaceId, string>> }): Promise<void>;
}

/** Search-queue activities: the searches themselves. */
export interface SearchActivities {
  /**
   * Runs one search for at most `maxQueries` more queries, resuming from the state checkpointed in
   * PostgreSQL, recording each round (queries + state) in one transaction. Heartbeats per round.
   * When the run is done it also marks it COMPLETED (as finishRun would) and says so.
   */
  runSearchChunk(input: { runId: string; maxQueries: number; embeddingsUri?: string; mode?: 'clean' | 'reference' }): Promise<RunChunkResult>;
  /** Computes the run's summary from the ledger and marks it COMPLETED (or the given end status). */
  finishRun(input: { runId: string; status: 'COMPLETED' | 'FAILED' | 'CANCELLED' }): Promise<void>;
}
