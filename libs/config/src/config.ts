import { join, resolve } from 'node:path';
import { z } from 'zod';
import { findRepoRoot } from './paths.js';

const port = z.coerce.number().int().min(1).max(65535);

/** Environment variables a2v reads; every one optional, validated with the rule in the message. */
const envSchema = z.object({
  A2V_HOME: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgresql:// (e.g. postgresql://user:pass@host:5432/db)')
    .optional(),
  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s/]+:\d+$/, 'must be host:port (e.g. 127.0.0.1:7233)').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('a2v'),
  TEMPORAL_CLI: z.string().min(1).optional(),
  A2V_PG_PORT: port.default(54329),
  A2V_TEMPORAL_PORT: port.default(7233),
  A2V_TEMPORAL_UI_PORT: port.default(8233),
  A2V_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface A2vConfig {
  repoRoot: string;
  /** Local state: embedded Postgres data, Temporal SQLite, pid files, logs (kept between runs). */
  stateDir: string;
  logsDir: string;
  /** Provisioned tools (Temporal CLI venv). */
  toolsDir: string;
  logLevel: z.infer<typeof envSchema>['A2V_LOG_LEVEL'];
  postgres: {
    /** Set when the user points a2v at their own server; the embedded one is then never started. */
    externalUrl?: string;
    port: number;
    user: string;
    password: string;
    database: string;
    dataDir: string;
  };
  temporal: {
    externalAddress?: string;
    ip: string;
    port: number;
    uiPort: number;
    namespace: string;
    cliPath?: string;
    dbFile: string;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): A2vConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const repoRoot = findRepoRoot();
  const stateDir = resolve(e.A2V_HOME ?? join(repoRoot, '.a2v'));
  return {
    repoRoot,
    stateDir,
    logsDir: join(stateDir, 'logs'),
    toolsDir: join(repoRoot, '.tools'),
    logLevel: e.A2V_LOG_LEVEL,
    postgres: {
      externalUrl: e.DATABASE_URL,
      port: e.A2V_PG_PORT,
      user: 'a2v',
      password: 'a2v',
      database: 'a2v',
      dataDir: join(stateDir, 'postgres'),
    },
    temporal: {
      externalAddress: e.TEMPORAL_ADDRESS,
      ip: '127.0.0.1',
      port: e.A2V_TEMPORAL_PORT,
      uiPort: e.A2V_TEMPORAL_UI_PORT,
      namespace: e.TEMPORAL_NAMESPACE,
      cliPath: e.TEMPORAL_CLI,
      dbFile: join(stateDir, 'temporal', 'dev.sqlite'),
    },
  };
}

/** The URL of the database a2v uses: the user's, or the embedded default's. */
export function databaseUrl(config: A2vConfig): string {
  const pg = config.postgres;
  return pg.externalUrl ?? `postgresql://${pg.user}:${pg.password}@127.0.0.1:${pg.port}/${pg.database}`;
}

export function temporalAddress(config: A2vConfig): string {
  return config.temporal.externalAddress ?? `${config.temporal.ip}:${config.temporal.port}`;
}

export function temporalUiUrl(config: A2vConfig): string | undefined {
  // Only the embedded dev server's UI address is known; an external cluster's UI is the user's to know.
  if (config.temporal.externalAddress) return process.env.TEMPORAL_UI_URL;
  return `http://${config.temporal.ip}:${config.temporal.uiPort}`;
}
