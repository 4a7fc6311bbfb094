export { createRoundTripActivities } from './round-trip.activities.js';
export { createSweepControlActivities, runIdOf } from './sweep.activities.js';
export { createSearchActivities } from './search.activities.js';
