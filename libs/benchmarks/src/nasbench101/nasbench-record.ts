/**
 * One NAS-Bench-101 TFRecord payload: the JSON list
 *   [module_hash, epochs, adjacency_bits (row-major n×n "0"/"1" string), "input,op,…,output", base64(ModelMetrics)]
 * parsed and validated into a typed record, and the inverse encoder for fixtures.
 */
import { ImportRecordError, ProtobufSchemaMismatchError, type RecordLocation } from '../errors.js';
import { createNb101Cell, InvalidCellError, type Nb101Cell } from '@a2v/search-spaces';
import { decodeModelMetrics, encodeModelMetrics, type MetricsSchema, type ModelMetrics, WireTypeMismatch } from './model-metrics.js';

export const NB101_OPS = ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'] as const;
const INNER_OPS = new Set<string>(NB101_OPS.slice(1, 4));
const HASH_PATTERN = /^[0-9a-f]{32}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A validated training run of one cell (one repeat at one epoch budget). */
export interface NasbenchRecord {
  /** File path or stream label the record came from. */
  source: string;
  recordIndex: number;
  byteOffset: number;
  moduleHash: string;
  epochs: number;
  cell: Nb101Cell;
  metrics: ModelMetrics;
  /** The final evaluation (last of metrics.evaluationData), which the official API reports. */
  final: { trainingSeconds: number; trainAccuracy: number; validationAccuracy: number; testAccuracy: number };
}

export interface NasbenchRecordInput {
  moduleHash: string;
  epochs: number;
  cell: Nb101Cell;
  metrics: ModelMetrics;
}

/** The NAS-Bench-101 row-major adjacency bit string of a matrix. */
export function adjacencyBits(matrix: readonly (readonly number[])[]): string {
  return matrix.map((row) => row.join('')).join('');
}

/** Serializes a record payload exactly as the official files do (JSON list, base64 protobuf). */
export function encodeNasbenchRecord(record: NasbenchRecordInput): Buffer {
  const metrics = Buffer.from(encodeModelMetrics(record.metrics)).toString('base64');
  const row = [record.moduleHash, record.epochs, adjacencyBits(record.cell.matrix), record.cell.ops.join(','), metrics];
  return Buffer.from(JSON.stringify(row), 'utf8');
}

export interface DecodeNasbenchRecordOptions {
  metricsSchema?: MetricsSchema;
}

