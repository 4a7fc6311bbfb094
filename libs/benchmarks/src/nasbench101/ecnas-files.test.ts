/**
 * The vendored EC-NAS-Bench files: real data in NAS-Bench-101's TFRecord framing and JSON layout,
 * but with their own protobuf (field 6 of an evaluation is a double). Framing, JSON and hashes
 * must read exactly; the protobuf must either be refused clearly or read through its shared fields.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nb101ModuleHash } from '@a2v/search-spaces';
import { ImportRecordError, ProtobufSchemaMismatchError } from '../errors.js';
import { collect, tempDir } from '../test-support/temp-dir.js';
import { readTfRecords } from '../tfrecord/tfrecord-reader.js';
import { writeTfRecordFile } from '../tfrecord/tfrecord-writer.js';
import { vendoredDataPath } from '../vendored-data.js';
import { aggregateNasbenchRecords, importNasbenchTfRecordBenchmark, readNasbenchTfRecord } from './tfrecord-importer.js';

const FILE_4V = vendoredDataPath('ec-nas-bench/energy_4V9E.tfrecord.gz');
const FILE_5V = vendoredDataPath('ec-nas-bench/energy_5V9E.tfrecord.gz');

test('the official schema refuses EC-NAS-Bench records at the first one, naming field 6', async () => {
  for (const path of [FILE_4V, FILE_5V]) {
    await assert.rejects(collect(readNasbenchTfRecord(path)), (error: unknown) => {
      assert.ok(error instanceof ProtobufSchemaMismatchError);
      assert.equal(error.location.recordIndex, 0);
      assert.equal(error.location.byteOffset, 0);
      assert.match(error.location.key ?? '', /^[0-9a-f]{32}$/);
      assert.match(error.fieldPath, /field 6/);
      assert.equal(error.actualWireType, 1);
      assert.match(error.message, /shared-fields/);
      return true;
    });
  }
});

test('energy_4V9E: 1,092 records = 91 cells × epochs {4,12,36,108} × 3 repeats', async () => {
  const records = await collect(readNasbenchTfRecord(FILE_4V, { metricsSchema: 'shared-fields' }));
  assert.equal(records.length, 1092);
  assert.equal(new Set(records.map((r) => r.moduleHash)).size, 91);
  const perEpoch = new Map<number, number>();
  for (const r of records) perEpoch.set(r.epochs, (perEpoch.get(r.epochs) ?? 0) + 1);
  assert.deepEqual([...perEpoch].sort(([a], [b]) => a - b), [[4, 273], [12, 273], [36, 273], [108, 273]]);
  assert.ok(records.every((r) => r.cell.ops.length <= 4));
  // The framing is contiguous: each record starts where the previous one ended.
  for (let i = 1; i < records.length; i++) assert.ok(records[i].byteOffset > records[i - 1].byteOffset);
  assert.deepEqual(records.map((r) => r.recordIndex), records.map((_, i) => i));
});

test('energy_5V9E: 2,532 records = 2,532 distinct cells at 4 epochs, 1 repeat', async () => {
  const records = await collect(readNasbenchTfRecord(FILE_5V, { metricsSchema: 'shared-fields' }));
  assert.equal(records.length, 2532);
  assert.equal(new Set(records.map((r) => r.moduleHash)).size, 2532);
  assert.ok(records.every((r) => r.epochs === 4 && r.cell.ops.length <= 5));
  // The final evaluation is the one at the run's epoch budget.
  assert.ok(records.every((r) => r.metrics.evaluationData.at(-1)?.currentEpoch === 4));
});

test('energy_4V9E aggregates to 91 cells at 108 epochs (mean of 3) and imports as a benchmark', async () => {
  const cells = await collect(aggregateNasbenchRecords(readNasbenchTfRecord(FILE_4V, { metricsSchema: 'shared-fields' })));
  assert.equal(cells.length, 91);
  assert.ok(cells.every((c) => c.epochs === 108 && c.repeats === 3));
  const benchmark = await importNasbenchTfRecordBenchmark(FILE_4V, { metricsSchema: 'shared-fields', name: 'ecnas-4v' });
  assert.equal(benchmark.size, 91);
  const best = cells.reduce((a, b) => (b.validationAccuracy > a.validationAccuracy ? b : a));
  assert.equal(benchmark.optimum.validationKey, best.hash);
  assert.equal(benchmark.query(best.hash).validationAccuracy, best.validationAccuracy);
  assert.ok(best.validationAccuracy > 0.8 && best.validationAccuracy < 1);
});

test('every EC-NAS-Bench hash is the search-spaces module hash of the decoded cell', async () => {
  for (const path of [FILE_4V, FILE_5V]) {
    const records = await collect(readNasbenchTfRecord(path, { metricsSchema: 'shared-fields', verifyModuleHash: true }));
    const hashes = new Map(records.map((r) => [r.moduleHash, r.cell]));
    for (const [hash, cell] of hashes) assert.equal(nb101ModuleHash(cell), hash);
  }
});

test('verifyModuleHash fails at the first record whose stored hash does not match its cell', async (t) => {
  // Real records, the second one's hash replaced by the first one's (CRCs rewritten, so only the hash is wrong).
  const frames = (await collect(readTfRecords(FILE_5V))).slice(0, 3).map((f) => Buffer.from(f.data));
  const rows = frames.map((f) => JSON.parse(f.toString()) as unknown[]);
  rows[1][0] = rows[0][0];
  const path = join(tempDir(t), 'swapped.tfrecord');
  await writeTfRecordFile(path, rows.map((r) => Buffer.from(JSON.stringify(r))));
  assert.equal((await collect(readNasbenchTfRecord(path, { metricsSchema: 'shared-fields' }))).length, 3);
  await assert.rejects(collect(readNasbenchTfRecord(path, { metricsSchema: 'shared-fields', verifyModuleHash: true })), (error: unknown) => {
    assert.ok(error instanceof ImportRecordError);
    assert.equal(error.location.recordIndex, 1);
    assert.match(error.reason, /module hash does not match its cell/);
    return true;
  });
});
