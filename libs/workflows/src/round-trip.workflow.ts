import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { RoundTripActivities, SweepRecord } from './activity-api.js';
import { A2V_STATUS } from './search-attributes.js';

const { recordSweep, completeSweep } = proxyActivities<RoundTripActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});

export interface RoundTripInput {
  sweepId: string;
  name: string;
}

/**
 * The smallest real sweep: writes a Sweep row through an activity, reads it back, completes it.
 * It proves the path client → Temporal → worker → PostgreSQL → workflow result end to end.
 */
export async function roundTripWorkflow(input: RoundTripInput): Promise<SweepRecord> {
  upsertSearchAttributes([{ key: A2V_STATUS, value: 'RUNNING' }]);
  await recordSweep({ sweepId: input.sweepId, name: input.name, spec: { kind: 'round-trip' } });
  const done = await completeSweep({ sweepId: input.sweepId });
  upsertSearchAttributes([{ key: A2V_STATUS, value: done.status }]);
  return done;
}
