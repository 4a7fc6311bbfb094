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
