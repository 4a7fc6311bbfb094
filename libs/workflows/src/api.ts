// What clients and activity implementations may import from the workflows lib (types and keys).
export type { RoundTripActivities, SweepRecord, SweepPlan, RunChunkResult, RunDescriptor, SweepControlActivities, SearchActivities } from './activity-api.js';
export type { RoundTripInput } from './round-trip.workflow.js';
export type { SearchRunInput } from './search-run.workflow.js';
export type { SweepInput, SweepProgress } from './sweep.workflow.js';
export { A2V_METHOD, A2V_SEED, A2V_SPACE, A2V_STATUS, A2V_SWEEP_ID } from './search-attributes.js';
export { cancelSweepSignal, pauseSweepSignal, resumeSweepSignal, progressQuery } from './sweep.workflow.js';
