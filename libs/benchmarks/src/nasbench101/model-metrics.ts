/**
 * NAS-Bench-101's per-record protobuf, decoded with protobufjs from the official schema text.
 *
 * protobufjs' generated decoders switch on the field number only and trust the wire type, so a
 * file written with another schema (EC-NAS-Bench's ModelMetricsEnergy: field 6 of an evaluation
 * is a double, not a string) would be mis-read silently. We therefore walk the message once with
 * protobufjs' Reader, check each known field's wire type against the schema, and only then decode.
 */
import protobuf from 'protobufjs';
import { wireTypeName } from '../errors.js';

/** google-research/nasbench `nasbench/lib/model_metrics.proto` (Apache-2.0), fields verbatim. */
export const NASBENCH101_MODEL_METRICS_PROTO = `
syntax = "proto2";

package nasbench;

message ModelMetrics {
  // Metrics evaluated at each checkpoint, including the initialization before any step.
  repeated EvaluationData evaluation_data = 1;
  // Parameter count of all trainable variables.
  optional int32 trainable_parameters = 2;
  // Total time for all training and evaluation (diagnostic).
  optional double total_time = 3;
}

message EvaluationData {
  // Current epoch at the time of this evaluation.
  optional double current_epoch = 1;
  // Training time in seconds up to this point; excludes evaluation time.
  optional double training_time = 2;
  // Accuracy on a fixed 10,000 images from the train set.
  optional double train_accuracy = 3;
  // Accuracy on a held-out validation set of 10,000 images.
  optional double validation_accuracy = 4;
  // Accuracy on the test set of 10,000 images.
  optional double test_accuracy = 5;
  // Location of the checkpoint file; may be blank.
  optional string checkpoint_path = 6;
}
`;

/**
 * Which schema to decode with. 'nasbench101' is the official one and refuses records whose wire
 * types disagree with it. 'shared-fields' drops checkpoint_path (field 6) and decodes only the
 * fields NAS-Bench-101 shares with derived formats such as EC-NAS-Bench; any further fields are
 * skipped by their actual wire type, so they cannot be mis-read.
 */
export type MetricsSchema = 'nasbench101' | 'shared-fields';

export interface EvaluationPoint {
  currentEpoch: number;
  trainingTime: number;
  trainAccuracy: number;
  validationAccuracy: number;
  testAccuracy: number;
  /** Only with the 'nasbench101' schema, and only when the record holds one. */
  checkpointPath?: string;
}

export interface ModelMetrics {
  evaluationData: EvaluationPoint[];
  trainableParameters: number;
  totalTime: number;
}

function buildSchema(schema: MetricsSchema): { modelMetrics: protobuf.Type; evaluationData: protobuf.Type } {
  const root = protobuf.parse(NASBENCH101_MODEL_METRICS_PROTO).root;
  const modelMetrics = root.lookupType('nasbench.ModelMetrics');
  const evaluationData = root.lookupType('nasbench.EvaluationData');
  if (schema === 'shared-fields') evaluationData.remove(evaluationData.fields.checkpointPath);
  root.resolveAll();
  return { modelMetrics, evaluationData };
}

const schemas: Record<MetricsSchema, ReturnType<typeof buildSchema>> = {
  nasbench101: buildSchema('nasbench101'),
  'shared-fields': buildSchema('shared-fields'),
};

/** A field whose bytes disagree with the schema; the caller turns it into a located error. */
export class WireTypeMismatch {
  constructor(
    readonly fieldPath: string,
    readonly expected: readonly number[],
    readonly actual: number,
  ) {}
}

function expectedWireTypes(field: protobuf.Field): number[] {
  if (field.resolvedType instanceof protobuf.Type) return [2];
  const basic = field.resolvedType instanceof protobuf.Enum ? 0 : protobuf.types.basic[field.type as keyof typeof protobuf.types.basic];
  const packable = field.resolvedType instanceof protobuf.Enum || field.type in protobuf.types.packed;
  // A repeated scalar may come packed (length-delimited) or one element per tag.
  return field.repeated && packable ? [basic, 2] : [basic];
}

/** Returns the first wire-type mismatch in `bytes` against `type`, or undefined. */
function findWireTypeMismatch(type: protobuf.Type, reader: protobuf.Reader, end: number, path: string): WireTypeMismatch | undefined {
  while (reader.pos < end) {
    const tag = reader.uint32();
    const fieldId = tag >>> 3;
    const wireType = tag & 7;
    const field = type.fieldsById[fieldId];
    if (field !== undefined) {
      const expected = expectedWireTypes(field);
      if (!expected.includes(wireType)) return new WireTypeMismatch(`${path}.${field.name} (field ${fieldId})`, expected, wireType);
      if (field.resolvedType instanceof protobuf.Type) {
        const length = reader.uint32();
        const subEnd = reader.pos + length;
        if (subEnd > end) throw new RangeError(`${path}.${field.name} claims ${length} bytes past the message end`);
        const inner = findWireTypeMismatch(field.resolvedType, reader, subEnd, `${field.resolvedType.name}`);
        if (inner !== undefined) return inner;
        continue;
      }
    } else if (fieldId === 0) {
      throw new RangeError(`${path}: field number 0 (${wireTypeName(wireType)}) is not valid protobuf`);
    }
    reader.skipType(wireType);
  }
  if (reader.pos !== end) throw new RangeError(`${path}: last field runs ${reader.pos - end} bytes past the message end`);
  return undefined;
}

interface RawEvaluation {
  currentEpoch: number;
  trainingTime: number;
  trainAccuracy: number;
  validationAccuracy: number;
  testAccuracy: number;
  checkpointPath?: string;
}

/**
 * Decodes ModelMetrics bytes with the chosen schema. Returns a WireTypeMismatch instead of
 * decoding when the bytes disagree with the schema; throws RangeError on malformed protobuf.
 */
export function decodeModelMetrics(bytes: Uint8Array, schema: MetricsSchema = 'nasbench101'): ModelMetrics | WireTypeMismatch {
  const { modelMetrics } = schemas[schema];
  const mismatch = findWireTypeMismatch(modelMetrics, protobuf.Reader.create(bytes), bytes.length, 'ModelMetrics');
  if (mismatch !== undefined) return mismatch;
  // proto2 optional fields that are absent read as their defaults (0 / ''), as in the official API.
  const message = modelMetrics.decode(bytes) as unknown as {
    evaluationData: RawEvaluation[];
    trainableParameters: number;
    totalTime: number;
  };
  return {
    evaluationData: message.evaluationData.map((e) => {
      const point: EvaluationPoint = {
        currentEpoch: e.currentEpoch,
        trainingTime: e.trainingTime,
        trainAccuracy: e.trainAccuracy,
        validationAccuracy: e.validationAccuracy,
        testAccuracy: e.testAccuracy,
      };
      if (schema === 'nasbench101' && e.checkpointPath) point.checkpointPath = e.checkpointPath;
      return point;
    }),
    trainableParameters: message.trainableParameters,
    totalTime: message.totalTime,
  };
}

/** Encodes metrics with the official schema (fixtures, benchmarks, round-trip tests). */
export function encodeModelMetrics(metrics: ModelMetrics): Uint8Array {
  const { modelMetrics } = schemas.nasbench101;
  return modelMetrics.encode(modelMetrics.fromObject(metrics)).finish();
}

/** The protobufjs Type of the official ModelMetrics, for callers that want raw protobufjs access. */
export function modelMetricsType(schema: MetricsSchema = 'nasbench101'): protobuf.Type {
  return schemas[schema].modelMetrics;
}
