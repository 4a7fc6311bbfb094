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
  /** Artifact URI of the embedding set the arch2vec methods search, when the sweep needs one. */
  embeddingsUri?: string;
}

export interface RunChunkResult {
  runId: string;
  /** Queries recorded in the ledger so far (all attempts). */
  queries: number;
  done: boolean;
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
}

/** Search-queue activities: the searches themselves. */
export interface SearchActivities {
  /**
   * Runs one search for at most `maxQueries` more queries, resuming from the state checkpointed in
   * PostgreSQL, recording each round (queries + state) in one transaction. Heartbeats per round.
   */
  runSearchChunk(input: { runId: string; maxQueries: number; embeddingsUri?: string }): Promise<RunChunkResult>;
  /** Computes the run's summary from the ledger and marks it COMPLETED (or the given end status). */
  finishRun(input: { runId: string; status: 'COMPLETED' | 'FAILED' | 'CANCELLED' }): Promise<void>;
}
