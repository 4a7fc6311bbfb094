import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { decodeModelMetrics, encodeModelMetrics, type ModelMetrics, WireTypeMismatch } from './model-metrics.js';

const metrics: ModelMetrics = {
  evaluationData: [
    { currentEpoch: 0, trainingTime: 0, trainAccuracy: 0.1, validationAccuracy: 0.099, testAccuracy: 0.1 },
    { currentEpoch: 54, trainingTime: 800.5, trainAccuracy: 0.8, validationAccuracy: 0.78, testAccuracy: 0.77 },
    { currentEpoch: 108, trainingTime: 1601.25, trainAccuracy: 1, validationAccuracy: 0.9431, testAccuracy: 0.9375, checkpointPath: '/ckpt/model.ckpt-1234' },
  ],
  trainableParameters: 3_468_426,
  totalTime: 1700.75,
};

test('ModelMetrics round-trips through protobufjs with the official schema', () => {
  const bytes = encodeModelMetrics(metrics);
  assert.deepEqual(decodeModelMetrics(bytes), metrics);
});

test('the encoding is the official wire format (field numbers and types of model_metrics.proto)', () => {
  const bytes = encodeModelMetrics({ evaluationData: [], trainableParameters: 150, totalTime: 2.5 });
  // field 2 varint (tag 0x10) = 150, field 3 double (tag 0x19) = 2.5
  const expected = Buffer.concat([Buffer.from([0x10, 0x96, 0x01, 0x19]), Buffer.from(new Float64Array([2.5]).buffer)]);
  assert.deepEqual(Buffer.from(bytes), expected);
});

/** An EvaluationData the way EC-NAS-Bench writes it: field 6 a double (energy), then more fields. */
function ecnasLikeMetrics(): Uint8Array {
  const evaluation = protobuf.Writer.create()
    .uint32((1 << 3) | 1).double(108)
    .uint32((2 << 3) | 1).double(668.59)
    .uint32((3 << 3) | 1).double(0.99)
    .uint32((4 << 3) | 1).double(0.917)
    .uint32((5 << 3) | 1).double(0.909)
    .uint32((6 << 3) | 1).double(12.5) // energy in kWh, where NAS-Bench-101 has a string
    .uint32((9 << 3) | 2).string('2022-05-29 06:03:58')
    .finish();
  return protobuf.Writer.create()
    .uint32((1 << 3) | 2).bytes(evaluation)
    .uint32((2 << 3) | 0).int32(3_468_426)
    .uint32((3 << 3) | 1).double(746.17)
    .finish();
}

test('a double in field 6 is refused by the official schema, naming the field and wire types', () => {
  const result = decodeModelMetrics(ecnasLikeMetrics());
  assert.ok(result instanceof WireTypeMismatch);
  assert.match(result.fieldPath, /checkpointPath \(field 6\)/);
  assert.deepEqual(result.expected, [2]);
  assert.equal(result.actual, 1);
});

test("the same bytes decode to the shared fields with 'shared-fields', extra fields skipped", () => {
  const result = decodeModelMetrics(ecnasLikeMetrics(), 'shared-fields');
  assert.ok(!(result instanceof WireTypeMismatch));
  assert.deepEqual(result, {
    evaluationData: [{ currentEpoch: 108, trainingTime: 668.59, trainAccuracy: 0.99, validationAccuracy: 0.917, testAccuracy: 0.909 }],
    trainableParameters: 3_468_426,
    totalTime: 746.17,
  });
});

test('a shared field with the wrong wire type is refused even with shared-fields', () => {
  const bytes = protobuf.Writer.create().uint32((2 << 3) | 1).double(1).finish(); // trainable_parameters as a double
  const result = decodeModelMetrics(bytes, 'shared-fields');
  assert.ok(result instanceof WireTypeMismatch);
  assert.match(result.fieldPath, /trainableParameters \(field 2\)/);
});

test('truncated protobuf is a RangeError, not a silent partial decode', () => {
  const bytes = encodeModelMetrics(metrics);
  assert.throws(() => decodeModelMetrics(bytes.subarray(0, bytes.length - 3)), RangeError);
});
