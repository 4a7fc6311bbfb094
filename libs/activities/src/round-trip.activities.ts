import { heartbeat } from '@temporalio/activity';
import type { PrismaClient } from '@a2v/db';
import type { RoundTripActivities, SweepRecord } from '@a2v/workflows/api';

function toRecord(row: { id: string; name: string | null; status: string; createdAt: Date }): SweepRecord {
  return { sweepId: row.id, name: row.name ?? '', status: row.status, createdAt: row.createdAt.toISOString() };
}

export function createRoundTripActivities(prisma: PrismaClient): RoundTripActivities {
  return {
    async recordSweep({ sweepId, name, spec }) {
      heartbeat();
      // upsert, so a retried attempt after a crash between write and ack changes nothing.
      const row = await prisma.sweep.upsert({
        where: { id: sweepId },
        create: { id: sweepId, name, spec: spec as object, status: 'RUNNING' },
        update: {},
      });
      return toRecord(row);
    },
    async completeSweep({ sweepId }) {
      heartbeat();
      const row = await prisma.sweep.update({
        where: { id: sweepId },
        data: { status: 'COMPLETED', finishedAt: new Date() },
      });
      return toRecord(row);
    },
  };
}
