/**
 * Artifacts inside PostgreSQL: one row in `artifact` (kind, uri, whole-content sha256, size, meta)
 * and the content in `artifact_chunk` rows of at most 1 MiB, each with its own sha256. A put runs in
 * one transaction (replacing any artifact with the same URI), so readers never see a partial one,
 * and it streams: at most one chunk is held in memory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { withTransaction } from '@a2v/db';
import type pg from 'pg';
import { assertArtifactName, rechunk, sha256Hex, type ArtifactBody, type ArtifactStore, type PutOptions, type StoredArtifact } from './artifact-store.js';
import { ArtifactChecksumError, ArtifactNotFoundError, InvalidArtifactNameError } from './errors.js';

export const PG_CHUNK_BYTES = 1 << 20;
const URI_PREFIX = 'pg://artifacts/';

export class PgArtifactStore implements ArtifactStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly chunkBytes = PG_CHUNK_BYTES,
  ) {
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  }

  uriOf(name: string): string {
    assertArtifactName(name);
    return `${URI_PREFIX}${name}`;
  }

  private checkUri(uri: string): void {
    if (!uri.startsWith(URI_PREFIX)) throw new InvalidArtifactNameError(`${uri} is not a ${URI_PREFIX} URI`);
    assertArtifactName(uri.slice(URI_PREFIX.length));
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  async put(name: string, body: ArtifactBody, options: PutOptions = {}): Promise<StoredArtifact> {
    const uri = this.uriOf(name);
    return this.transaction(async (client) => {
      await deleteByUri(client, uri);
      const id = randomUUID();
      // The checksum is known only after the last chunk; the row is completed in the same transaction.
      await client.query(`insert into artifact (id, kind, uri, checksum, bytes, meta) values ($1, $2, $3, '', 0, $4::jsonb)`, [
        id,
        options.kind ?? 'OTHER',
        uri,
        options.meta === undefined ? null : JSON.stringify(options.meta),
      ]);
      const hash = createHash('sha256');
      let bytes = 0;
      let index = 0;
      for await (const chunk of rechunk(body, this.chunkBytes)) {
        hash.update(chunk);
        bytes += chunk.length;
        await client.query('insert into artifact_chunk (artifact_id, chunk_index, data, sha256) values ($1, $2, $3, $4)', [id, index++, chunk, sha256Hex(chunk)]);
      }
      const sha256 = hash.digest('hex');
      await client.query('update artifact set checksum = $2, bytes = $3 where id = $1', [id, sha256, bytes]);
      return { uri, sha256, bytes };
    });
  }

  async get(uri: string): Promise<Buffer> {
    this.checkUri(uri);
    const client = await this.pool.connect();
    try {
      // One snapshot for the row and its chunks, so a concurrent replace cannot mix two versions.
      await client.query('begin isolation level repeatable read read only');
      const head = await client.query<{ id: string; checksum: string; bytes: string }>('select id, checksum, bytes from artifact where uri = $1', [uri]);
      if (head.rowCount === 0) throw new ArtifactNotFoundError(uri);
      const { id, checksum, bytes } = head.rows[0];
      const chunks = await client.query<{ chunk_index: number; data: Buffer; sha256: string }>(
        'select chunk_index, data, sha256 from artifact_chunk where artifact_id = $1 order by chunk_index',
        [id],
      );
      await client.query('commit');
      chunks.rows.forEach((c, i) => {
        if (c.chunk_index !== i) throw new ArtifactChecksumError(uri, `chunk ${i}`, `chunk ${c.chunk_index}`, i);
        const actual = sha256Hex(c.data);
        if (actual !== c.sha256) throw new ArtifactChecksumError(uri, c.sha256, actual, i);
      });
      const data = Buffer.concat(chunks.rows.map((c) => c.data));
      const actual = sha256Hex(data);
      if (actual !== checksum || data.length !== Number(bytes)) throw new ArtifactChecksumError(uri, checksum, actual);
      return data;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async exists(uri: string): Promise<boolean> {
    this.checkUri(uri);
    const { rowCount } = await this.pool.query('select 1 from artifact where uri = $1', [uri]);
    return (rowCount ?? 0) > 0;
  }

  async delete(uri: string): Promise<boolean> {
    this.checkUri(uri);
    return this.transaction((client) => deleteByUri(client, uri));
  }
}

async function deleteByUri(client: pg.PoolClient, uri: string): Promise<boolean> {
  const removed = await client.query<{ id: string }>('delete from artifact where uri = $1 returning id', [uri]);
  if (removed.rowCount === 0) return false;
  await client.query('delete from artifact_chunk where artifact_id = $1', [removed.rows[0].id]);
  return true;
}
