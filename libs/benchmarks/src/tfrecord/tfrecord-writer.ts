/**
 * TFRecord writer: the inverse of the reader, for test fixtures, benchmarks and tools that
 * need a file in the official framing. Streams with backpressure; gzip when the path ends in `.gz`.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { maskedCrc32c } from './crc32c.js';

/** One record in TFRecord framing: length, masked CRC of length, data, masked CRC of data. */
export function encodeTfRecord(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length + 4);
  out.writeUInt32LE(data.length >>> 0, 0);
  out.writeUInt32LE(Math.floor(data.length / 2 ** 32), 4);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  out.set(data, 12);
  out.writeUInt32LE(maskedCrc32c(data), 12 + data.length);
  return out;
}

async function* framed(records: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const record of records) yield encodeTfRecord(record);
}

/** Writes the records to `path` in TFRecord framing; resolves with the number written. */
export async function writeTfRecordFile(
  path: string,
  records: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<number> {
  let count = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const frame of framed(records)) {
      count += 1;
      yield frame;
    }
  }
  if (path.endsWith('.gz')) await pipeline(counted(), createGzip(), createWriteStream(path));
  else await pipeline(counted(), createWriteStream(path));
  return count;
}
