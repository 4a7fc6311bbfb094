// Workflow code only: deterministic, no I/O. The worker bundles this file (workflowsPath).
export { roundTripWorkflow, type RoundTripInput } from './round-trip.workflow.js';
export { searchRunWorkflow, type SearchRunInput } from './search-run.workflow.js';
export { sweepWorkflow, cancelSweepSignal, pauseSweepSignal, resumeSweepSignal, progressQuery, type SweepInput, type SweepProgress } from './sweep.workflow.js';
export { pretrainWorkflow, pretrainProgressQuery, type PretrainInput, type PretrainProgress } from './pretrain.workflow.js';
export { embedWorkflow } from './embed.workflow.js';
