/**
 * Throughput of @a2v/benchmarks: load time of each built-in benchmark, `query` throughput, and
 * importer throughput on a generated 100k-record NAS-Bench-101-format TFRecord (plus a generated
 * arch2vec data.json) in a temp dir. Run: `npx tsx tools/bench/benchmarks.bench.ts`.
 * `runBenchmarksBench()` returns the figures for a caller that collects several bench files.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { encodeNb101Cell, nb101ModuleHash } from '@a2v/search-spaces';
import {
  aggregateNasbenchRecords,
  encodeNasbenchRecord,
  getBenchmark,
  listBenchmarks,
  readArch2vecDataJson,
  readNasbenchTfRecord,
  readTfRecords,
  syntheticNasbenchRecords,
  writeTfRecordFile,
  type TabularBenchmark,
} from '@a2v/benchmarks';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const IMPORT_RECORDS = 100_000;
const QUERIES = 1_000_000;
const DATA_JSON_ENTRIES = 50_000;

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; millis: number }> {
  const started = performance.now();
  const result = await run();
  return { result, millis: performance.now() - started };
}

/** Queries per second over a seeded random sequence of known keys (lookup + result access). */
function queryThroughput(benchmark: TabularBenchmark): number {
  const keys = [...benchmark.architectures()].map((a) => a.key);
  const rng = xoroshiro128plus(1);
  const order = Uint32Array.from({ length: QUERIES }, () => uniformInt(rng, 0, keys.length - 1));
  let sink = 0;
  for (let i = 0; i < 10_000; i++) sink += benchmark.query(keys[order[i]]).validationAccuracy; // warm-up
  const started = performance.now();
  for (let i = 0; i < QUERIES; i++) sink += benchmark.query(keys[order[i]]).validationAccuracy;
  const seconds = (performance.now() - started) / 1000;
  if (!Number.isFinite(sink)) throw new Error('query returned a non-number');
  return QUERIES / seconds;
}

async function importerFigures(dir: string, figures: BenchFigure[]): Promise<void> {
  const path = join(dir, 'synthetic_only108.tfrecord');
  // Generated lazily, so the heap figure below measures the reader, not the fixture.
  function* payloads(): Generator<Buffer> {
    let n = 0;
    for (const record of syntheticNasbenchRecords({ cells: Math.ceil(IMPORT_RECORDS / 3), repeats: 3 })) {
      if (n++ === IMPORT_RECORDS) return;
      yield encodeNasbenchRecord(record);
    }
  }
  const write = await timed(() => writeTfRecordFile(path, payloads()));
  const megabytes = statSync(path).size / 1e6;
  figures.push({ name: `tfrecord write (${IMPORT_RECORDS} records, ${megabytes.toFixed(1)} MB)`, value: IMPORT_RECORDS / (write.millis / 1000), unit: 'records/s' });

  const framing = await timed(async () => {
    let n = 0;
    for await (const _ of readTfRecords(path)) n += 1;
    return n;
  });
  figures.push({ name: 'tfrecord framing + both CRCs', value: framing.result / (framing.millis / 1000), unit: 'records/s' });
  figures.push({ name: 'tfrecord framing + both CRCs', value: megabytes / (framing.millis / 1000), unit: 'MB/s' });

  global.gc?.();
  const baseHeap = process.memoryUsage().heapUsed;
  let peakHeap = baseHeap;
  const decoded = await timed(async () => {
    let n = 0;
    for await (const _ of readNasbenchTfRecord(path)) {
      if (++n % 10_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    return n;
  });
  figures.push({ name: 'nasbench import (framing, JSON, protobuf, validation)', value: decoded.result / (decoded.millis / 1000), unit: 'records/s' });
  figures.push({ name: 'nasbench import heap growth while streaming (sampled every 10k records)', value: (peakHeap - baseHeap) / 1e6, unit: 'MB' });

  // What verifyModuleHash adds (synthetic hashes are stand-ins, so recompute without comparing).
  const hashed = await timed(async () => {
    let n = 0;
    for await (const record of readNasbenchTfRecord(path)) if (nb101ModuleHash(record.cell).length === 32) n += 1;
    return n;
  });
  figures.push({ name: 'nasbench import + module hash recomputed per record', value: hashed.result / (hashed.millis / 1000), unit: 'records/s' });
  const aggregated = await timed(async () => {
    let n = 0;
    for await (const _ of aggregateNasbenchRecords(readNasbenchTfRecord(path))) n += 1;
    return n;
  });
  figures.push({ name: `nasbench import + per-hash aggregation (${aggregated.result} cells)`, value: decoded.result / (aggregated.millis / 1000), unit: 'records/s' });
}

async function dataJsonFigures(dir: string, figures: BenchFigure[]): Promise<void> {
  const path = join(dir, 'data.json');
  const cells = [...syntheticNasbenchRecords({ cells: DATA_JSON_ENTRIES, repeats: 1 })];
  const body = cells.map((r, i) => {
    const { adjacency, ops } = encodeNb101Cell(r.cell);
    const final = r.metrics.evaluationData[2];
    const entry = { test_accuracy: final.testAccuracy, validation_accuracy: final.validationAccuracy, training_time: final.trainingTime, module_adjacency: adjacency, module_operations: ops };
    return `"${i}": ${JSON.stringify(entry)}`;
  });
  writeFileSync(path, `{${body.join(', ')}}`);
  const read = await timed(async () => {
    let n = 0;
    for await (const _ of readArch2vecDataJson(path)) n += 1;
    return n;
  });
  figures.push({ name: `data.json import (${read.result} entries, ${(statSync(path).size / 1e6).toFixed(1)} MB)`, value: read.result / (read.millis / 1000), unit: 'records/s' });
}

export async function runBenchmarksBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const { name } of listBenchmarks()) {
    const load = await timed(() => getBenchmark(name));
    figures.push({ name: `load ${name} (${load.result.size} architectures)`, value: load.millis, unit: 'ms' });
    figures.push({ name: `query ${name}`, value: queryThroughput(load.result), unit: 'queries/s' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'a2v-bench-'));
  try {
    await importerFigures(dir, figures);
    await dataJsonFigures(dir, figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const figure of await runBenchmarksBench()) console.log(`${figure.name}: ${format(figure.value)} ${figure.unit}`);
}
