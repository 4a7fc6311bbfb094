/**
 * The native TensorFlow backends (@tensorflow/tfjs-node, -gpu) built by `a2v backend setup` against
 * TensorFlow 2.21's PyPI wheels (shared/reference/tfjs-native.md): where they live, the run-time
 * settings TensorFlow reads when it loads, and guards for the 2.21 behaviour changes tfjs does not expect.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { findRepoRoot } from '@a2v/config';
import { guardTensorflow221, leanTensorflowKernels } from './backend-native-kernels.js';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);

export type NativeFlavor = 'cpu' | 'gpu';
export const NATIVE_PACKAGE: Record<NativeFlavor, string> = { cpu: '@tensorflow/tfjs-node', gpu: '@tensorflow/tfjs-node-gpu' };

/** What `a2v backend setup` recorded (tools/scripts/backend-setup.mjs writes it after verifying the build). */
export interface NativeSetupStamp {
  readonly tensorflow: string;
  readonly tfjsNode: string;
  readonly napi: string;
  readonly node: string;
  readonly binding: string;
  readonly seconds: number;
}

/** .tools/tfjs-native/<flavor> in the repository (or A2V_TFJS_NATIVE_DIR/<flavor>). */
export function nativePrefix(flavor: NativeFlavor): string {
  const base = process.env.A2V_TFJS_NATIVE_DIR ?? join(findRepoRoot(import.meta.dirname), '.tools/tfjs-native');
  return join(base, flavor);
}

export function readSetupStamp(flavor: NativeFlavor): NativeSetupStamp | undefined {
  try {
    return JSON.parse(readFileSync(join(nativePrefix(flavor), 'setup.json'), 'utf8')) as NativeSetupStamp;
  } catch {
    return undefined;
  }
}

/**
 * Settings TensorFlow reads from the environment when it loads, so they are set before the require:
 * log only warnings and errors; on GPU, grow memory on demand instead of reserving nearly all of it;
 * on CPU, one intra-op thread unless A2V_TF_THREADS says otherwise (a2v runs one shard per core, and
 * the model's small ops lose more to thread hand-offs than they gain: measured in tools/bench).
 * One GPU per worker is the caller's CUDA_VISIBLE_DEVICES (the binding uses the last GPU listed).
 */
export function applyRuntimeSettings(flavor: NativeFlavor, env: NodeJS.ProcessEnv = process.env): void {
  env.TF_CPP_MIN_LOG_LEVEL ??= '1';
  if (flavor === 'gpu') env.TF_FORCE_GPU_ALLOW_GROWTH ??= 'true';
  const threads = env.A2V_TF_THREADS ?? (flavor === 'cpu' ? '1' : undefined);
  if (threads !== undefined && threads !== '0') {
    env.TF_NUM_INTRAOP_THREADS ??= threads;
    env.TF_NUM_INTEROP_THREADS ??= threads;
  }
  // The graph step's session (a patched addon reads this; see tools/scripts/backend-setup-steps.mjs):
  // with one thread, run its ops in the calling thread. Through TensorFlow's process-wide inter-op
  // pool the hand-offs cost about a third of a step, and shards in worker threads queue behind each other.
  // Also give each session its own intra-op pool rather than the process-wide one, which the shards'
  // worker threads would share: one process with two shards ran each step about 25 % slower without.
  if (threads === '1') {
    env.A2V_TF_SESSION_CONFIG ??= SESSION_INLINE_ONE_THREAD;
    env.TF_OVERRIDE_GLOBAL_THREADPOOL ??= '1';
  }
}

/** ConfigProto { intra_op_parallelism_threads: 1, inter_op_parallelism_threads: -1 (the caller's thread) }, serialized, in hex. */
export const SESSION_INLINE_ONE_THREAD = '1001' + '28ffffffffffffffffff01';

let loadedFlavor: NativeFlavor | undefined;

/** Which native package this process loaded, if any. */
export function loadedNativeFlavor(): NativeFlavor | undefined {
  return loadedFlavor;
}

/**
 * Loads the native package: the one `a2v backend setup` built, else one installed in node_modules.
 * Throws with the reason (and the fix) when neither is there.
 */
export function loadNative(flavor: NativeFlavor): void {
  const name = NATIVE_PACKAGE[flavor];
  const built = join(nativePrefix(flavor), 'node_modules', name);
  // Without a driver the GPU build would run on the CPU, slower than the CPU build: skip it instead.
  if (flavor === 'gpu' && !existsSync('/dev/nvidiactl') && !existsSync('/proc/driver/nvidia/version')) {
    throw new Error('no NVIDIA driver on this machine (/dev/nvidiactl absent)');
  }
  applyRuntimeSettings(flavor);
  if (readSetupStamp(flavor) && existsSync(join(built, 'package.json'))) {
    require(built);
  } else {
    try {
      require(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
      throw new Error(`${name} is not set up (run: npx a2v backend setup${flavor === 'gpu' ? ' --gpu' : ''})`);
    }
  }
  if (!tf.findBackend('tensorflow')) throw new Error(`${name} loaded but registered no tensorflow backend`);
  guardTensorflow221();
  // A2V_TF_LEAN_KERNELS=0 keeps tfjs-node's own kernels (to measure or rule out the replacements).
  if (process.env.A2V_TF_LEAN_KERNELS !== '0') leanTensorflowKernels();
  loadedFlavor = flavor;
}

/** TF_Version of the loaded native library (the binding exports it). */
export function nativeTensorflowVersion(): string | undefined {
  const backend = tf.findBackend('tensorflow') as unknown as { binding?: { TF_Version?: string } } | null;
  return backend?.binding?.TF_Version;
}

/** Whether the native backend placed its ops on a GPU. */
export function nativeUsesGpu(): boolean {
  const backend = tf.findBackend('tensorflow') as unknown as { isUsingGpuDevice?: boolean } | null;
  return backend?.isUsingGpuDevice === true;
}

