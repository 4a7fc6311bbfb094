/**
 * The real Prisma CLI (`npx prisma`, cwd = repo root, the root prisma.config.ts) against a real
 * PostgreSQL, with the wasm schema-engine shim standing in for the native binary.
 * DATABASE_URL: a superuser URL; this file creates its own database and drops it at the end.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';

const root = resolve(import.meta.dirname, '../..');
const adminUrl = process.env.DATABASE_URL;
const dbName = `a2v_shim_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const db2Name = `${dbName}_2`;
const urlFor = (name: string) => {
  const url = new URL(adminUrl ?? 'postgresql://localhost/x');
  url.pathname = `/${name}`;
  return url.toString();
};
const dbUrl = urlFor(dbName);
const db2Url = urlFor(db2Name);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx prisma ...args` in the repo root; never rejects, the exit code is in the result. */
function prisma(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { PRISMA_SCHEMA_ENGINE_BINARY: _ignored, ...inherited } = process.env; // the config must set it
  return new Promise((done) => {
    execFile(
      'npx',
      ['prisma', ...args],
      { cwd: root, timeout: 120_000, env: { ...inherited, DATABASE_URL: dbUrl, CHECKPOINT_DISABLE: '1', ...env } },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const shadowDatabases = async () =>
  (await query<{ datname: string }>(adminUrl!, `select datname from pg_database where datname like 'prisma_migrate_shadow_db_%'`)).map((r) => r.datname);

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe('prisma CLI with the wasm schema-engine shim', { skip: adminUrl ? false : 'DATABASE_URL is not set' }, () => {
  // A scratch copy of the prisma folder (under the git-ignored tmp/), with a config that extends the root one.
  let scratch = '';
  let config = '';
  const migrationsDir = () => join(scratch, 'migrations');

  before(async () => {
    await query(adminUrl!, `create database ${dbName}`);
    mkdirSync(join(root, 'tmp'), { recursive: true });
    scratch = mkdtempSync(join(root, 'tmp', 'shim-itest-'));
    copyFileSync(join(root, 'prisma', 'schema.prisma'), join(scratch, 'schema.prisma'));
    const rootConfig = relative(scratch, join(root, 'prisma.config.ts')).split('\\').join('/');
    writeFileSync(
      join(scratch, 'prisma.config.ts'),
      `import base from '${rootConfig}';\nexport default { ...base, schema: 'schema.prisma', migrations: { path: 'migrations' } };\n`,
    );
    config = relative(root, join(scratch, 'prisma.config.ts'));
  });

  after(async () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    for (const name of [dbName, db2Name]) await query(adminUrl!, `drop database if exists ${name} with (force)`);
  });

  it('--version reports the wasm shim, set by prisma.config.ts', async () => {
    const r = await prisma(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Schema Engine\s*: schema-engine-cli [0-9a-f]{40} \(wasm shim\)/);
    assert.match(r.stdout, /schema-engine-shim\.mjs, resolved by PRISMA_SCHEMA_ENGINE_BINARY/);
  });

  it('validate accepts prisma/schema.prisma', async () => {
    const r = await prisma(['validate']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /schema at prisma[/\\]schema\.prisma is valid/);
  });

  it('migrate diff --from-empty --to-schema prints the CREATE TABLE script', async () => {
    const r = await prisma(['migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^CREATE TABLE "\w+" \(/m);
  });

  it('migrate diff --from-empty needs no reachable database', async () => {
    const url = `postgresql://nobody:x@127.0.0.1:${await freePort()}/nowhere`;
    const r = await prisma(['migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script'], { DATABASE_URL: url });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^CREATE TABLE "\w+" \(/m);
  });

  it('migrate dev --create-only writes a migration, using shadow databases it then drops', async () => {
    const r = await prisma(['migrate', 'dev', '--create-only', '--name', 't', '--config', config], {
      SCHEMA_ENGINE_SHIM_DEBUG: '1',
      DEBUG: 'prisma:schemaEngine:stderr',
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const created = [...r.stderr.matchAll(/created shadow database (prisma_migrate_shadow_db_[0-9a-f-]{36})/g)].map((m) => m[1]);
    const dropped = [...r.stderr.matchAll(/dropped shadow database (prisma_migrate_shadow_db_[0-9a-f-]{36})/g)].map((m) => m[1]);
    assert.ok(created.length > 0, 'no shadow database was created');
    assert.deepEqual(dropped.sort(), [...created].sort());
    const left = await shadowDatabases();
    assert.deepEqual(created.filter((name) => left.includes(name)), [], 'shadow database(s) left behind');

    const [dir] = readdirSync(migrationsDir()).filter((d) => d.endsWith('_t'));
    assert.ok(dir, 'no *_t migration directory');
    assert.match(readFileSync(join(migrationsDir(), dir, 'migration.sql'), 'utf8'), /CREATE TABLE/);
    assert.match(readFileSync(join(migrationsDir(), 'migration_lock.toml'), 'utf8'), /provider = "postgresql"/);
  });

  it('migrate status reports the migrations not yet applied', async () => {
    const r = await prisma(['migrate', 'status', '--config', config]);
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /not yet been applied/);
  });

  it('migrate deploy applies them to the empty database, $$-bodies with ";" included', async () => {
    // A hand-written migration whose function body holds ';' (adapter-pg alone would split it apart).
    mkdirSync(join(migrationsDir(), '29991231000000_fn'));
    writeFileSync(
      join(migrationsDir(), '29991231000000_fn', 'migration.sql'),
      `CREATE FUNCTION shim_itest_fn() RETURNS text LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 'a;b';\nEND;\n$$;\n`,
    );
    const r = await prisma(['migrate', 'deploy', '--config', config]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /All migrations have been successfully applied/);

    const [dir] = readdirSync(migrationsDir()).filter((d) => d.endsWith('_t'));
    const sql = readFileSync(join(migrationsDir(), dir, 'migration.sql'), 'utf8');
    const expected = [...sql.matchAll(/^CREATE TABLE "(\w+)"/gm)].map((m) => m[1]);
    assert.ok(expected.length > 0);
    const tables = (await query<{ table_name: string }>(dbUrl, `select table_name from information_schema.tables where table_schema = 'public'`)).map(
      (row) => row.table_name,
    );
    for (const table of [...expected, '_prisma_migrations']) assert.ok(tables.includes(table), `table ${table} missing`);
    assert.deepEqual(await query(dbUrl, 'select shim_itest_fn() as v'), [{ v: 'a;b' }]);
    assert.deepEqual(await query(dbUrl, 'select count(*)::int as n from _prisma_migrations where finished_at is not null'), [{ n: 2 }]);
  });

  it('migrate status then reports the database up to date', async () => {
    const r = await prisma(['migrate', 'status', '--config', config]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Database schema is up to date/);
  });

  it('migrate dev creates a second database, applies the pending migrations and finds it in sync', async () => {
    // Exercises cli create-database, shadow databases holding tables (pg_catalog "char" columns),
    // and evaluateDataLoss after applyMigrations (the engine's migration-schema cache refilled).
    const r = await prisma(['migrate', 'dev', '--name', 'again', '--config', config], { DATABASE_URL: db2Url });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`PostgreSQL database ${db2Name} created`));
    assert.match(r.stdout, /_t\/[\s\S]*29991231000000_fn\//);
    assert.match(r.stdout, /Your database is now in sync with your schema/);
    assert.deepEqual(readdirSync(migrationsDir()).filter((d) => d.endsWith('_again')), []);
    assert.deepEqual(await query(db2Url, 'select shim_itest_fn() as v'), [{ v: 'a;b' }]);
  });

  it('db pull --print introspects the migrated database', async () => {
    const r = await prisma(['db', 'pull', '--print', '--config', config]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^model \w+ \{/m);
  });

  it('an unreachable database fails with a clear P1001 message', async () => {
    const port = await freePort();
    const r = await prisma(['migrate', 'deploy', '--config', config], { DATABASE_URL: `postgresql://a2v:a2v@127.0.0.1:${port}/nowhere` });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, new RegExp(`P1001: Can't reach database server at \`127\\.0\\.0\\.1:${port}\``));
  });
});
