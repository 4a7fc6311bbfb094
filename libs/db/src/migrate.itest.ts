import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestDatabase } from '@a2v/testing';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '@a2v/config';
import pg from 'pg';
import { migrateDeploy } from './index.js';

test('migrations apply to an empty database, and a second run changes nothing', async () => {
  const db = await createTestDatabase({ migrated: false });
  try {
    const first = await migrateDeploy(db.url);
    assert.match(first, /20261129000000_init/);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
      const tables = rows.map((r) => r.table_name);
      for (const t of ['_prisma_migrations', 'architecture', 'artifact', 'query', 'search_run', 'sweep']) assert.ok(tables.includes(t), `${t} missing`);
      const triggers = await client.query(`select tgname from pg_trigger where not tgisinternal order by 1`);
      assert.deepEqual(triggers.rows.map((r) => r.tgname), ['query_append_only', 'query_charge_budget', 'search_run_budget_guard']);
      const second = await migrateDeploy(db.url);
      assert.match(second, /No pending migrations/);
      const folders = readdirSync(join(findRepoRoot(), 'prisma/migrations'), { withFileTypes: true }).filter((d) => d.isDirectory());
      const count = await client.query('select count(*)::int as n from _prisma_migrations where finished_at is not null');
      assert.equal(count.rows[0].n, folders.length, 'every migration applied exactly once');
    } finally {
      await client.end();
    }
  } finally {
    await db.drop();
  }
});

test('a bad database URL gives a clear migration error', async () => {
  await assert.rejects(migrateDeploy('postgresql://a2v:a2v@127.0.0.1:1/nowhere'), /migrate deploy failed[\s\S]*(P1001|reach|connect)/i);
});
