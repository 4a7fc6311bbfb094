// Workflow code only: deterministic, no I/O. The worker bundles this file (workflowsPath).
export { roundTripWorkflow, type RoundTripInput } from './round-trip.workflow.js';
