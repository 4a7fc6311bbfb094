export { createPrisma, createPool, Prisma, type PrismaClient } from './client.js';
export { migrateDeploy, MigrationError } from './migrate.js';
export { recordQuery, recordQueries, runBudget, type QueryRecord, type RecordedQuery, type RunBudget } from './ledger.js';
export { BudgetExceededError, LedgerConflictError, RunClosedError, SQLSTATE, sqlState } from './errors.js';
export { importArchitectures, countArchitectures, type ArchitectureRow, type ArchitectureImport } from './architectures.js';
export { recordQueriesIn } from './ledger.js';
export {
  cancelOpenRuns,
  createSweepWithRuns,
  loadRun,
  recordRound,
  runIdsPage,
  runQueries,
  setRunStatus,
  setSweepStatus,
  setSweepEmbeddings,
  sweepEmbeddings,
  type NewRun,
  type RunRow,
} from './runs.js';
export { listSweeps, sweepStatus, type MethodStatus, type PretrainStatus, type SweepStatusRow } from './sweep-status.js';
export { sweepResults, type MethodResult } from './sweep-results.js';
export { withTransaction } from './transaction.js';
