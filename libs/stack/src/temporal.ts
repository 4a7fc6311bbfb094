import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { StackError } from './errors.js';
import { isAlive, isListening, readPid, removePid, stopProcess, waitFor, writePid } from './processes.js';

const execFileAsync = promisify(execFile);
const IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
type SearchAttributeKind = 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Text' | 'Datetime' | 'KeywordList';

export interface TemporalDevServerOptions {
  cliPath: string;
  ip: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** SQLite file that keeps workflow history between runs; omitted means in memory (tests). */
  dbFile?: string;
  headless?: boolean;
  logFile: string;
  pidFile: string;
  searchAttributes: Record<string, SearchAttributeKind>;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** TEMPORAL_CLI, then `temporal` on PATH, then what tools/scripts/provision-temporal.sh put in .tools/. */
export function findTemporalCli(repoRoot: string, explicit?: string): string | undefined {
  if (explicit) {
    if (!isExecutable(explicit)) throw new StackError(`TEMPORAL_CLI=${explicit} is not an executable file`, 'point TEMPORAL_CLI at a temporal binary or unset it');
    return explicit;
  }
  const onPath = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'temporal'));
  const provisioned = [join(repoRoot, '.tools/temporal/bin/temporal'), join(repoRoot, '.tools/bin/temporal')];
  return [...onPath, ...provisioned].find((p) => existsSync(p) && isExecutable(p));
}

export async function provisionTemporalCli(repoRoot: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync('bash', [join(repoRoot, 'tools/scripts/provision-temporal.sh')], { cwd: repoRoot, timeout: 30 * 60_000 });
    return stdout.trim().split('\n').pop()!;
  } catch (error) {
    throw new StackError(
      `the Temporal CLI is missing and could not be provisioned: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`,
      'install `temporal` on PATH, set TEMPORAL_CLI, or set TEMPORAL_ADDRESS to a running server',
    );
  }
}

async function cliVersion(cliPath: string): Promise<[number, number]> {
  const { stdout } = await execFileAsync(cliPath, ['--version']);
  const match = /version (\d+)\.(\d+)/.exec(stdout);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

export async function temporalHealthy(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    // The same grpc.health.v1 check that `temporal operator cluster health` performs.
    const response = await connection.healthService.check({});
    return response.status === 1; // SERVING
  } finally {
    await connection.close();
  }
}

export async function uiAnswers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return response.status === 200;
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-10).join('\n');
  } catch {
    return '';
  }
}

export async function startTemporalDevServer(o: TemporalDevServerOptions): Promise<{ started: boolean; pid: number }> {
  const address = `${o.ip}:${o.port}`;
  const pid = readPid(o.pidFile);
  if (pid && isAlive(pid) && (await temporalHealthy(address).catch(() => false))) return { started: false, pid };
  if (pid) removePid(o.pidFile);
  for (const [port, what] of [[o.port, 'gRPC'], [o.uiPort, 'Web UI']] as const) {
    if (o.headless && what === 'Web UI') continue;
    if (await isListening(port, o.ip)) {
      throw new StackError(
        `port ${port} (Temporal ${what}) is already taken by another process`,
        `stop it, choose other ports with A2V_TEMPORAL_PORT / A2V_TEMPORAL_UI_PORT, or use a running server with TEMPORAL_ADDRESS`,
      );
    }
  }
  const args = ['server', 'start-dev', '--ip', o.ip, '--port', String(o.port), '--namespace', o.namespace, '--log-level', 'warn'];
  args.push('--dynamic-config-value', 'frontend.enableServerVersionCheck=false');
  if (o.dbFile) {
    mkdirSync(dirname(o.dbFile), { recursive: true });
    args.push('--db-filename', o.dbFile);
  }
  if (o.headless) args.push('--headless');
  else {
    args.push('--ui-port', String(o.uiPort));
    const [major, minor] = await cliVersion(o.cliPath);
    if (major > 1 || minor >= 8) args.push('--ui-disable-news-fetch'); // the UI must not reach out offline
  }
  for (const [name, kind] of Object.entries(o.searchAttributes)) args.push('--search-attribute', `${name}=${kind}`);
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = openSync(o.logFile, 'a');
  const child = spawn(o.cliPath, args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  writePid(o.pidFile, child.pid!);
  try {
    await waitFor('Temporal dev server', async () => {
      if (!isAlive(child.pid!)) throw new Error('exited');
      return temporalHealthy(address);
    }, 90_000);
    if (!o.headless) await waitFor('Temporal Web UI', () => uiAnswers(`http://${o.ip}:${o.uiPort}/`), 60_000);
  } catch (error) {
    await stopProcess(child.pid!);
    removePid(o.pidFile);
    throw new StackError(`the Temporal dev server failed to start (${(error as Error).message}):\n${logTail(o.logFile)}`, `see ${o.logFile}`);
  }
  await ensureNamespace(address, o.namespace, o.searchAttributes);
  return { started: true, pid: child.pid! };
}

export async function stopTemporalDevServer(pidFile: string): Promise<boolean> {
  const pid = readPid(pidFile);
  if (!pid) return false;
  await stopProcess(pid);
  removePid(pidFile);
  return true;
}

const kindToIndexed: Record<SearchAttributeKind, number> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Registers the namespace and a2v's search attributes where missing (external clusters need this too). */
export async function ensureNamespace(address: string, namespace: string, attributes: Record<string, SearchAttributeKind>): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') });
      await waitFor(`namespace ${namespace}`, async () => Boolean(await connection.workflowService.describeNamespace({ namespace })), 30_000, 500);
    }
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = Object.entries(attributes).filter(([name]) => !(name in (existing.customAttributes ?? {})));
    if (missing.length) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map(([name, kind]) => [name, kindToIndexed[kind]])),
      });
    }
  } finally {
    await connection.close();
  }
}

export async function temporalStatus(address: string, pidFile?: string): Promise<{ address: string; reachable: boolean; managed: boolean; pid?: number }> {
  const pid = pidFile ? readPid(pidFile) : undefined;
  const managed = pid !== undefined && isAlive(pid);
  const reachable = await temporalHealthy(address).catch(() => false);
  return { address, reachable, managed, pid: managed ? pid : undefined };
}
