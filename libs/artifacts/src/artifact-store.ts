/**
 * Where checkpoints, embedding sets and shard weights are kept. Every store hands back the content's
 * sha256 on put and verifies it on get, so a damaged or truncated artifact is an error, never
 * silently wrong weights.
 */
import { createHash } from 'node:crypto';
import { InvalidArtifactNameError } from './errors.js';

/** Mirrors the ArtifactKind enum of the database schema. */
export type ArtifactKind = 'CHECKPOINT' | 'EMBEDDINGS' | 'SHARD_WEIGHTS' | 'SEARCH_STATE' | 'OTHER';

export interface PutOptions {
  readonly kind?: ArtifactKind;
  readonly meta?: Record<string, unknown>;
}

export interface StoredArtifact {
  readonly uri: string;
  /** sha256 of the whole content, hex. */
  readonly sha256: string;
  readonly bytes: number;
}

/** Bytes in memory, or a stream of them (a Node Readable is an AsyncIterable<Buffer>). */
export type ArtifactBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface ArtifactStore {
  /** Stores `body` under `name`, replacing what was there; all-or-nothing. */
  put(name: string, body: ArtifactBody, options?: PutOptions): Promise<StoredArtifact>;
  /** The content, verified against its sha256 (ArtifactChecksumError otherwise). */
  get(uri: string): Promise<Buffer>;
  exists(uri: string): Promise<boolean>;
  /** true when something was deleted. */
  delete(uri: string): Promise<boolean>;
}

/** Names are relative paths of [A-Za-z0-9._-] segments: safe as file paths and in URIs. */
export function assertArtifactName(name: string): void {
  const segments = name.split('/');
  if (name.length === 0 || name.length > 512 || segments.some((s) => s === '' || s === '.' || s === '..' || !/^[A-Za-z0-9._-]+$/.test(s))) {
    throw new InvalidArtifactNameError(`artifact name ${JSON.stringify(name)} must be a relative path of [A-Za-z0-9._-] segments`);
  }
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

async function* asIterable(body: ArtifactBody): AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array) yield body;
  else yield* body;
}

/**
 * Re-cuts `body` into chunks of exactly `chunkBytes` (the last one shorter; none for empty content),
 * holding at most one chunk in memory.
 */
export async function* rechunk(body: ArtifactBody, chunkBytes: number): AsyncIterable<Buffer> {
  let pending = Buffer.alloc(chunkBytes);
  let filled = 0;
  for await (const piece of asIterable(body)) {
    let offset = 0;
    while (offset < piece.length) {
      const n = Math.min(chunkBytes - filled, piece.length - offset);
      pending.set(piece.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === chunkBytes) {
        yield pending;
        pending = Buffer.alloc(chunkBytes);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield pending.subarray(0, filled);
}
