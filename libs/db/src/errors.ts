/** The database refused a charge that would take a run past its budget (constraint in PostgreSQL). */
export class BudgetExceededError extends Error {
  override name = 'BudgetExceededError';
}

/** The same run asked to record a different architecture at an index already recorded: not deterministic. */
export class LedgerConflictError extends Error {
  override name = 'LedgerConflictError';
}

/** The run is not open for queries (finished, failed or cancelled), or does not exist. */
export class RunClosedError extends Error {
  override name = 'RunClosedError';
}

/** SQLSTATEs raised by the charge_query trigger (see the init migration). */
export const SQLSTATE = {
  uniqueViolation: '23505',
  checkViolation: '23514',
  indexOutOfOrder: 'A2V01',
  budgetExceeded: 'A2V02',
  runClosed: 'A2V03',
  serializationFailure: '40001',
} as const;

export function sqlState(error: unknown): string | undefined {
  return (error as { code?: string })?.code;
}
