/**
 * Where an embedding set's bytes come from — a plain file, a `file:` URI of a LocalArtifactStore or a
 * `pg://artifacts/` URI of a PgArtifactStore — and which sets belong to a sweep: the URIs its row
 * records (`sweep.embeddings`, {"nb201": uri}: made by its pre-training or reused from the spec) and
 * every `artifact` of kind EMBEDDINGS whose meta has {"sweepId", "space", "checkpointSha256"} (a
 * supervised encoder's set may say "encoder": "supervised"). Parsing the bytes is @a2v/model's job
 * (parseEmbeddingSet), which this lib may not import: the caller does it, and the set's own header
 * says which encoder made it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalArtifactStore, PgArtifactStore } from '@a2v/artifacts';
import { sweepEmbeddings } from '@a2v/db';
import type pg from 'pg';
import { EmbeddingError, type EncoderKind } from './embedding.js';

export interface SweepEmbeddingSource {
  uri: string;
  /** As recorded ('nb201', 'nasbench201', …); the parsed set's own header is authoritative. */
  space: string;
  /** What the artifact's meta says, when it says; the set's header decides. */
  encoder?: EncoderKind;
  recordedBy: 'sweep' | 'artifact';
}

/** The sweep's embedding sets, one per URI: the sweep row's first, then its EMBEDDINGS artifacts, oldest first. */
export async function sweepEmbeddingSources(pool: pg.Pool, sweepId: string): Promise<SweepEmbeddingSource[]> {
  const recorded = await sweepEmbeddings(pool, sweepId);
  const artifacts = await pool.query<{ uri: string; meta: Record<string, unknown> | null }>(
    `select uri, meta from artifact where kind = 'EMBEDDINGS' and meta->>'sweepId' = $1 order by created_at, uri`,
    [sweepId],
  );
  const sources: SweepEmbeddingSource[] = Object.entries(recorded).map(([space, uri]) => ({ uri, space, recordedBy: 'sweep' }));
  for (const r of artifacts.rows) {
    if (sources.some((s) => s.uri === r.uri)) continue;
    const encoder = r.meta?.encoder === 'supervised' ? 'supervised' : r.meta?.encoder === 'arch2vec' ? 'arch2vec' : undefined;
    sources.push({ uri: r.uri, space: String(r.meta?.space ?? ''), encoder, recordedBy: 'artifact' });
  }
  return sources;
}

/**
 * The bytes of an embedding set named by a path or an artifact URI, checked by the store that holds
 * it (a bare file or a file: URI without the store's .sha256 sidecar is read as is: the embedding-set
 * format carries its own checksum). A pg URI needs the database pool.
 */
export async function readEmbeddingBytes(source: string, pool?: pg.Pool): Promise<Buffer> {
  if (source.startsWith('pg:')) {
    if (!pool) throw new EmbeddingError(`embedding set ${source}: a pg: URI needs the database (DATABASE_URL)`);
    return new PgArtifactStore(pool).get(source);
  }
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  if (!existsSync(path)) throw new EmbeddingError(`embedding set ${source}: no such file`);
  if (source.startsWith('file:') && existsSync(`${path}.sha256`)) return new LocalArtifactStore(dirname(path)).get(source);
  return readFile(path);
}
