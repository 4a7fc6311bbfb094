import { join } from 'node:path';
import { databaseUrl, SEARCH_ATTRIBUTES, temporalAddress, temporalUiUrl, type A2vConfig } from '@a2v/config';
import { migrateDeploy } from '@a2v/db';
import {
  checkPostgresUrl,
  postgresStatus,
  redactUrl,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type PostgresStatus,
} from './postgres.js';
import {
  ensureNamespace,
  findTemporalCli,
  provisionTemporalCli,
  startTemporalDevServer,
  stopTemporalDevServer,
  temporalHealthy,
  temporalStatus,
  uiAnswers,
  type TemporalDevServerOptions,
} from './temporal.js';
import { StackError } from './errors.js';

export interface StackUpReport {
  postgres: { url: string; started: boolean; external: boolean };
  temporal: { address: string; uiUrl?: string; started: boolean; external: boolean; namespace: string };
  migrations: string;
}

export interface StackStatus {
  postgres: PostgresStatus & { external: boolean };
  temporal: { address: string; reachable: boolean; managed: boolean; pid?: number; external: boolean; uiUrl?: string; uiAnswers: boolean };
}

const runDir = (c: A2vConfig) => join(c.stateDir, 'run');

export function embeddedPostgresOptions(c: A2vConfig): EmbeddedPostgresOptions {
  return { ...c.postgres, logFile: join(c.logsDir, 'postgres.log'), pidFile: join(runDir(c), 'postgres.pid') };
}

export function temporalServerOptions(c: A2vConfig, cliPath: string): TemporalDevServerOptions {
  return {
    cliPath,
    ip: c.temporal.ip,
    port: c.temporal.port,
    uiPort: c.temporal.uiPort,
    namespace: c.temporal.namespace,
    dbFile: c.temporal.dbFile,
    logFile: join(c.logsDir, 'temporal.log'),
    pidFile: join(runDir(c), 'temporal.pid'),
    searchAttributes: { ...SEARCH_ATTRIBUTES },
  };
}

/** Brings up what is not running yet, waits for health, applies migrations. Idempotent. */
export async function stackUp(c: A2vConfig, log: (line: string) => void = () => undefined): Promise<StackUpReport> {
  const url = databaseUrl(c);
  let pgStarted = false;
  if (c.postgres.externalUrl) {
    await checkPostgresUrl(url);
  } else {
    log('postgres: starting the embedded server (first start initialises .a2v/postgres)');
    pgStarted = (await startEmbeddedPostgres(embeddedPostgresOptions(c))).started;
  }
  const migrations = await migrateDeploy(url);

  const address = temporalAddress(c);
  let temporalStarted = false;
  if (c.temporal.externalAddress) {
    if (!(await temporalHealthy(address).catch(() => false))) {
      throw new StackError(`Temporal at TEMPORAL_ADDRESS=${address} is not reachable or not SERVING`, 'start it or correct TEMPORAL_ADDRESS; unset it to use the embedded dev server');
    }
    await ensureNamespace(address, c.temporal.namespace, { ...SEARCH_ATTRIBUTES });
  } else {
    const cli = findTemporalCli(c.repoRoot, c.temporal.cliPath) ?? (await provisionTemporalCli(c.repoRoot));
    log(`temporal: starting the dev server (${cli})`);
    temporalStarted = (await startTemporalDevServer(temporalServerOptions(c, cli))).started;
  }
  return {
    postgres: { url: redactUrl(url), started: pgStarted, external: Boolean(c.postgres.externalUrl) },
    temporal: { address, uiUrl: temporalUiUrl(c), started: temporalStarted, external: Boolean(c.temporal.externalAddress), namespace: c.temporal.namespace },
    migrations,
  };
}

/** Stops only what `up` started (it left pid files); external services are never touched. */
export async function stackDown(c: A2vConfig): Promise<{ postgres: boolean; temporal: boolean }> {
  const temporal = c.temporal.externalAddress ? false : await stopTemporalDevServer(temporalServerOptions(c, '').pidFile);
  const postgres = c.postgres.externalUrl ? false : await stopEmbeddedPostgres(embeddedPostgresOptions(c));
  return { postgres, temporal };
}

export async function stackStatus(c: A2vConfig): Promise<StackStatus> {
  const pgPid = c.postgres.externalUrl ? undefined : embeddedPostgresOptions(c).pidFile;
  const tPid = c.temporal.externalAddress ? undefined : temporalServerOptions(c, '').pidFile;
  const uiUrl = temporalUiUrl(c);
  const [pgState, tState, ui] = await Promise.all([
    postgresStatus(databaseUrl(c), pgPid),
    temporalStatus(temporalAddress(c), tPid),
    uiUrl ? uiAnswers(uiUrl).catch(() => false) : Promise.resolve(false),
  ]);
  return {
    postgres: { ...pgState, external: Boolean(c.postgres.externalUrl) },
    temporal: { ...tState, external: Boolean(c.temporal.externalAddress), uiUrl, uiAnswers: ui },
  };
}
