export {
  expandSeeds,
  needsEmbeddings,
  planRuns,
  readSweepSpec,
  sweepSpecSchema,
  SweepSpecError,
  validateSweepSpec,
  type PlannedRun,
  type SweepSpec,
  type SweepSpecInput,
} from './spec.js';
