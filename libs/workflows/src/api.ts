// What clients and activity implementations may import from the workflows lib (types and keys).
export type {
  EmbedActivities,
  EmbedJob,
  PretrainActivities,
  PretrainJob,
  PretrainOutcome,
  PretrainPlan,
  PretrainSettings,
  RepresentationPlan,
  RoundTripActivities,
  RunChunkResult,
  RunDescriptor,
  SearchActivities,
  SpaceId,
  SweepControlActivities,
  SweepPlan,
  SweepRecord,
} from './activity-api.js';
export type { RoundTripInput } from './round-trip.workflow.js';
export type { SearchRunInput } from './search-run.workflow.js';
export type { SweepInput, SweepProgress, SweepQueues } from './sweep.workflow.js';
export type { PretrainInput, PretrainProgress } from './pretrain.workflow.js';
export { A2V_METHOD, A2V_SEED, A2V_SPACE, A2V_STATUS, A2V_SWEEP_ID } from './search-attributes.js';
export { cancelSweepSignal, pauseSweepSignal, resumeSweepSignal, progressQuery } from './sweep.workflow.js';
export { pretrainProgressQuery } from './pretrain.workflow.js';
