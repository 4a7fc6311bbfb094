/**
 * The native backend's run-time settings (pure) and, where the native CPU backend is set up, the TF 2.21
 * guards and a2v's leaner kernels against plain expectations (tfjs semantics). Without it the kernel
 * tests skip with the reason, except under CI=true, where `npm test` builds it first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from './backend.js';
import { SESSION_INLINE_ONE_THREAD, applyRuntimeSettings } from './backend-native.js';

test('run-time settings: one TF thread and warnings-only logs on CPU, memory growth on GPU, the caller’s values win', () => {
  const cpu: NodeJS.ProcessEnv = {};
  applyRuntimeSettings('cpu', cpu);
  assert.deepEqual(cpu, { TF_CPP_MIN_LOG_LEVEL: '1', TF_NUM_INTRAOP_THREADS: '1', TF_NUM_INTEROP_THREADS: '1', A2V_TF_SESSION_CONFIG: SESSION_INLINE_ONE_THREAD, TF_OVERRIDE_GLOBAL_THREADPOOL: '1' });
  const gpu: NodeJS.ProcessEnv = {};
  applyRuntimeSettings('gpu', gpu);
  assert.deepEqual(gpu, { TF_CPP_MIN_LOG_LEVEL: '1', TF_FORCE_GPU_ALLOW_GROWTH: 'true' });
  const tfDefault: NodeJS.ProcessEnv = { A2V_TF_THREADS: '0' };
  applyRuntimeSettings('cpu', tfDefault);
  assert.equal(tfDefault.TF_NUM_INTRAOP_THREADS, undefined);
  const own: NodeJS.ProcessEnv = { A2V_TF_THREADS: '2', TF_NUM_INTRAOP_THREADS: '4', TF_FORCE_GPU_ALLOW_GROWTH: 'false', TF_CPP_MIN_LOG_LEVEL: '0' };
  applyRuntimeSettings('gpu', own);
  assert.deepEqual(own, { A2V_TF_THREADS: '2', TF_NUM_INTRAOP_THREADS: '4', TF_NUM_INTEROP_THREADS: '2', TF_FORCE_GPU_ALLOW_GROWTH: 'false', TF_CPP_MIN_LOG_LEVEL: '0' });
});

test('the session config is the ConfigProto for one intra-op thread and ops in the caller thread', () => {
  // Protobuf wire format: (field << 3 | 0) then a varint; int32 -1 is ten bytes of 64-bit two's complement.
  const bytes = Buffer.from(SESSION_INLINE_ONE_THREAD, 'hex');
  const fields: Record<number, bigint> = {};
  for (let i = 0; i < bytes.length; ) {
    const key = bytes[i++];
    assert.equal(key & 7, 0, 'varint fields only');
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = bytes[i++];
      value |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    fields[key >> 3] = BigInt.asIntN(32, value);
  }
  // ConfigProto field 2: intra_op_parallelism_threads; field 5: inter_op_parallelism_threads.
  assert.deepEqual(fields, { 2: 1n, 5: -1n });
});

test('on native TensorFlow: the 2.21 guards and the lean kernels keep tfjs semantics and leak nothing', async (t) => {
  try {
    await initBackend({ force: 'node', log: () => undefined });
  } catch (error) {
    const reason = `the native CPU backend does not load: ${(error as Error).message}`;
    if (process.env.CI === 'true') assert.fail(reason);
    t.skip(reason);
    return;
  }
  const x = tf.tensor2d([-1.5, 0, 2, Number.NaN, 0.25, -0], [2, 3]);
  const checks = (): void => {
    assert.deepEqual(Array.from(tf.round(tf.tensor1d([1, -2, 3], 'int32')).dataSync()), [1, -2, 3]);
    assert.deepEqual(Array.from(tf.round(tf.tensor1d([1.4, 2.6])).dataSync()), [1, 3]);
    assert.deepEqual(Array.from(tf.concat([tf.scalar(1), tf.scalar(2), tf.tensor1d([3, 4])]).dataSync()), [1, 2, 3, 4]);
    assert.deepEqual(Array.from(tf.step(x).dataSync()), [0, 0, 1, Number.NaN, 1, 0]);
    assert.deepEqual(Array.from(tf.step(x, 0.5).dataSync()), [0.5, 0.5, 1, Number.NaN, 1, 0.5]);
    assert.deepEqual(Array.from(tf.cast(tf.tensor1d([1.7, -2.2]), 'int32').dataSync()), [1, -2]);
    assert.deepEqual(Array.from(tf.cast(tf.tensor1d([1.5, 0]), 'float32').dataSync()), [1.5, 0]);
    assert.deepEqual(Array.from(tf.cast(tf.tensor1d([1.5, 0]), 'bool').dataSync()), [1, 0]);
    const same = tf.reshape(x, [2, 3]);
    const other = tf.reshape(x, [3, -1]);
    assert.deepEqual(other.shape, [3, 2]);
    assert.deepEqual(Array.from(tf.add(same, tf.reshape(other, [2, 3])).dataSync()).map((v) => (Number.isNaN(v) ? 'NaN' : v)), [-3, 0, 4, 'NaN', 0.5, -0]);
  };
  tf.tidy(checks); // the first run also fills the Reshape kernel's shape cache (kept on purpose)
  const before = tf.memory().numTensors;
  tf.tidy(checks);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  const copy = tf.clone(x);
  x.dispose(); // the clone shares x's data (reference counted): it must outlive x
  assert.deepEqual(Array.from(copy.dataSync()).slice(0, 3), [-1.5, 0, 2]);
  copy.dispose();
  assert.equal(tf.memory().numTensors, before - 1);
});
