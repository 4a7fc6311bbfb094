import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { TfRecordError } from '../errors.js';
import { collect, tempDir } from '../test-support/temp-dir.js';
import { maskedCrc32c } from './crc32c.js';
import { readTfRecords } from './tfrecord-reader.js';
import { encodeTfRecord, writeTfRecordFile } from './tfrecord-writer.js';

const payloads = ['first', '', 'x'.repeat(5000), JSON.stringify(['a', 1, 'b'])].map((s) => Buffer.from(s));

/** The byte offsets at which each record starts in a file of `payloads`. */
function offsets(items: Buffer[]): number[] {
  let at = 0;
  return items.map((p) => {
    const start = at;
    at += 16 + p.length;
    return start;
  });
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readError(input: string | AsyncIterable<Uint8Array>): Promise<TfRecordError> {
  try {
    await collect(readTfRecords(input, { source: 'test' }));
  } catch (error) {
    assert.ok(error instanceof TfRecordError, `expected TfRecordError, got ${String(error)}`);
    return error;
  }
  assert.fail('reading a corrupted file succeeded');
}

test('encodeTfRecord writes the documented framing', () => {
  const frame = encodeTfRecord(Buffer.from('abc'));
  assert.equal(frame.length, 8 + 4 + 3 + 4);
  assert.equal(frame.readUInt32LE(0), 3);
  assert.equal(frame.readUInt32LE(4), 0);
  assert.equal(frame.readUInt32LE(8), maskedCrc32c(frame.subarray(0, 8)));
  assert.equal(frame.subarray(12, 15).toString(), 'abc');
  assert.equal(frame.readUInt32LE(15), maskedCrc32c(Buffer.from('abc')));
});

test('a written file reads back record by record, with indexes and byte offsets', async (t) => {
  const path = join(tempDir(t), 'ok.tfrecord');
  assert.equal(await writeTfRecordFile(path, payloads), payloads.length);
  const records = await collect(readTfRecords(path));
  assert.deepEqual(records.map((r) => r.data.toString()), payloads.map((p) => p.toString()));
  assert.deepEqual(records.map((r) => r.index), [0, 1, 2, 3]);
  assert.deepEqual(records.map((r) => r.byteOffset), offsets(payloads));
});

test('gzip files read the same, offsets counted in decompressed bytes', async (t) => {
  const path = join(tempDir(t), 'ok.tfrecord.gz');
  await writeTfRecordFile(path, payloads);
  const records = await collect(readTfRecords(path));
  assert.deepEqual(records.map((r) => r.data.toString()), payloads.map((p) => p.toString()));
  assert.deepEqual(records.map((r) => r.byteOffset), offsets(payloads));
});

test('records split across stream chunks of any size are reassembled', async () => {
  const bytes = Buffer.concat(payloads.map(encodeTfRecord));
  for (const size of [1, 3, 12, 13, 4096]) {
    const records = await collect(readTfRecords(chunksOf(bytes, size)));
    assert.deepEqual(records.map((r) => r.data.toString()), payloads.map((p) => p.toString()), `chunk size ${size}`);
  }
});

test('an empty file has no records', async () => {
  assert.deepEqual(await collect(readTfRecords(chunksOf(Buffer.alloc(0), 1))), []);
});

test('a flipped length byte fails the length CRC at that record', async () => {
  const bytes = Buffer.concat(payloads.map(encodeTfRecord));
  const [, , third] = offsets(payloads);
  bytes[third] ^= 0x01;
  const error = await readError(chunksOf(bytes, 100));
  assert.equal(error.failure, 'length-crc');
  assert.equal(error.recordIndex, 2);
  assert.equal(error.byteOffset, third);
  assert.match(error.message, /record #2 at byte offset 37: length-crc/);
});

test('a flipped data byte fails the data CRC at that record', async () => {
  const bytes = Buffer.concat(payloads.map(encodeTfRecord));
  const [, , third] = offsets(payloads);
  bytes[third + 12 + 100] ^= 0x80;
  const error = await readError(chunksOf(bytes, 100));
  assert.equal(error.failure, 'data-crc');
  assert.equal(error.recordIndex, 2);
  assert.equal(error.byteOffset, third);
});

test('a flipped CRC byte is caught too (length CRC and data CRC)', async () => {
  const lengthCrc = Buffer.concat(payloads.map(encodeTfRecord));
  lengthCrc[9] ^= 0xff;
  assert.equal((await readError(chunksOf(lengthCrc, 64))).failure, 'length-crc');
  const dataCrc = Buffer.concat(payloads.map(encodeTfRecord));
  dataCrc[16 + payloads[0].length - 1] ^= 0xff;
  const error = await readError(chunksOf(dataCrc, 64));
  assert.equal(error.failure, 'data-crc');
  assert.equal(error.recordIndex, 0);
});

test('truncation is reported as a short read at the record it cuts, wherever the cut is', async () => {
  const bytes = Buffer.concat(payloads.map(encodeTfRecord));
  const starts = offsets(payloads);
  const cases = [
    { cut: starts[3] + 5, record: 3 }, // inside a header
    { cut: starts[2] + 12 + 10, record: 2 }, // inside the data
    { cut: bytes.length - 1, record: 3 }, // inside the last data CRC
  ];
  for (const { cut, record } of cases) {
    const error = await readError(chunksOf(bytes.subarray(0, cut), 7));
    assert.equal(error.failure, 'truncated', `cut at ${cut}`);
    assert.equal(error.recordIndex, record);
    assert.equal(error.byteOffset, starts[record]);
  }
});

test('a truncated file on disk, plain or gzip, fails with the path in the message', async (t) => {
  const dir = tempDir(t);
  const whole = join(dir, 'whole.tfrecord');
  await writeTfRecordFile(whole, payloads);
  const bytes = readFileSync(whole);
  const plain = join(dir, 'cut.tfrecord');
  writeFileSync(plain, bytes.subarray(0, bytes.length - 3));
  const plainError = await readError(plain);
  assert.equal(plainError.failure, 'truncated');
  assert.ok(plainError.message.includes(plain));
  const gz = join(dir, 'cut.tfrecord.gz');
  writeFileSync(gz, gzipSync(bytes.subarray(0, bytes.length - 3)));
  assert.equal((await readError(gz)).failure, 'truncated');
  // A gzip stream that itself is cut off is an I/O failure of the stream, also typed.
  const brokenGz = join(dir, 'broken.tfrecord.gz');
  const compressed = gzipSync(bytes);
  writeFileSync(brokenGz, compressed.subarray(0, compressed.length - 10));
  const gzError = await readError(brokenGz);
  assert.ok(['io', 'truncated'].includes(gzError.failure));
});

test('a length that passes its CRC but is absurd is refused before any allocation', async () => {
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0, 0);
  header.writeUInt32LE(1, 4); // 4 GiB
  header.writeUInt32LE(maskedCrc32c(header.subarray(0, 8)), 8);
  const error = await readError(chunksOf(header, 12));
  assert.equal(error.failure, 'implausible-length');
  assert.equal(error.recordIndex, 0);
});

test('a missing file is a typed io error', async () => {
  const error = await readError('/nonexistent/nasbench_only108.tfrecord');
  assert.equal(error.failure, 'io');
});
