/**
 * Importer for NAS-Bench-101-format TFRecord files (the official `nasbench_only108.tfrecord`,
 * `nasbench_full.tfrecord`, and derived files such as EC-NAS-Bench's): a stream of validated
 * per-run records, the per-cell aggregation arch2vec uses, and a TabularBenchmark built from it.
 *
 * Everything is an async iterable that throws at the first bad record, so a caller writing to a
 * database inside a transaction rolls back instead of committing half a file.
 */
import { ImportRecordError } from '../errors.js';
import { readTfRecords, type TfRecordReadOptions } from '../tfrecord/tfrecord-reader.js';
import { createNb101Cell, nb101ModuleHash, type Nb101Cell } from '@a2v/search-spaces';
import type { TabularBenchmark } from '../types.js';
import type { MetricsSchema } from './model-metrics.js';
import { adjacencyBits, decodeNasbenchRecord, type NasbenchRecord } from './nasbench-record.js';
import { createNb101Benchmark, importedNb101Info, type Nb101CellResult } from './nb101-benchmark.js';

export interface NasbenchTfRecordOptions extends TfRecordReadOptions {
  /** 'nasbench101' (default) rejects records of another schema; 'shared-fields' reads EC-NAS-Bench-style files. */
  metricsSchema?: MetricsSchema;
  /**
   * Recompute each record's official module hash from its cell (@a2v/search-spaces) and fail at
   * the first record whose stored hash differs. Off by default: it roughly doubles import time.
   */
  verifyModuleHash?: boolean;
}

/** Yields every record of the file, decoded and validated, in file order. */
export async function* readNasbenchTfRecord(
  input: string | AsyncIterable<Uint8Array>,
  options: NasbenchTfRecordOptions = {},
): AsyncGenerator<NasbenchRecord> {
  const source = typeof input === 'string' ? input : (options.source ?? '<stream>');
  for await (const frame of readTfRecords(input, options)) {
    const at = { source, recordIndex: frame.index, byteOffset: frame.byteOffset };
    const record = decodeNasbenchRecord(frame.data, at, { metricsSchema: options.metricsSchema });
    if (options.verifyModuleHash) {
      const computed = nb101ModuleHash(record.cell);
      if (computed !== record.moduleHash) {
        throw new ImportRecordError({ ...at, key: record.moduleHash }, `module hash does not match its cell (computed ${computed})`);
      }
    }
    yield record;
  }
}

interface CellAccumulator {
  firstRecord: number;
  bits: string;
  ops: string;
  epochs: number;
  repeats: number;
  validation: number;
  test: number;
  seconds: number;
  parameters: number;
}

/**
 * Aggregates runs per module hash the way arch2vec's preprocessing does (gen_json.py via the
 * official API): keep the runs at the cell's largest epoch budget and average their final
 * validation accuracy, test accuracy and training time over the repeats. Consumes the whole
 * input before yielding (an error anywhere means nothing is yielded); yields in hash order.
 */
export async function* aggregateNasbenchRecords(records: AsyncIterable<NasbenchRecord>): AsyncGenerator<Nb101CellResult> {
  const cells = new Map<string, CellAccumulator>();
  for await (const record of records) {
    const bits = adjacencyBits(record.cell.matrix);
    const ops = record.cell.ops.join(',');
    const acc = cells.get(record.moduleHash);
    if (acc === undefined) {
      cells.set(record.moduleHash, {
        firstRecord: record.recordIndex, bits, ops, epochs: record.epochs, repeats: 1,
        validation: record.final.validationAccuracy, test: record.final.testAccuracy,
        seconds: record.final.trainingSeconds, parameters: record.metrics.trainableParameters,
      });
      continue;
    }
    // One hash names one cell: differing structure means a broken or mixed-up file.
    if (acc.bits !== bits || acc.ops !== ops) {
      throw new ImportRecordError(
        { source: record.source, recordIndex: record.recordIndex, byteOffset: record.byteOffset, key: record.moduleHash },
        `cell differs from the one in record #${acc.firstRecord} with the same hash`,
      );
    }
    if (record.epochs < acc.epochs) continue;
    if (record.epochs > acc.epochs) {
      Object.assign(acc, { epochs: record.epochs, repeats: 0, validation: 0, test: 0, seconds: 0, parameters: record.metrics.trainableParameters });
    }
    acc.repeats += 1;
    acc.validation += record.final.validationAccuracy;
    acc.test += record.final.testAccuracy;
    acc.seconds += record.final.trainingSeconds;
  }
  for (const [hash, acc] of [...cells].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    yield {
      hash,
      cell: cellFromText(acc.bits, acc.ops),
      epochs: acc.epochs,
      repeats: acc.repeats,
      validationAccuracy: acc.validation / acc.repeats,
      testAccuracy: acc.test / acc.repeats,
      trainingSeconds: acc.seconds / acc.repeats,
      parameters: acc.parameters,
    };
  }
}

function cellFromText(bits: string, ops: string): Nb101Cell {
  const n = Math.round(Math.sqrt(bits.length));
  const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => bits.charCodeAt(i * n + j) - 48));
  return createNb101Cell(matrix, ops.split(','));
}

/** Builds a benchmark from a NAS-Bench-101-format TFRecord (mean of repeats at the max epoch). */
export async function importNasbenchTfRecordBenchmark(
  input: string | AsyncIterable<Uint8Array>,
  options: NasbenchTfRecordOptions & { name?: string } = {},
): Promise<TabularBenchmark> {
  const source = typeof input === 'string' ? input : (options.source ?? '<stream>');
  const cells: Nb101CellResult[] = [];
  for await (const cell of aggregateNasbenchRecords(readNasbenchTfRecord(input, options))) cells.push(cell);
  return createNb101Benchmark({
    name: options.name ?? 'nb101-tfrecord',
    cells,
    info: importedNb101Info(`NAS-Bench-101-format TFRecord ${source}`),
  });
}
