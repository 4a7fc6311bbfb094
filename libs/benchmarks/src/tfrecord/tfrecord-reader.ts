/**
 * Streaming TFRecord reader. Framing of each record (tensorflow/core/lib/io/record_writer.cc):
 *
 *   u64 LE  length
 *   u32 LE  masked CRC32C of the 8 length bytes
 *   bytes   data[length]
 *   u32 LE  masked CRC32C of data
 *
 * Both CRCs are verified; the length CRC is checked before the length is trusted, so a corrupted
 * length never makes us wait for (or allocate) gigabytes. Reads a file (gzip when it ends in
 * `.gz`) or any byte stream, one chunk at a time: memory is bounded by chunk size + one record.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { TfRecordError } from '../errors.js';
import { ByteQueue } from './byte-queue.js';
import { maskedCrc32c } from './crc32c.js';

const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;
/** NAS-Bench-101 records are a few hundred bytes; anything near this is a corrupt length. */
const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

export interface TfRecord {
  /** 0-based record number. */
  index: number;
  /** Byte offset of the record's length field in the (decompressed) stream. */
  byteOffset: number;
  /** The payload. May be a view into a shared chunk: copy it if you keep it past the next record. */
  data: Buffer;
}

export interface TfRecordReadOptions {
  /** Label used in errors when `input` is a stream (a path labels itself). */
  source?: string;
  /** Records longer than this are reported as 'implausible-length' (default 64 MiB). */
  maxRecordBytes?: number;
}

/** Opens a file as a byte stream, gunzipping it when the name ends in `.gz`. */
export function openByteStream(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
  file.on('error', (error) => gunzip.destroy(error));
  gunzip.on('close', () => file.destroy());
  return file.pipe(gunzip);
}

/**
 * Yields the records of a TFRecord file or stream in order, each with verified CRCs. Throws
 * TfRecordError (with record number and byte offset) at the first framing problem; a caller
 * that stops early (break) closes the file.
 */
export async function* readTfRecords(
  input: string | AsyncIterable<Uint8Array>,
  options: TfRecordReadOptions = {},
): AsyncGenerator<TfRecord> {
  const source = typeof input === 'string' ? input : (options.source ?? '<stream>');
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const stream = typeof input === 'string' ? openByteStream(input) : input;
  const queue = new ByteQueue();
  let index = 0;
  let offset = 0; // stream offset of the current record's first byte
  let pendingLength = -1; // payload length once the header is verified; -1 while waiting for one

  const fail = (failure: TfRecordError['failure'], detail: string, cause?: unknown): TfRecordError =>
    new TfRecordError(failure, source, index, offset, detail, cause === undefined ? undefined : { cause });

  try {
    try {
      for await (const chunk of stream) {
        queue.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        for (;;) {
          if (pendingLength < 0) {
            if (queue.length < HEADER_BYTES) break;
            pendingLength = verifyHeader(queue.take(HEADER_BYTES), maxRecordBytes, fail);
          }
          if (queue.length < pendingLength + FOOTER_BYTES) break;
          const data = queue.take(pendingLength);
          const storedCrc = queue.take(FOOTER_BYTES).readUInt32LE(0);
          const actualCrc = maskedCrc32c(data);
          if (storedCrc !== actualCrc) {
            throw fail('data-crc', `stored masked CRC32C 0x${hex(storedCrc)} != computed 0x${hex(actualCrc)} over ${data.length} data bytes`);
          }
          yield { index, byteOffset: offset, data };
          index += 1;
          offset += HEADER_BYTES + pendingLength + FOOTER_BYTES;
          pendingLength = -1;
        }
      }
    } catch (error) {
      if (error instanceof TfRecordError) throw error;
      throw fail('io', `reading the stream failed: ${(error as Error).message}`, error);
    }
    if (pendingLength >= 0) {
      throw fail('truncated', `stream ends inside the record: ${pendingLength + FOOTER_BYTES} bytes of data and CRC expected after the header, ${queue.length} present`);
    }
    if (queue.length > 0) {
      throw fail('truncated', `stream ends inside a record header: ${queue.length} of ${HEADER_BYTES} header bytes present`);
    }
  } finally {
    if (typeof input === 'string') (stream as Readable).destroy();
  }
}

/** Checks the length CRC, then the length's plausibility; returns the payload length. */
function verifyHeader(
  header: Buffer,
  maxRecordBytes: number,
  fail: (failure: TfRecordError['failure'], detail: string) => TfRecordError,
): number {
  const lengthBytes = header.subarray(0, 8);
  const storedCrc = header.readUInt32LE(8);
  const actualCrc = maskedCrc32c(lengthBytes);
  if (storedCrc !== actualCrc) {
    throw fail('length-crc', `stored masked CRC32C 0x${hex(storedCrc)} != computed 0x${hex(actualCrc)} over length bytes ${lengthBytes.toString('hex')}`);
  }
  const low = header.readUInt32LE(0);
  const high = header.readUInt32LE(4);
  if (high !== 0 || low > maxRecordBytes) {
    const length = BigInt(high) * 2n ** 32n + BigInt(low);
    throw fail('implausible-length', `record length ${length} exceeds the limit of ${maxRecordBytes} bytes`);
  }
  return low;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
