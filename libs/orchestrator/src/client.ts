import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { A2V_STATUS, A2V_SWEEP_ID, type SweepInput, type SweepQueues, type SweepRecord } from '@a2v/workflows/api';

export async function connectClient(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}

export function newSweepId(prefix = 'sweep'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The Temporal Web UI page of one workflow execution. */
export function workflowUiUrl(uiBase: string, namespace: string, workflowId: string, runId?: string): string {
  const path = `${uiBase.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${path}/${runId}/history` : path;
}

/** Starts the round-trip workflow (a real write and read of a Sweep row through a worker) and waits. */
export async function runRoundTrip(client: Client, taskQueue: string, sweepId = newSweepId('roundtrip')): Promise<{ result: SweepRecord; workflowId: string; runId: string }> {
  const handle = await client.workflow.start('roundTripWorkflow', {
    taskQueue,
    workflowId: sweepId,
    args: [{ sweepId, name: `round trip ${sweepId}` }],
    workflowExecutionTimeout: '5 minutes', // a broken deployment fails instead of hanging
    typedSearchAttributes: [
      { key: A2V_SWEEP_ID, value: sweepId },
      { key: A2V_STATUS, value: 'PENDING' },
    ],
  });
  const result = (await handle.result()) as SweepRecord;
  return { result, workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

/** Starts a sweep (the spec is validated again by the workflow's first activity) and returns at once. */
export async function launchSweep(client: Client, spec: unknown, options: { sweepId?: string; taskQueue: string; queues?: SweepQueues }): Promise<{ sweepId: string; runId: string }> {
  const sweepId = options.sweepId ?? newSweepId('sweep');
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(sweepId)) throw new RangeError(`sweep id ${JSON.stringify(sweepId)} must be 1-100 characters of A-Z a-z 0-9 . _ -`);
  const handle = await client.workflow.start('sweepWorkflow', {
    taskQueue: options.taskQueue,
    workflowId: sweepId,
    args: [{ sweepId, spec, ...(options.queues ? { queues: options.queues } : {}) } satisfies SweepInput],
    typedSearchAttributes: [
      { key: A2V_SWEEP_ID, value: sweepId },
      { key: A2V_STATUS, value: 'PENDING' },
    ],
  });
  return { sweepId, runId: handle.firstExecutionRunId };
}
