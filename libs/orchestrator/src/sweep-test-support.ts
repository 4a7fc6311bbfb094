/**
 * What the sweep integration tests share: a fresh database, a client of the test Temporal server,
 * the workflow bundle (built once per file), the workers a test starts (shut down after it), and the
 * recorded query sequence of every run of a sweep.
 */
import { after, before } from 'node:test';
import { createPool } from '@a2v/db';
import { createTestDatabase, testTemporal, type TestDatabase } from '@a2v/testing';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { bundleWorkflows, connectClient, type RunningWorker } from './index.js';

export interface SweepTestEnvironment {
  db: TestDatabase;
  pool: pg.Pool;
  client: Client;
  bundle: Awaited<ReturnType<typeof bundleWorkflows>>;
  workers: RunningWorker[];
}

/** Registers before/after hooks in the calling test file; the fields are set once `before` ran. */
export function useSweepTestEnvironment(): SweepTestEnvironment {
  const env = { workers: [] as RunningWorker[] } as unknown as SweepTestEnvironment;
  before(async () => {
    env.db = await createTestDatabase();
    env.pool = createPool(env.db.url);
    const { address, namespace } = testTemporal();
    env.client = await connectClient(address, namespace);
    env.bundle = await bundleWorkflows();
  });
  after(async () => {
    for (const w of env.workers) await w.shutdown().catch(() => undefined);
    await env.client?.connection.close();
    await env.pool?.end();
    await env.db?.drop();
  });
  return env;
}

/** The architectures each run of the sweep queried, in ledger order, keyed `method/seed`. */
export async function recordedSequences(pool: pg.Pool, sweepId: string): Promise<Map<string, string[]>> {
  const { rows } = await pool.query(
    `select r.method, r.seed, a.hash from query q join search_run r on r.id = q.run_id join architecture a on a.id = q.architecture_id
     where r.sweep_id = $1 order by r.method, r.seed, q.query_index`,
    [sweepId],
  );
  const bySeed = new Map<string, string[]>();
  for (const r of rows) bySeed.set(`${r.method}/${r.seed}`, [...(bySeed.get(`${r.method}/${r.seed}`) ?? []), r.hash]);
  return bySeed;
}
