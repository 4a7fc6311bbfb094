import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ImportRecordError, TfRecordError, UnknownArchitectureError } from '../errors.js';
import { collect, tempDir } from '../test-support/temp-dir.js';
import { writeTfRecordFile } from '../tfrecord/tfrecord-writer.js';
import { decodeNasbenchRecord, encodeNasbenchRecord, type NasbenchRecordInput } from './nasbench-record.js';
import { syntheticHash, syntheticNasbenchRecords } from './synthetic-records.js';
import { aggregateNasbenchRecords, importNasbenchTfRecordBenchmark, readNasbenchTfRecord } from './tfrecord-importer.js';

const at = { source: 'unit', recordIndex: 7, byteOffset: 1234 };

function decodeError(payload: string | Buffer): ImportRecordError {
  try {
    decodeNasbenchRecord(typeof payload === 'string' ? Buffer.from(payload) : payload, at);
  } catch (error) {
    assert.ok(error instanceof ImportRecordError, `expected ImportRecordError, got ${String(error)}`);
    assert.match(error.message, /unit, record #7.*byte offset 1234/);
    return error;
  }
  assert.fail(`decoding ${String(payload)} succeeded`);
}

test('a record payload round-trips through the official JSON list layout', () => {
  const input = [...syntheticNasbenchRecords({ cells: 4, repeats: 1 })][3];
  const record = decodeNasbenchRecord(encodeNasbenchRecord(input), at);
  assert.equal(record.moduleHash, input.moduleHash);
  assert.equal(record.epochs, 108);
  assert.deepEqual(record.cell, input.cell);
  assert.deepEqual(record.metrics, input.metrics);
  const last = input.metrics.evaluationData[2];
  assert.deepEqual(record.final, {
    trainingSeconds: last.trainingTime, trainAccuracy: last.trainAccuracy,
    validationAccuracy: last.validationAccuracy, testAccuracy: last.testAccuracy,
  });
  const row = JSON.parse(encodeNasbenchRecord(input).toString()) as unknown[];
  // Row-major bits of the 7-vertex cell, row by row.
  assert.equal(row[2], ['0111010', '0000001', '0000001', '0000100', '0000001', '0000001', '0000000'].join(''));
  assert.equal(row[3], input.cell.ops.join(','));
});

test('malformed record payloads are typed errors with record number and offset', () => {
  const good = JSON.parse(encodeNasbenchRecord([...syntheticNasbenchRecords({ cells: 3, repeats: 1 })][2]).toString()) as unknown[];
  const variant = (index: number, value: unknown) => JSON.stringify(good.map((v, i) => (i === index ? value : v)));
  assert.match(decodeError('{not json').reason, /not JSON/);
  assert.match(decodeError(JSON.stringify(good.slice(0, 4))).reason, /list of 5/);
  assert.match(decodeError(variant(0, 'XYZ')).reason, /module hash/);
  assert.match(decodeError(variant(1, 0)).reason, /epochs/);
  assert.match(decodeError(variant(2, '01101')).reason, /adjacency must be n×n/);
  assert.match(decodeError(variant(2, '011001100')).reason, /below the diagonal/);
  assert.match(decodeError(variant(2, '012000000')).reason, /has "2" at row 0, column 2/);
  assert.match(decodeError(variant(3, 'input,conv5x5,conv3x3-bn-relu,output')).reason, /conv5x5/);
  assert.match(decodeError(variant(3, 'output,conv3x3-bn-relu,conv1x1-bn-relu,input')).reason, /start with input/);
  assert.match(decodeError(variant(3, 'input,output')).reason, /2 operations for 4 vertices/);
  // Well formed but not a NAS-Bench-101 cell: the input reaches nothing (search-spaces' rule).
  assert.match(decodeError(variant(2, '0100000000000000')).reason, /not a valid NAS-Bench-101 cell.*not connected/);
  assert.match(decodeError(variant(4, '!!notbase64')).reason, /base64/);
  assert.match(decodeError(variant(4, Buffer.from([0x0a, 0x05, 0x09]).toString('base64'))).reason, /protobuf is malformed/);
  const bad = decodeError(variant(0, 'XYZ'));
  assert.equal(bad.location.recordIndex, 7);
});

test('out-of-range accuracies in the protobuf are refused (percent is not a fraction)', () => {
  const input: NasbenchRecordInput = [...syntheticNasbenchRecords({ cells: 1, repeats: 1 })][0];
  input.metrics.evaluationData[2].validationAccuracy = 94.3;
  assert.match(decodeError(encodeNasbenchRecord(input)).reason, /validation_accuracy must be a fraction/);
});

test('aggregation averages the repeats at the largest epoch budget, per hash, in hash order', async () => {
  const runs = [...syntheticNasbenchRecords({ cells: 5, repeats: 3, epochs: 108 })];
  const short = [...syntheticNasbenchRecords({ cells: 5, repeats: 3, epochs: 36, seed: 7 })];
  async function* decoded() {
    let i = 0;
    for (const run of [...short, ...runs]) yield decodeNasbenchRecord(encodeNasbenchRecord(run), { source: 's', recordIndex: i, byteOffset: i++ });
  }
  const cells = await collect(aggregateNasbenchRecords(decoded()));
  assert.equal(cells.length, 5);
  assert.deepEqual(cells.map((c) => c.hash), [...cells.map((c) => c.hash)].sort());
  for (const cell of cells) {
    const mine = runs.filter((r) => r.moduleHash === cell.hash).map((r) => r.metrics.evaluationData[2]);
    assert.equal(cell.epochs, 108);
    assert.equal(cell.repeats, 3);
    const mean = (f: (e: (typeof mine)[number]) => number) => mine.reduce((s, e) => s + f(e), 0) / mine.length;
    assert.ok(Math.abs(cell.validationAccuracy - mean((e) => e.validationAccuracy)) < 1e-12);
    assert.ok(Math.abs((cell.testAccuracy ?? NaN) - mean((e) => e.testAccuracy)) < 1e-12);
    assert.ok(Math.abs(cell.trainingSeconds - mean((e) => e.trainingTime)) < 1e-9);
  }
});

test('one hash with two different cells is an error naming both records', async () => {
  const [a, b] = [...syntheticNasbenchRecords({ cells: 2, repeats: 1 })];
  const clash = { ...b, moduleHash: a.moduleHash };
  async function* decoded() {
    yield decodeNasbenchRecord(encodeNasbenchRecord(a), { source: 's', recordIndex: 0, byteOffset: 0 });
    yield decodeNasbenchRecord(encodeNasbenchRecord(clash), { source: 's', recordIndex: 1, byteOffset: 99 });
  }
  await assert.rejects(collect(aggregateNasbenchRecords(decoded())), (error: unknown) => {
    assert.ok(error instanceof ImportRecordError);
    assert.match(error.message, /record #1.*record #0/);
    return true;
  });
});

test('a TFRecord file imports into a benchmark that answers like the built-in ones', async (t) => {
  const path = join(tempDir(t), 'nasbench_small.tfrecord');
  await writeTfRecordFile(path, [...syntheticNasbenchRecords({ cells: 20, repeats: 3 })].map(encodeNasbenchRecord));
  const records = await collect(readNasbenchTfRecord(path));
  assert.equal(records.length, 60);
  assert.equal(records[59].recordIndex, 59);
  const benchmark = await importNasbenchTfRecordBenchmark(path, { name: 'small' });
  assert.equal(benchmark.size, 20);
  assert.equal(benchmark.space, 'nb101');
  assert.equal(benchmark.info.costUnit, 'seconds');
  const result = benchmark.query(syntheticHash(3));
  assert.ok(result.validationAccuracy > 0.5 && result.validationAccuracy < 1);
  assert.equal(typeof result.testAccuracy, 'number');
  assert.equal(result.parameters, 1_000_003);
  assert.throws(() => benchmark.query('0'.repeat(32)), UnknownArchitectureError);
  const best = Math.max(...[...benchmark.architectures()].map((a) => benchmark.query(a.key).validationAccuracy));
  assert.equal(benchmark.optimum.validationAccuracy, best);
});

test('a corrupted or truncated TFRecord never imports: the iterable throws a located error', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bad.tfrecord');
  const payloads = [...syntheticNasbenchRecords({ cells: 3, repeats: 1 })].map(encodeNasbenchRecord);
  payloads[1] = Buffer.from(payloads[1].toString().replace('"input,', '"inptu,'));
  await writeTfRecordFile(path, payloads);
  await assert.rejects(importNasbenchTfRecordBenchmark(path), (error: unknown) => {
    assert.ok(error instanceof ImportRecordError);
    assert.equal(error.location.recordIndex, 1);
    assert.equal(error.location.byteOffset, 16 + payloads[0].length);
    return true;
  });
  // A gzip file whose content stops 20 bytes short: the third record's data is cut.
  const cut = join(dir, 'cut.tfrecord.gz');
  await writeTfRecordFile(cut, [...syntheticNasbenchRecords({ cells: 3, repeats: 1 })].map(encodeNasbenchRecord));
  const whole = gunzipSync(readFileSync(cut));
  writeFileSync(cut, gzipSync(whole.subarray(0, whole.length - 20)));
  await assert.rejects(importNasbenchTfRecordBenchmark(cut), (error: unknown) => error instanceof TfRecordError && error.failure === 'truncated' && error.recordIndex === 2);
});
