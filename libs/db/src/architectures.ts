import type pg from 'pg';
import { withTransaction } from './transaction.js';

export interface ArchitectureRow {
  hash: string;
  encoding: unknown;
}

export interface ArchitectureImport {
  total: number;
  inserted: number;
}

const CHUNK = 5000;

/**
 * Stores a benchmark's architectures in one transaction (all or nothing), in chunks of one
 * multi-row INSERT each; a second import of the same set inserts nothing (ON CONFLICT DO NOTHING
 * on the (space, hash) key). Returns how many rows were new.
 */
export async function importArchitectures(pool: pg.Pool, space: string, rows: Iterable<ArchitectureRow>): Promise<ArchitectureImport> {
  let total = 0;
  let inserted = 0;
  const flush = async (client: pg.PoolClient, hashes: string[], encodings: string[]) => {
    const result = await client.query(
      `insert into architecture (space, hash, encoding)
       select $1, h, e::jsonb from unnest($2::text[], $3::text[]) as t(h, e)
       on conflict (space, hash) do nothing`,
      [space, hashes, encodings],
    );
    inserted += result.rowCount ?? 0;
  };
  return withTransaction(pool, async (client) => {
    let hashes: string[] = [];
    let encodings: string[] = [];
    for (const row of rows) {
      hashes.push(row.hash);
      encodings.push(JSON.stringify(row.encoding));
      total += 1;
      if (hashes.length === CHUNK) {
        await flush(client, hashes, encodings);
        hashes = [];
        encodings = [];
      }
    }
    if (hashes.length) await flush(client, hashes, encodings);
    return { total, inserted };
  });
}

export async function countArchitectures(pool: pg.Pool, space: string): Promise<number> {
  const { rows } = await pool.query('select count(*)::int as n from architecture where space = $1', [space]);
  return rows[0].n;
}
