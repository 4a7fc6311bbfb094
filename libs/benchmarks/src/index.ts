/**
 * @a2v/benchmarks: tabular NAS benchmarks behind one small interface, the built-in ones over the
 * vendored data in `<repo>/data`, and streaming importers for the official files.
 * Units everywhere: accuracies are fractions 0..1, times seconds, parameters a count.
 */
export type {
  BenchmarkArchitecture,
  BenchmarkInfo,
  BenchmarkOptimum,
  QueryResult,
  SearchSpaceId,
  TabularBenchmark,
} from './types.js';
export {
  BenchmarkDataError,
  BenchmarkError,
  ImportRecordError,
  ProtobufSchemaMismatchError,
  TfRecordError,
  UnknownArchitectureError,
  UnknownBenchmarkError,
  type RecordLocation,
  type TfRecordFailure,
} from './errors.js';
export { createTabularBenchmark, type TabularBenchmarkSpec, type TabularRow } from './tabular-benchmark.js';
export {
  benchmarkLoadTimes,
  getBenchmark,
  listBenchmarks,
  registerBenchmark,
  type BenchmarkDefinition,
  type BenchmarkListing,
  type BenchmarkLoadTime,
} from './registry.js';
export { vendoredDataPath } from './vendored-data.js';

// TFRecord framing
export { crc32c, maskCrc32c, maskedCrc32c } from './tfrecord/crc32c.js';
export { openByteStream, readTfRecords, type TfRecord, type TfRecordReadOptions } from './tfrecord/tfrecord-reader.js';
export { encodeTfRecord, writeTfRecordFile } from './tfrecord/tfrecord-writer.js';

// NAS-Bench-101 files
export {
  NASBENCH101_MODEL_METRICS_PROTO,
  decodeModelMetrics,
  encodeModelMetrics,
  modelMetricsType,
  WireTypeMismatch,
  type EvaluationPoint,
  type MetricsSchema,
  type ModelMetrics,
} from './nasbench101/model-metrics.js';
export {
  NB101_OPS,
  adjacencyBits,
  decodeNasbenchRecord,
  encodeNasbenchRecord,
  type NasbenchRecord,
  type NasbenchRecordInput,
} from './nasbench101/nasbench-record.js';
export {
  aggregateNasbenchRecords,
  importNasbenchTfRecordBenchmark,
  readNasbenchTfRecord,
  type NasbenchTfRecordOptions,
} from './nasbench101/tfrecord-importer.js';
export {
  importArch2vecDataJsonBenchmark,
  readArch2vecDataJson,
  type Arch2vecDataJsonRecord,
} from './nasbench101/data-json-importer.js';
export { createNb101Benchmark, importedNb101Info, type Nb101CellResult } from './nasbench101/nb101-benchmark.js';
export { NB101_20K_SIZE, loadNb101Sample20k, type Nb101CellLookup } from './nasbench101/nb101-sample-20k.js';

// NAS-Bench-201
export { NB201_BENCHMARK_NAMES, NB201_CELL_COUNT, loadNb201Benchmark, type Nb201Dataset } from './nasbench201/nb201-benchmarks.js';

// Fixtures (made-up numbers in the official layout) for tests and throughput benchmarks
export { syntheticHash, syntheticNasbenchRecords, type SyntheticRecordOptions } from './nasbench101/synthetic-records.js';

// Benchmarks imported by users, kept on disk and registered by name
export { importedBenchmarkPath, loadImportedBenchmark, registerImportedBenchmarks, saveImportedBenchmark } from './imported-store.js';