/** Parses and validates one payload; throws ImportRecordError (or its schema-mismatch subclass) located at `at`. */
export function decodeNasbenchRecord(
  data: Uint8Array,
  at: { source: string; recordIndex: number; byteOffset: number },
  options: DecodeNasbenchRecordOptions = {},
): NasbenchRecord {
  const location: RecordLocation = { ...at };
  const bad = (reason: string, cause?: unknown): ImportRecordError =>
    new ImportRecordError(location, reason, cause === undefined ? undefined : { cause });

  let row: unknown;
  try {
    row = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch (error) {
    throw bad(`payload is not JSON: ${(error as Error).message}`, error);
  }
  if (!Array.isArray(row) || row.length !== 5) throw bad('payload must be a JSON list of 5 items [hash, epochs, adjacency, ops, metrics]');
  const [moduleHash, epochs, bits, opsText, metricsBase64] = row as unknown[];
  if (typeof moduleHash !== 'string' || !HASH_PATTERN.test(moduleHash)) throw bad(`module hash must be 32 lowercase hex chars, got ${JSON.stringify(moduleHash)}`);
  location.key = moduleHash;
  if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs <= 0) throw bad(`epochs must be a positive integer, got ${JSON.stringify(epochs)}`);
  if (typeof bits !== 'string' || typeof opsText !== 'string') throw bad('adjacency and operations must be strings');
  const cell = parseCell(bits, opsText, bad);
  // Python's MIME-style base64 (as in the EC-NAS-Bench files) wraps lines every 76 chars; its
  // decoder skips the newlines, so we do too. Anything else outside the alphabet is an error.
  const metricsText = typeof metricsBase64 === 'string' ? metricsBase64.replace(/\r?\n/g, '') : undefined;
  if (metricsText === undefined || !BASE64_PATTERN.test(metricsText)) throw bad('metrics must be a base64 string');

  const schema = options.metricsSchema ?? 'nasbench101';
  let metrics: ModelMetrics | WireTypeMismatch;
  try {
    metrics = decodeModelMetrics(Buffer.from(metricsText, 'base64'), schema);
  } catch (error) {
    throw bad(`metrics protobuf is malformed: ${(error as Error).message}`, error);
  }
  if (metrics instanceof WireTypeMismatch) {
    const hint =
      schema === 'nasbench101'
        ? "the record was written with another ModelMetrics schema (EC-NAS-Bench's ModelMetricsEnergy has a double in field 6); " +
          "read it with { metricsSchema: 'shared-fields' } to decode only the fields shared with NAS-Bench-101"
        : 'even the fields shared with NAS-Bench-101 disagree, so this is not a NAS-Bench-101-style record';
    throw new ProtobufSchemaMismatchError(location, metrics.fieldPath, metrics.expected, metrics.actual, hint);
  }
  const last = metrics.evaluationData.at(-1);
  if (last === undefined) throw bad('metrics hold no evaluation_data');
  for (const [name, value] of [['validation_accuracy', last.validationAccuracy], ['test_accuracy', last.testAccuracy], ['train_accuracy', last.trainAccuracy]] as const) {
    if (!Number.isFinite(value) || value < 0 || value > 1) throw bad(`final ${name} must be a fraction in 0..1, got ${value}`);
  }
  if (!Number.isFinite(last.trainingTime) || last.trainingTime < 0) throw bad(`final training_time must be >= 0 seconds, got ${last.trainingTime}`);
  if (!Number.isInteger(metrics.trainableParameters) || metrics.trainableParameters < 0) throw bad(`trainable_parameters must be >= 0, got ${metrics.trainableParameters}`);
  return {
    source: at.source,
    recordIndex: at.recordIndex,
    byteOffset: at.byteOffset,
    moduleHash,
    epochs,
    cell,
    metrics,
    final: {
      trainingSeconds: last.trainingTime,
      trainAccuracy: last.trainAccuracy,
      validationAccuracy: last.validationAccuracy,
      testAccuracy: last.testAccuracy,
    },
  };
}

/** Parses the adjacency bit string and op list; checks shape, 0/1, DAG order and op labels. */
function parseCell(bits: string, opsText: string, bad: (reason: string) => ImportRecordError): Nb101Cell {
  const n = Math.round(Math.sqrt(bits.length));
  if (n * n !== bits.length || n < 2 || n > 7) throw bad(`adjacency must be n×n bits with 2 <= n <= 7, got ${bits.length} chars`);
  const matrix: number[][] = [];
  for (let i = 0; i < n; i++) {
    const rowBits: number[] = [];
    for (let j = 0; j < n; j++) {
      const ch = bits.charCodeAt(i * n + j) - 48;
      if (ch !== 0 && ch !== 1) throw bad(`adjacency has ${JSON.stringify(bits[i * n + j])} at row ${i}, column ${j}`);
      if (ch === 1 && j <= i) throw bad(`adjacency has an edge ${i}->${j} on or below the diagonal (not a DAG in topological order)`);
      rowBits.push(ch);
    }
    matrix.push(rowBits);
  }
  const ops = opsText.split(',');
  if (ops.length !== n) throw bad(`${ops.length} operations for ${n} vertices`);
  if (ops[0] !== 'input' || ops[n - 1] !== 'output') throw bad(`operations must start with input and end with output: ${opsText}`);
  for (let i = 1; i < n - 1; i++) {
    if (!INNER_OPS.has(ops[i])) throw bad(`unknown operation ${JSON.stringify(ops[i])} at vertex ${i}`);
  }
  // The rest of NAS-Bench-101's validity (connected, <= 9 edges) is the search space's rule.
  try {
    return createNb101Cell(matrix, ops);
  } catch (error) {
    if (error instanceof InvalidCellError) throw bad(`not a valid NAS-Bench-101 cell: ${error.message}`);
    throw error;
  }
}
