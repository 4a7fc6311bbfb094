/**
 * Embedding sets of a supervised encoder: the same A2VEMB01 file as arch2vec's (embeddings.ts), whose
 * JSON header also carries `supervised`: where the encoder's labels came from. Readers that know
 * nothing of it (parseEmbeddingSet) load the file unchanged; `readEmbeddingSetWithProvenance` tells
 * the two kinds apart, so a search can refuse a supervised set for arch2vec-* and vice versa.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EmbeddingSetError } from '../errors.js';
import { embeddingSetPrefix, keyBlockBytes } from '../embedding-file.js';
import { parseEmbeddingSet, type EmbeddingSet } from '../embeddings.js';
import type { SpaceName } from '../model-config.js';

/** Where a supervised encoder's training labels came from. */
export interface SupervisedProvenance {
  readonly kind: 'supervised';
  /** The tabular benchmark whose search signal (validation accuracy) was the target. */
  readonly benchmark: string;
  /** How many labelled architectures it was trained on (a seeded uniform sample). */
  readonly labelledArchitectures: number;
  readonly seed: number;
  readonly epochs: number;
  /** Mean squared error (z-scored targets) of the last epoch. */
  readonly finalLoss: number;
}

export interface SupervisedEmbeddingRows {
  readonly space: SpaceName;
  readonly dim: number;
  readonly keys: readonly string[];
  readonly rows: Float32Array;
  /** sha256 of the encoder's weights (stands where arch2vec's sets name their checkpoint). */
  readonly weightsSha256: string;
  readonly provenance: SupervisedProvenance;
}

/** Writes a supervised embedding set (atomic) in the model's framing; returns its sha256. */
export function writeSupervisedEmbeddingSet(path: string, set: SupervisedEmbeddingRows): { sha256: string; count: number } {
  const { keys, rows, dim } = set;
  if (rows.length !== keys.length * dim) throw new EmbeddingSetError(`${rows.length} values for ${keys.length} keys × ${dim}`);
  const { keysBytes, padding } = keyBlockBytes(keys.length, (i) => keys[i]);
  // The framing spreads every field of the header it is given into the JSON: `supervised` rides along.
  const header = { space: set.space, count: keys.length, dim, checkpointSha256: set.weightsSha256, supervised: set.provenance };
  const body = Buffer.concat([
    embeddingSetPrefix(header, keysBytes),
    Buffer.from(keys.map((k) => `${k}\n`).join(''), 'utf8'),
    Buffer.alloc(padding, '\n'),
    Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength),
  ]);
  const digest = createHash('sha256').update(body).digest();
  const file = Buffer.concat([body, digest]);
  parseEmbeddingSet(file, path); // check it reads back before it is written
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, file);
  renameSync(partial, path);
  return { sha256: digest.toString('hex'), count: keys.length };
}

/** Parses any embedding-set file; `supervised` is its provenance when a supervised encoder made it, else null. */
export function parseEmbeddingSetWithProvenance(file: Buffer, path = '<buffer>'): { set: EmbeddingSet; supervised: SupervisedProvenance | null } {
  const set = parseEmbeddingSet(file, path); // magic, checksum and layout checked here
  const header = JSON.parse(file.toString('utf8', 12, 12 + file.readUInt32LE(8))) as { supervised?: SupervisedProvenance };
  const supervised = header.supervised ?? null;
  if (supervised !== null && supervised.kind !== 'supervised') throw new EmbeddingSetError(`${path}: unknown encoder kind ${JSON.stringify(supervised.kind)}`);
  return { set, supervised };
}

/** Reads any embedding-set file (see parseEmbeddingSetWithProvenance). */
export function readEmbeddingSetWithProvenance(path: string): { set: EmbeddingSet; supervised: SupervisedProvenance | null } {
  return parseEmbeddingSetWithProvenance(readFileSync(path), path);
}

/** sha256 of an encoder's flat weights (GIN parameters, running statistics, head). */
export function weightsSha256(...parts: Float32Array[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return hash.digest('hex');
}
