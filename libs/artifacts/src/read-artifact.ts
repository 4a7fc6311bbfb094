/**
 * Reads an artifact by URI wherever it lives: `pg://artifacts/…` from the PostgreSQL store (verified
 * against its sha256), `file:` URIs and plain paths from disk (a user's own checkpoint or embedding
 * set; those formats carry their own checksum, verified when parsed). Workers on other machines
 * therefore only need DATABASE_URL to read what a sweep produced.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { ArtifactNotFoundError, InvalidArtifactNameError } from './errors.js';
import { PgArtifactStore } from './pg-artifact-store.js';

const PG_PREFIX = 'pg://artifacts/';

function pathOf(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new InvalidArtifactNameError(`${uri}: unsupported artifact URI scheme (use pg://artifacts/…, file:///… or a path)`);
  return uri;
}

export async function readArtifact(uri: string, pool: pg.Pool): Promise<Buffer> {
  if (uri.startsWith(PG_PREFIX)) return new PgArtifactStore(pool).get(uri);
  try {
    return await readFile(pathOf(uri));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ArtifactNotFoundError(uri);
    throw error;
  }
}

export async function artifactExists(uri: string, pool: pg.Pool): Promise<boolean> {
  if (uri.startsWith(PG_PREFIX)) return new PgArtifactStore(pool).exists(uri);
  try {
    return (await stat(pathOf(uri))).isFile();
  } catch {
    return false;
  }
}
