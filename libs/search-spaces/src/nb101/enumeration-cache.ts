/**
 * Binary cache of the NAS-Bench-101 enumeration, so services load the space in milliseconds instead
 * of re-enumerating (~15 s). Layout (little-endian):
 *
 *   0  8  magic "A2VNB101"
 *   8  4  format version (1)
 *  12  4  cell count
 *  16 32  SHA-256 of everything after the header
 *  48 …   adjacencyBits u32 × count | opCodes u16 × count | hashes 16 B × count | vertexCounts u8 × count
 *
 * Columns are stored whole so loading is four typed-array copies. A reader rejects a wrong magic,
 * version, size or checksum, and hashes that are not strictly ascending (the order is part of the API).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { enumerateNb101 } from './enumerate.js';
import { NB101_CELL_COUNT, Nb101Enumeration, compareHashBytes } from './enumeration.js';

const MAGIC = 'A2VNB101';
export const NB101_CACHE_VERSION = 1;
const HEADER_BYTES = 48;
const HASH_BYTES = 16;
const BYTES_PER_CELL = 4 + 2 + HASH_BYTES + 1;

export class Nb101CacheError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'Nb101CacheError';
  }
}

export function serializeNb101Enumeration(enumeration: Nb101Enumeration): Buffer {
  const { size } = enumeration;
  const { adjacencyBits, opCodes, hashes, vertexCounts } = enumeration.columns;
  const file = Buffer.alloc(HEADER_BYTES + size * BYTES_PER_CELL);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(NB101_CACHE_VERSION, 8);
  file.writeUInt32LE(size, 12);
  let offset = HEADER_BYTES;
  for (let i = 0; i < size; i++, offset += 4) file.writeUInt32LE(adjacencyBits[i], offset);
  for (let i = 0; i < size; i++, offset += 2) file.writeUInt16LE(opCodes[i], offset);
  file.set(hashes, offset);
  offset += hashes.length;
  file.set(vertexCounts, offset);
  createHash('sha256').update(file.subarray(HEADER_BYTES)).digest().copy(file, 16);
  return file;
}

export function deserializeNb101Enumeration(file: Buffer, path = '<buffer>'): Nb101Enumeration {
  if (file.length < HEADER_BYTES || file.toString('latin1', 0, 8) !== MAGIC) throw new Nb101CacheError(path, 'not an NB101 enumeration cache (bad magic)');
  const version = file.readUInt32LE(8);
  if (version !== NB101_CACHE_VERSION) throw new Nb101CacheError(path, `cache format version ${version}, expected ${NB101_CACHE_VERSION}`);
  const size = file.readUInt32LE(12);
  if (file.length !== HEADER_BYTES + size * BYTES_PER_CELL) {
    throw new Nb101CacheError(path, `${file.length} bytes, expected ${HEADER_BYTES + size * BYTES_PER_CELL} for ${size} cells (truncated?)`);
  }
  const checksum = createHash('sha256').update(file.subarray(HEADER_BYTES)).digest();
  if (!checksum.equals(file.subarray(16, HEADER_BYTES))) throw new Nb101CacheError(path, 'checksum mismatch (corrupt cache)');

  let offset = HEADER_BYTES;
  const adjacencyBits = new Uint32Array(size);
  for (let i = 0; i < size; i++, offset += 4) adjacencyBits[i] = file.readUInt32LE(offset);
  const opCodes = new Uint16Array(size);
  for (let i = 0; i < size; i++, offset += 2) opCodes[i] = file.readUInt16LE(offset);
  // Copies into plain Uint8Arrays (Buffer#slice would return Buffers sharing the file's memory).
  const hashes = new Uint8Array(file.subarray(offset, offset + size * HASH_BYTES));
  offset += size * HASH_BYTES;
  const vertexCounts = new Uint8Array(file.subarray(offset, offset + size));
  for (let i = 1; i < size; i++) {
    if (compareHashBytes(hashes, (i - 1) * HASH_BYTES, hashes, i * HASH_BYTES) >= 0) throw new Nb101CacheError(path, `hashes not strictly ascending at cell ${i}`);
  }
  return new Nb101Enumeration({ hashes, vertexCounts, adjacencyBits, opCodes });
}

export function writeNb101Cache(path: string, enumeration: Nb101Enumeration): void {
  mkdirSync(dirname(path), { recursive: true });
  // Write-then-rename so a concurrent reader never sees a half-written file.
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, serializeNb101Enumeration(enumeration));
  renameSync(partial, path);
}

export function readNb101Cache(path: string): Nb101Enumeration {
  return deserializeNb101Enumeration(readFileSync(path), path);
}

export interface LoadedNb101Enumeration {
  readonly enumeration: Nb101Enumeration;
  /** 'cache' when read from `path`; 'built' when enumerated (missing or unusable cache) and written there. */
  readonly source: 'cache' | 'built';
  /** Why the existing cache was not used, when there was one. */
  readonly rebuiltBecause?: string;
}

/**
 * Reads the cache at `path`, or enumerates the space and writes the cache when it is missing or
 * unusable (corrupt, another format version, or not the full space). `build` is the enumeration to
 * run in that case (tests pass a prepared one).
 */
export function loadOrBuildNb101Enumeration(path: string, build: () => Nb101Enumeration = enumerateNb101): LoadedNb101Enumeration {
  let rebuiltBecause: string | undefined;
  try {
    const cached = readNb101Cache(path);
    if (cached.size === NB101_CELL_COUNT) return { enumeration: cached, source: 'cache' };
    rebuiltBecause = `${path}: holds ${cached.size} cells, not the full space of ${NB101_CELL_COUNT}`;
  } catch (error) {
    if (error instanceof Nb101CacheError) rebuiltBecause = error.message;
    else if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const enumeration = build();
  writeNb101Cache(path, enumeration);
  return { enumeration, source: 'built', ...(rebuiltBecause ? { rebuiltBecause } : {}) };
}
