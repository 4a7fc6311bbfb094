import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { findRepoRoot, loadConfig } from '@a2v/config';
import { freePort } from '@a2v/testing';
import { StackError, stackDown, stackStatus, stackUp } from './index.js';

const execFileAsync = promisify(execFile);
const root = findRepoRoot();
const a2v = join(root, 'node_modules/.bin/a2v');

/** An isolated stack: its own state dir and free ports, never the developer's .a2v. */
async function isolatedEnv(): Promise<Record<string, string>> {
  const home = mkdtempSync(join(tmpdir(), 'a2v-home-'));
  chmodSync(home, 0o755);
  return {
    A2V_HOME: home,
    A2V_PG_PORT: String(await freePort()),
    A2V_TEMPORAL_PORT: String(await freePort()),
    A2V_TEMPORAL_UI_PORT: String(await freePort()),
    A2V_LOG_LEVEL: 'warn',
  };
}

function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS']) if (!(key in extra)) delete env[key];
  return env;
}

async function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(a2v, args, { env: cliEnv(env), timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('a2v stack (embedded PostgreSQL + Temporal dev server with UI)', () => {
  let env: Record<string, string>;
  before(async () => {
    env = await isolatedEnv();
  });
  after(async () => {
    await stackDown(loadConfig(env)).catch(() => undefined);
    rmSync(env.A2V_HOME, { recursive: true, force: true });
  });

  test('up starts both, waits for health and migrates', async () => {
    const { code, stdout, stderr } = await runCli(['stack', 'up'], env);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /PostgreSQL .*\(started\)/);
    assert.match(stdout, /Temporal .*\(started\)/);
    assert.match(stdout, new RegExp(`Temporal UI http://127.0.0.1:${env.A2V_TEMPORAL_UI_PORT}/namespaces/a2v/workflows`));
    assert.ok(existsSync(join(env.A2V_HOME, 'postgres/PG_VERSION')), 'Postgres data kept under A2V_HOME');
    assert.ok(existsSync(join(env.A2V_HOME, 'temporal/dev.sqlite')), 'Temporal state kept in SQLite');
    assert.ok(existsSync(join(env.A2V_HOME, 'logs/temporal.log')));
    const ui = await fetch(`http://127.0.0.1:${env.A2V_TEMPORAL_UI_PORT}/`);
    assert.equal(ui.status, 200);
  });

  test('a second up changes nothing', async () => {
    const before = await stackStatus(loadConfig(env));
    const { code, stdout } = await runCli(['stack', 'up'], env);
    assert.equal(code, 0);
    assert.match(stdout, /PostgreSQL .*\(already running\)/);
    assert.match(stdout, /Temporal .*\(already running\)/);
    const afterUp = await stackStatus(loadConfig(env));
    assert.equal(afterUp.postgres.pid, before.postgres.pid);
    assert.equal(afterUp.temporal.pid, before.temporal.pid);
  });

  test('status reports each part', async () => {
    const { code, stdout } = await runCli(['stack', 'status', '--json'], env);
    assert.equal(code, 0);
    const status = JSON.parse(stdout);
    assert.equal(status.postgres.reachable, true);
    assert.equal(status.postgres.managed, true);
    assert.equal(status.temporal.reachable, true);
    assert.equal(status.temporal.uiAnswers, true);
  });

  test('a port already taken by someone else is named with the fix', async () => {
    const otherEnv = await isolatedEnv();
    const blocker: Server = createServer().listen(Number(otherEnv.A2V_PG_PORT), '127.0.0.1');
    try {
      await assert.rejects(stackUp(loadConfig(otherEnv)), (error: unknown) => {
        assert.ok(error instanceof StackError);
        assert.match(error.message, new RegExp(`port ${otherEnv.A2V_PG_PORT} is already taken`));
        assert.match(error.message, /A2V_PG_PORT/);
        return true;
      });
    } finally {
      blocker.close();
      rmSync(otherEnv.A2V_HOME, { recursive: true, force: true });
    }
  });

  test('down stops only what up started, cleanly', async () => {
    const { code, stdout } = await runCli(['stack', 'down'], env);
    assert.equal(code, 0);
    assert.match(stdout, /PostgreSQL {2}stopped/);
    assert.match(stdout, /Temporal {4}stopped/);
    const status = await stackStatus(loadConfig(env));
    assert.equal(status.postgres.reachable, false);
    assert.equal(status.temporal.reachable, false);
    const again = await runCli(['stack', 'down'], env);
    assert.match(again.stdout, /not started by a2v: left alone/);
  });
});

describe('clear errors', () => {
  test('a bad DATABASE_URL names the variable, the cause and the fix', async () => {
    const env = { ...(await isolatedEnv()), DATABASE_URL: `postgresql://a2v:secret@127.0.0.1:${await freePort()}/a2v` };
    const { code, stderr } = await runCli(['stack', 'up'], env);
    assert.equal(code, 1);
    assert.match(stderr, /cannot connect to PostgreSQL at DATABASE_URL=postgresql:\/\/a2v:\*\*\*@127\.0\.0\.1/);
    assert.match(stderr, /fix: /);
    assert.doesNotMatch(stderr, /secret/);
    assert.equal(stderr.trim().split('\n').length, 2, 'one message (cause + fix), no stack trace');
  });

  test('a malformed DATABASE_URL is a usage error', async () => {
    const { code, stderr } = await runCli(['stack', 'status'], { ...(await isolatedEnv()), DATABASE_URL: 'mysql://x' });
    assert.equal(code, 2);
    assert.match(stderr, /DATABASE_URL: must start with postgresql:\/\//);
  });

  test('a missing Temporal CLI is named', async () => {
    const env = await isolatedEnv();
    await assert.rejects(stackUp(loadConfig({ ...env, TEMPORAL_CLI: '/nonexistent/temporal', DATABASE_URL: process.env.DATABASE_URL! })), /TEMPORAL_CLI=\/nonexistent\/temporal is not an executable/);
    rmSync(env.A2V_HOME, { recursive: true, force: true });
  });
});
