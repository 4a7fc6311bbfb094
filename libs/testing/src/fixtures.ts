import { randomUUID } from 'node:crypto';
import pg from 'pg';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through tools/test/run-all.ts (npm test)`);
  return value;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: requireEnv('A2V_TEST_ADMIN_URL') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file: a copy of the migrated template (fast), or empty. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `a2v_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const template = options.migrated === false ? 'template0' : requireEnv('A2V_TEST_TEMPLATE_DB');
  await admin((c) => c.query(`create database ${name} template ${template}`));
  const url = new URL(requireEnv('A2V_TEST_ADMIN_URL'));
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

export function testTemporal(): { address: string; namespace: string } {
  return { address: requireEnv('TEMPORAL_ADDRESS'), namespace: process.env.TEMPORAL_NAMESPACE ?? 'a2v' };
}

/** Unique per test, so tests sharing one Temporal server never steal each other's tasks. */
export function uniqueTaskQueue(label: string): string {
  return `test-${label}-${randomUUID().slice(0, 8)}`;
}
