import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { A2V_STATUS, A2V_SWEEP_ID, type SweepRecord } from '@a2v/workflows/api';

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
export async function launchSweep(client: Client, spec: unknown, options: { sweepId?: string; taskQueue: string }): Promise<{ sweepId: string; runId: string }> {
  const sweepId = options.sweepId ?? newSweepId('sweep');
  const handle = await client.workflow.start('sweepWorkflow', {
    taskQueue: options.taskQueue,
    workflowId: sweepId,
    args: [{ sweepId, spec }],
    typedSearchAttributes: [
      { key: A2V_SWEEP_ID, value: sweepId },
      { key: A2V_STATUS, value: 'PENDING' },
    ],
  });
  return { sweepId, runId: handle.firstExecutionRunId };
}
