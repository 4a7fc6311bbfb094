import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPrisma } from '@a2v/db';
import { createTestDatabase, testTemporal, uniqueTaskQueue, type TestDatabase } from '@a2v/testing';
import { bundleWorkflows, connectClient, runRoundTrip, startA2vWorker, workflowUiUrl, type RunningWorker } from './index.js';

let db: TestDatabase;
let worker: RunningWorker;
const taskQueue = uniqueTaskQueue('roundtrip');

before(async () => {
  db = await createTestDatabase();
  const { address, namespace } = testTemporal();
  worker = await startA2vWorker({ address, namespace, taskQueue, databaseUrl: db.url, workflowBundle: await bundleWorkflows() });
});
after(async () => {
  await worker?.shutdown();
  await db?.drop();
});

test('a workflow writes and reads a Sweep row through a real worker, visible by search attribute', async () => {
  const { address, namespace } = testTemporal();
  const client = await connectClient(address, namespace);
  try {
    const { result, workflowId, runId } = await runRoundTrip(client, taskQueue);
    assert.equal(result.status, 'COMPLETED');
    assert.equal(result.sweepId, workflowId);

    const prisma = createPrisma(db.url);
    try {
      const row = await prisma.sweep.findUniqueOrThrow({ where: { id: workflowId } });
      assert.equal(row.status, 'COMPLETED');
      assert.ok(row.finishedAt instanceof Date);
    } finally {
      await prisma.$disconnect();
    }

    const description = await client.workflow.getHandle(workflowId).describe();
    assert.equal(description.status.name, 'COMPLETED');
    const attrs = Object.fromEntries(description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
    assert.equal(attrs.A2vSweepId, workflowId);
    assert.equal(attrs.A2vStatus, 'COMPLETED');
    assert.equal(workflowUiUrl('http://127.0.0.1:8233', namespace, workflowId, runId), `http://127.0.0.1:8233/namespaces/a2v/workflows/${workflowId}/${runId}/history`);
  } finally {
    await client.connection.close();
  }
});
