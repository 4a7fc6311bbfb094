import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, SEARCH_ATTRIBUTES } from '@a2v/config';
import { migrateDeploy } from '@a2v/db';
import {
  embeddedUrl,
  ensureNamespace,
  findTemporalCli,
  provisionTemporalCli,
  startEmbeddedPostgres,
  startTemporalDevServer,
  stopEmbeddedPostgres,
  stopTemporalDevServer,
} from '@a2v/stack';
import pg from 'pg';
import { freePort } from '@a2v/testing';

export const TEMPLATE_DB = 'a2v_test_template';
const NAMESPACE = 'a2v';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function recreateTemplate(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await client.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await client.end();
  }
  await migrateDeploy(withDatabase(adminUrl, TEMPLATE_DB));
}

/**
 * Lives in tools/ (not in the testing lib) because it depends on @a2v/db and @a2v/stack, whose own
 * tests import the testing lib: keeping it here keeps the project graph acyclic.
 *
 * Runs `body` with one real PostgreSQL and one real Temporal dev server for the whole test run,
 * started here (in a temp dir, on free ports) unless DATABASE_URL / TEMPORAL_ADDRESS name running
 * ones, and always stopped afterwards. The env handed to `body` is what integration tests read.
 */
export async function withTestStack(body: (env: Record<string, string>) => Promise<void>): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'a2v-stack-'));
  chmodSync(scratch, 0o755); // the postgres user must reach its data dir inside
  const stops: Array<() => Promise<unknown>> = [];
  try {
    let adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) {
      const pgOptions = {
        dataDir: join(scratch, 'pg'), port: await freePort(), user: 'a2v', password: 'a2v', database: 'a2v',
        logFile: join(scratch, 'postgres.log'), pidFile: join(scratch, 'postgres.pid'), durable: false,
      };
      await startEmbeddedPostgres(pgOptions);
      stops.push(() => stopEmbeddedPostgres(pgOptions));
      adminUrl = embeddedUrl(pgOptions, 'postgres');
    }
    await recreateTemplate(adminUrl);

    let address = process.env.TEMPORAL_ADDRESS;
    if (!address) {
      const root = findRepoRoot();
      const cli = findTemporalCli(root, process.env.TEMPORAL_CLI) ?? (await provisionTemporalCli(root));
      const port = await freePort();
      const tOptions = {
        cliPath: cli, ip: '127.0.0.1', port, uiPort: await freePort(), namespace: NAMESPACE, headless: true,
        logFile: join(scratch, 'temporal.log'), pidFile: join(scratch, 'temporal.pid'), searchAttributes: { ...SEARCH_ATTRIBUTES },
      };
      await startTemporalDevServer(tOptions);
      stops.push(() => stopTemporalDevServer(tOptions.pidFile));
      address = `127.0.0.1:${port}`;
    } else {
      await ensureNamespace(address, NAMESPACE, { ...SEARCH_ATTRIBUTES });
    }
    await body({
      DATABASE_URL: adminUrl,
      A2V_TEST_ADMIN_URL: adminUrl,
      A2V_TEST_TEMPLATE_DB: TEMPLATE_DB,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: NAMESPACE,
    });
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error(`stopping the test stack: ${(e as Error).message}`));
    rmSync(scratch, { recursive: true, force: true });
  }
}
