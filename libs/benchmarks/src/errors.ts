/**
 * Typed errors of @a2v/benchmarks. Every failure mode a caller may want to branch on has its own
 * class, and every error about input data says where in the input it happened (file, record
 * number, byte offset or line), so a bad import can be fixed without a debugger.
 */

/** Base class: `instanceof BenchmarkError` catches everything this library throws on purpose. */
export class BenchmarkError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** `query()` was asked for an architecture the benchmark holds no label for. */
export class UnknownArchitectureError extends BenchmarkError {
  constructor(
    readonly benchmark: string,
    readonly archKey: string,
  ) {
    super(`benchmark ${benchmark} has no architecture ${JSON.stringify(archKey)}`);
  }
}

/** `getBenchmark()` was asked for a name that is not registered; the message lists the valid ones. */
export class UnknownBenchmarkError extends BenchmarkError {
  constructor(
    readonly requested: string,
    readonly validNames: readonly string[],
  ) {
    super(`unknown benchmark ${JSON.stringify(requested)}; valid names: ${validNames.join(', ')}`);
  }
}

/** A vendored or imported table is inconsistent (wrong row count, value out of range, failed join...). */
export class BenchmarkDataError extends BenchmarkError {}

/** What went wrong with the TFRecord framing. */
export type TfRecordFailure = 'length-crc' | 'data-crc' | 'truncated' | 'implausible-length' | 'io';

/**
 * The TFRecord framing itself is broken: a CRC mismatch, a short read or an unreadable stream.
 * `byteOffset` is where the failing record starts in the (decompressed) byte stream and
 * `recordIndex` its 0-based number, so both can be looked at with a hex editor.
 */
export class TfRecordError extends BenchmarkError {
  constructor(
    readonly failure: TfRecordFailure,
    readonly source: string,
    readonly recordIndex: number,
    readonly byteOffset: number,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${source}: record #${recordIndex} at byte offset ${byteOffset}: ${failure}: ${detail}`, options);
  }
}

/** Where in an imported file a bad record sits; which fields are set depends on the format. */
export interface RecordLocation {
  /** File path or other label of the input. */
  source: string;
  /** 0-based record number (TFRecord record, or n-th entry of the data.json object). */
  recordIndex?: number;
  /** Byte offset of the record (TFRecord) or of the syntax error (JSON). */
  byteOffset?: number;
  /** 1-based line and column of a JSON syntax error. */
  line?: number;
  column?: number;
  /** The record's own key: module hash (TFRecord) or the "0".."423623" key (data.json). */
  key?: string;
}

function describeLocation(at: RecordLocation): string {
  const parts = [at.source];
  if (at.recordIndex !== undefined) parts.push(`record #${at.recordIndex}`);
  if (at.key !== undefined) parts.push(`key ${JSON.stringify(at.key)}`);
  if (at.line !== undefined) parts.push(`line ${at.line}${at.column !== undefined ? `, column ${at.column}` : ''}`);
  if (at.byteOffset !== undefined) parts.push(`byte offset ${at.byteOffset}`);
  return parts.join(', ');
}

/** A record is well framed but its content is not a valid NAS-Bench-101 / arch2vec record. */
export class ImportRecordError extends BenchmarkError {
  constructor(
    readonly location: RecordLocation,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${describeLocation(location)}: ${reason}`, options);
  }
}

/**
 * The protobuf in a record does not follow the schema it is read with: a field number that the
 * schema knows arrives with another wire type (e.g. EC-NAS-Bench's energy double in field 6 where
 * NAS-Bench-101 has the string checkpoint_path). Decoding on would mis-read bytes, so we stop.
 */
export class ProtobufSchemaMismatchError extends ImportRecordError {
  constructor(
    location: RecordLocation,
    readonly fieldPath: string,
    readonly expectedWireTypes: readonly number[],
    readonly actualWireType: number,
    hint: string,
  ) {
    super(
      location,
      `protobuf field ${fieldPath} arrived with wire type ${actualWireType} (${wireTypeName(actualWireType)}) ` +
        `but the schema expects ${expectedWireTypes.map((w) => `${w} (${wireTypeName(w)})`).join(' or ')}; ${hint}`,
    );
  }
}

export function wireTypeName(wireType: number): string {
  return ['varint', '64-bit', 'length-delimited', 'start-group', 'end-group', '32-bit'][wireType] ?? 'invalid';
}
