export { createRoundTripActivities } from './round-trip.activities.js';
