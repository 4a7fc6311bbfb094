/**
 * The embedding-set file format's framing (see embeddings.ts for the layout), shared by the streaming
 * writer and by `serializeEmbeddingSet`, which assembles a set from rows computed elsewhere (the
 * sharded embedding activities of a sweep).
 */
import { createHash } from 'node:crypto';
import { EmbeddingSetError } from './errors.js';
import type { SpaceName } from './model-config.js';

export const EMBEDDING_MAGIC = 'A2VEMB01';
export const EMBEDDING_FORMAT_VERSION = 1;

export interface EmbeddingSetHeader {
  readonly space: SpaceName;
  readonly count: number;
  readonly dim: number;
  readonly checkpointSha256: string;
}

/** Bytes of the key block with its padding, after checking every key can be stored one per line. */
export function keyBlockBytes(count: number, keyAt: (i: number) => string): { keysBytes: number; padding: number } {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const key = keyAt(i);
    if (key.length === 0 || key.includes('\n')) throw new EmbeddingSetError(`key ${i} (${JSON.stringify(key)}) is empty or contains a newline`);
    bytes += Buffer.byteLength(key, 'utf8') + 1;
  }
  const padding = (4 - (bytes % 4)) % 4;
  return { keysBytes: bytes + padding, padding };
}

/** Magic, header length and the JSON header, padded to a multiple of 4 bytes. */
export function embeddingSetPrefix(header: EmbeddingSetHeader, keysBytes: number): Buffer {
  let json = Buffer.from(JSON.stringify({ formatVersion: EMBEDDING_FORMAT_VERSION, ...header, keysBytes }));
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, ' ')]);
  const prefix = Buffer.alloc(12);
  prefix.write(EMBEDDING_MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, 8);
  return Buffer.concat([prefix, json]);
}

export interface EmbeddingSetContent {
  readonly space: SpaceName;
  readonly dim: number;
  readonly checkpointSha256: string;
  readonly keys: readonly string[];
  /** keys.length × dim, row i belongs to keys[i]. */
  readonly rows: Float32Array;
}

/** A whole embedding-set file in memory, checksum included. */
export function serializeEmbeddingSet(content: EmbeddingSetContent): Buffer {
  const { space, dim, checkpointSha256, keys, rows } = content;
  if (rows.length !== keys.length * dim) throw new EmbeddingSetError(`${rows.length} values for ${keys.length} keys × ${dim} dimensions`);
  const { keysBytes, padding } = keyBlockBytes(keys.length, (i) => keys[i]);
  const body = Buffer.concat([
    embeddingSetPrefix({ space, count: keys.length, dim, checkpointSha256 }, keysBytes),
    Buffer.from(keys.map((k) => `${k}\n`).join(''), 'utf8'),
    Buffer.alloc(padding, '\n'),
    Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength),
  ]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}
