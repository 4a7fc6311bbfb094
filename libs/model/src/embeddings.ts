/**
 * Embedding sets: the 16-d graph embedding of every architecture of a space (mean of the node μ over
 * all N rows, padded rows included, as the reference's search code takes it), with the ordered keys
 * and the sha256 of the checkpoint the weights came from. Layout (little-endian):
 *
 *   0   8  magic "A2VEMB01"
 *   8   4  header length H (UTF-8 JSON padded with spaces to a multiple of 4)
 *  12   H  {formatVersion, space, count, dim, checkpointSha256, keysBytes}
 *  …       keys: UTF-8, one per line ('\n' after each), padded with '\n' to a multiple of 4
 *  …       rows: count × dim Float32
 *  end 32  SHA-256 of every byte before it
 *
 * Writing streams chunk by chunk (encodings, tensors and rows of one chunk at a time); reading is one
 * readFile and a checksum.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EMBEDDING_FORMAT_VERSION, EMBEDDING_MAGIC, embeddingSetPrefix, keyBlockBytes } from './embedding-file.js';
import { EmbeddingSetError } from './errors.js';
import { batchArrays, type GraphDataset } from './graph-data.js';
import type { ModelConfig, SpaceName } from './model-config.js';
import { loadDataset, type ArchitectureSource } from './space-data.js';
import { VaeStepper, type ModelWeights } from './train-step.js';

const MAGIC = EMBEDDING_MAGIC;
const FORMAT_VERSION = EMBEDDING_FORMAT_VERSION;

export interface EmbeddingSet {
  readonly space: SpaceName;
  readonly count: number;
  readonly dim: number;
  readonly checkpointSha256: string;
  readonly keys: readonly string[];
  /** count × dim, row i belongs to keys[i]. */
  readonly rows: Float32Array;
  /** sha256 of the file. */
  readonly sha256: string;
}

/** Graph embeddings (mean over the N node rows of μ, eval mode) of `count` graphs from `start`. */
export function graphEmbeddings(model: ModelConfig, weights: ModelWeights, data: GraphDataset, stepper = new VaeStepper(model), batchSize = 512): Float32Array {
  const { N, latent } = model;
  const out = new Float32Array(data.count * latent);
  for (let from = 0; from < data.count; from += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, data.count - from) }, (_, i) => from + i);
    const mu = stepper.evaluate(weights, batchArrays(data, indices), (o) => o.mu.dataSync());
    for (let b = 0; b < indices.length; b++) {
      for (let d = 0; d < latent; d++) {
        let sum = 0;
        for (let i = 0; i < N; i++) sum += mu[(b * N + i) * latent + d];
        out[(from + b) * latent + d] = sum / N;
      }
    }
  }
  return out;
}

export interface WriteEmbeddingsOptions {
  readonly model: ModelConfig;
  readonly weights: ModelWeights;
  readonly source: ArchitectureSource;
  readonly checkpointSha256: string;
  /** Architectures encoded and embedded at a time (bounds memory). */
  readonly chunkSize?: number;
}

/** Embeds every architecture of `source` into an embedding-set file at `path` (atomic); returns its sha256. */
export function writeEmbeddingSet(path: string, options: WriteEmbeddingsOptions): { sha256: string; count: number } {
  const { model, weights, source, checkpointSha256 } = options;
  if (source.space !== model.space) throw new EmbeddingSetError(`source is ${source.space} but the model was trained on ${model.space}`);
  const chunkSize = options.chunkSize ?? 8192;
  // Pass 1 (cheap, keys only): the key block's length goes into the header.
  const { keysBytes, padding: keysPadding } = keyBlockBytes(source.count, (i) => source.keyAt(i));
  const prefix = embeddingSetPrefix({ space: source.space, count: source.count, dim: model.latent, checkpointSha256 }, keysBytes);

  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  const fd = openSync(partial, 'w');
  const hash = createHash('sha256');
  const write = (bytes: Uint8Array): void => {
    hash.update(bytes);
    writeSync(fd, bytes);
  };
  const stepper = new VaeStepper(model);
  try {
    write(prefix);
    for (let from = 0; from < source.count; from += chunkSize) {
      const lines: string[] = [];
      for (let i = from; i < Math.min(from + chunkSize, source.count); i++) lines.push(`${source.keyAt(i)}\n`);
      write(Buffer.from(lines.join(''), 'utf8'));
    }
    write(Buffer.alloc(keysPadding, '\n'));
    for (let from = 0; from < source.count; from += chunkSize) {
      const rows = graphEmbeddings(model, weights, loadDataset(source, chunkSize, from), stepper);
      write(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength));
    }
    const digest = hash.digest();
    writeSync(fd, digest);
    closeSync(fd);
    renameSync(partial, path);
    return { sha256: digest.toString('hex'), count: source.count };
  } catch (error) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  } finally {
    stepper.dispose();
  }
}

export function parseEmbeddingSet(file: Buffer, path = '<buffer>'): EmbeddingSet {
  const fail = (reason: string): never => {
    throw new EmbeddingSetError(`${path}: ${reason}`);
  };
  if (file.length < 44 || file.toString('latin1', 0, 8) !== MAGIC) fail('not an embedding set (bad magic)');
  const body = file.subarray(0, file.length - 32);
  const digest = createHash('sha256').update(body).digest();
  if (!digest.equals(file.subarray(file.length - 32))) fail('sha256 mismatch (corrupt file)');
  const headerLength = file.readUInt32LE(8);
  let header: { formatVersion: number; space: SpaceName; count: number; dim: number; checkpointSha256: string; keysBytes: number };
  try {
    header = JSON.parse(file.toString('utf8', 12, 12 + headerLength));
  } catch {
    return fail('header is not JSON');
  }
  if (header.formatVersion !== FORMAT_VERSION) fail(`format version ${header.formatVersion}, expected ${FORMAT_VERSION}`);
  const rowsOffset = 12 + headerLength + header.keysBytes;
  if (rowsOffset + header.count * header.dim * 4 !== body.length) fail('size does not match the header');
  const keyText = file.toString('utf8', 12 + headerLength, rowsOffset).replace(/\n+$/, '');
  const keys = header.count === 0 ? [] : keyText.split('\n');
  if (keys.length !== header.count) fail(`${keys.length} keys for ${header.count} rows`);
  const rows = new Float32Array(new Uint8Array(file.subarray(rowsOffset, body.length)).buffer);
  return { space: header.space, count: header.count, dim: header.dim, checkpointSha256: header.checkpointSha256, keys, rows, sha256: digest.toString('hex') };
}

export function readEmbeddingSet(path: string): EmbeddingSet {
  return parseEmbeddingSet(readFileSync(path), path);
}
