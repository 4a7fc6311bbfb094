import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot } from '@a2v/config';

const execFileAsync = promisify(execFile);

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies pending migrations with the real Prisma CLI (`migrate deploy`); offline, it drives the
 * wasm schema engine through tools/prisma-engine (see prisma.config.ts). Returns the CLI's report.
 */
export async function migrateDeploy(databaseUrl: string): Promise<string> {
  const root = findRepoRoot();
  try {
    const { stdout } = await execFileAsync(join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
      timeout: 120_000,
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const detail = (e.stderr || e.stdout || e.message).trim().split('\n').slice(-6).join('\n');
    throw new MigrationError(`prisma migrate deploy failed:\n${detail}`);
  }
}
