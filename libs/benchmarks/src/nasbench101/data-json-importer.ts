/**
 * Importer for arch2vec's preprocessed NAS-Bench-101 `data.json` (preprocessing/gen_json.py):
 * one JSON object {"0": {...}, ..., "423623": {...}} whose values hold mean-of-3 accuracies
 * (fractions), mean training time (seconds) and the cell padded to 7×7 adjacency / 7×5 one-hot
 * ops. Streamed with stream-json, so memory stays flat for the ~400 MB file.
 */
import { verifyFile } from 'stream-json/file/verifier.js';
import { parseFile } from 'stream-json/file/parser.js';
import { streamObject } from 'stream-json/streamers/stream-object.js';
import { pipe } from 'stream-chain/utils/pipe.js';
import { ImportRecordError, type RecordLocation } from '../errors.js';
import { decodeNb101Encoding, InvalidCellError, nb101ModuleHash, type Nb101Cell } from '@a2v/search-spaces';
import type { TabularBenchmark } from '../types.js';
import { createNb101Benchmark, importedNb101Info, type Nb101CellResult } from './nb101-benchmark.js';

/** One validated data.json entry. */
export interface Arch2vecDataJsonRecord {
  /** 0-based position in the file; equals Number(key) in a well-formed file. */
  recordIndex: number;
  key: string;
  validationAccuracy: number;
  testAccuracy: number;
  trainingSeconds: number;
  /** The padded encodings as stored: 7×7 adjacency and 7×5 one-hot ops. */
  adjacency: number[][];
  operations: number[][];
  /** The unpadded cell (first n rows, output at n-1), as the official API and module hash see it. */
  cell: Nb101Cell;
}

/**
 * Yields the entries of a data.json in file order, each validated; throws ImportRecordError with
 * the record number and key (bad content) or line/column/byte offset (bad JSON syntax).
 */
export async function* readArch2vecDataJson(path: string): AsyncGenerator<Arch2vecDataJsonRecord> {
  let recordIndex = 0;
  try {
    // Packed values only: the streamer needs no per-character number/string tokens, ~2x faster.
    for await (const item of pipe(parseFile({ streamValues: false }), streamObject())(path)) {
      const { key, value } = item as { key: string; value: unknown };
      yield validateEntry(value, { source: path, recordIndex, key });
      recordIndex += 1;
    }
  } catch (error) {
    if (error instanceof ImportRecordError) throw error;
    throw await locateJsonError(path, recordIndex, error);
  }
  if (recordIndex === 0) throw new ImportRecordError({ source: path }, 'data.json holds no entries (expected an object of "0".."N-1")');
}

/** stream-json's parser reports no position; its verifier does, so we run it on failure only. */
async function locateJsonError(path: string, recordIndex: number, error: unknown): Promise<ImportRecordError> {
  const reason = (error as Error).message;
  try {
    await verifyFile(path);
  } catch (syntax) {
    const at = syntax as { message?: string; line?: number; pos?: number; offset?: number };
    if (typeof at.offset === 'number') {
      return new ImportRecordError(
        { source: path, recordIndex, line: at.line, column: at.pos, byteOffset: at.offset },
        `invalid JSON: ${reason}`,
        { cause: error },
      );
    }
  }
  return new ImportRecordError({ source: path, recordIndex }, `cannot read data.json: ${reason}`, { cause: error });
}

function validateEntry(value: unknown, location: RecordLocation & { recordIndex: number; key: string }): Arch2vecDataJsonRecord {
  const bad = (reason: string) => new ImportRecordError(location, reason);
  if (location.key !== String(location.recordIndex)) {
    throw bad(`keys must run "0", "1", ... in order (arch2vec's hash-iterator order); expected "${location.recordIndex}"`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('entry must be an object');
  const entry = value as Record<string, unknown>;
  const fraction = (name: string): number => {
    const v = entry[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) throw bad(`${name} must be a fraction in 0..1, got ${JSON.stringify(v)}`);
    return v;
  };
  const validationAccuracy = fraction('validation_accuracy');
  const testAccuracy = fraction('test_accuracy');
  const trainingSeconds = entry.training_time;
  if (typeof trainingSeconds !== 'number' || !Number.isFinite(trainingSeconds) || trainingSeconds < 0) {
    throw bad(`training_time must be a number of seconds >= 0, got ${JSON.stringify(trainingSeconds)}`);
  }
  const adjacency = entry.module_adjacency as number[][];
  const operations = entry.module_operations as number[][];
  let cell: Nb101Cell;
  try {
    // search-spaces owns arch2vec's padding rules and NAS-Bench-101 validity; we only locate the error.
    cell = decodeNb101Encoding({ adjacency, ops: operations });
  } catch (error) {
    if (error instanceof InvalidCellError) throw bad(`module_adjacency / module_operations: ${error.message}`);
    throw error;
  }
  return { recordIndex: location.recordIndex, key: location.key, validationAccuracy, testAccuracy, trainingSeconds, adjacency, operations, cell };
}

/**
 * Builds a benchmark from a data.json. data.json carries no hashes, so each cell is keyed by its
 * official module hash (@a2v/search-spaces; `moduleHashOf` replaces it in tests); a repeated hash
 * is an error.
 */
export async function importArch2vecDataJsonBenchmark(
  path: string,
  options: { moduleHashOf?: (cell: Nb101Cell) => string; name?: string } = {},
): Promise<TabularBenchmark> {
  const hashOf = options.moduleHashOf ?? nb101ModuleHash;
  const cells: Nb101CellResult[] = [];
  for await (const r of readArch2vecDataJson(path)) {
    cells.push({
      hash: hashOf(r.cell), cell: r.cell, epochs: 108, repeats: 3,
      validationAccuracy: r.validationAccuracy, testAccuracy: r.testAccuracy, trainingSeconds: r.trainingSeconds,
    });
  }
  return createNb101Benchmark({ name: options.name ?? 'nb101-data-json', cells, info: importedNb101Info(`arch2vec data.json ${path}`) });
}
