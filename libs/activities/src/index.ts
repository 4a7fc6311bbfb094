export { createRoundTripActivities } from './round-trip.activities.js';
export { createSweepControlActivities, runIdOf } from './sweep.activities.js';
export { createSearchActivities } from './search.activities.js';
export { createPretrainActivities } from './pretrain.activities.js';
export { createEmbedActivities, sliceOf } from './embed.activities.js';
