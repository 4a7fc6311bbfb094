/**
 * Kernel replacements for tfjs-node's 'tensorflow' backend. Every tfjs-node kernel is one or more
 * TensorFlow eager op executions, each costing tens of µs of fixed overhead on the small tensors of
 * this model, so the training step's time is mostly per-op overhead (tools/bench/model.bench.ts).
 * Each replacement here keeps tfjs's semantics and is checked against wasm by backend-parity.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';

type Backend = tf.KernelBackend & { executeSingleOutput(name: string, attrs: unknown[], inputs: tf.TensorInfo[]): tf.Tensor };

function wrapKernel(name: string, wrap: (original: tf.KernelFunc) => tf.KernelFunc): void {
  const kernel = tf.getKernel(name, 'tensorflow');
  if (!kernel) return;
  tf.unregisterKernel(name, 'tensorflow');
  tf.registerKernel({ ...kernel, kernelFunc: wrap(kernel.kernelFunc) });
}

/** Frees an intermediate: node kernels return engine-tracked Tensors, other backends bare TensorInfos. */
function release(t: tf.TensorInfo, backend: tf.KernelBackend): void {
  if (t instanceof tf.Tensor) t.dispose();
  else backend.disposeData(t.dataId);
}

const done = new Set<string>();
function once(key: string, body: () => void): void {
  if (done.has(key)) return;
  done.add(key);
  body();
}

/**
 * TF 2.21 changed two kernels tfjs relies on (shared/reference/tfjs-native.md): Round on int32 returns
 * zeros (tensorflow#74789), and ConcatV2 rejects scalars. Rounding an integer is the identity, and
 * scalars concatenate as length-1 vectors, so both kernels are wrapped to keep tfjs's semantics.
 */
export function guardTensorflow221(): void {
  once('guards', () => {
    const identity = tf.getKernel('Identity', 'tensorflow')!.kernelFunc;
    const reshape = tf.getKernel('Reshape', 'tensorflow')!.kernelFunc;
    wrapKernel('Round', (original) => (args) => {
      const x = (args.inputs as { x: tf.TensorInfo }).x;
      return x.dtype === 'int32' ? identity({ ...args, attrs: {} }) : original(args);
    });
    wrapKernel('Concat', (original) => (args) => {
      const inputs = Object.values(args.inputs) as tf.TensorInfo[];
      if (!inputs.some((t) => t.shape.length === 0)) return original(args);
      const vectors = inputs.map((t) => (t.shape.length === 0 ? (reshape({ inputs: { x: t }, backend: args.backend, attrs: { shape: [1] } }) as tf.TensorInfo) : t));
      try {
        return original({ ...args, inputs: vectors as unknown as tf.NamedTensorInfoMap, attrs: { ...args.attrs, axis: 0 } });
      } finally {
        vectors.forEach((v, i) => v !== inputs[i] && release(v, args.backend as tf.KernelBackend));
      }
    });
  });
}

/**
 * Fewer TensorFlow op executions for the same results:
 * - Identity (every tf.clone: tfjs clones each tensor a custom gradient saves, and many gradients)
 *   and Cast to the dtype a tensor already has (tfjs's Multiply gradient casts both factors) share the
 *   input's data with a reference count, as tfjs's CPU backend does, instead of running an op;
 * - Reshape reuses one cached int32 shape tensor per target shape instead of uploading a new one each
 *   time, and a reshape to the same shape shares the data;
 * - Step with alpha 0 (ReLU's gradient mask) is Sign(Relu(x)): two ops instead of tfjs-node's eight,
 *   NaN still giving NaN (TF's Relu propagates it).
 */
export function leanTensorflowKernels(): void {
  once('lean', () => {
    wrapKernel('Identity', () => ({ inputs, backend }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      (backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    });
    wrapKernel('Cast', (original) => (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      if ((args.attrs as { dtype: tf.DataType }).dtype !== x.dtype) return original(args);
      (args.backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    });
    const shapes = new Map<string, tf.Tensor>();
    wrapKernel('Reshape', (original) => (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const backend = args.backend as Backend;
      const shape = tf.util.inferFromImplicitShape([...(args.attrs as { shape: number[] }).shape], tf.util.sizeFromShape(x.shape));
      if (shape.length === x.shape.length && shape.every((d, i) => d === x.shape[i])) {
        backend.incRef(x.dataId);
        return { dataId: x.dataId, shape, dtype: x.dtype };
      }
      if (x.dtype === 'string') return original(args);
      const key = shape.join(',');
      let shapeTensor = shapes.get(key);
      if (!shapeTensor) {
        shapeTensor = tf.keep(tf.tensor1d(shape, 'int32'));
        shapes.set(key, shapeTensor);
      }
      return backend.executeSingleOutput('Reshape', [typeAttr('T', x.dtype), typeAttr('Tshape', 'int32')], [x, shapeTensor]);
    });
    wrapKernel('Step', (original) => (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      if ((args.attrs as { alpha?: number }).alpha !== 0 || x.dtype !== 'float32') return original(args);
      const backend = args.backend as Backend;
      const relu = backend.executeSingleOutput('Relu', [typeAttr('T', 'float32')], [x]);
      try {
        return backend.executeSingleOutput('Sign', [typeAttr('T', 'float32')], [relu]);
      } finally {
        relu.dispose();
      }
    });
  });
}

/** tfjs-node's op attribute for a dtype ({ name, type: TF_ATTR_TYPE, value: TF_DataType }). */
function typeAttr(name: string, dtype: tf.DataType): unknown {
  const binding = (tf.findBackend('tensorflow') as unknown as { binding: Record<string, number> }).binding;
  const code = { float32: binding.TF_FLOAT, int32: binding.TF_INT32, bool: binding.TF_BOOL }[dtype as 'float32' | 'int32' | 'bool'];
  return { name, type: binding.TF_ATTR_TYPE, value: code };
}
