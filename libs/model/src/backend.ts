/**
 * Picks the fastest tfjs backend this process can load: native TensorFlow on GPU, native on CPU,
 * WebAssembly, plain JS. The native packages are not dependencies (their install downloads
 * libtensorflow 2.9.1, impossible offline): `a2v backend setup [--gpu]` builds them against
 * TensorFlow's PyPI wheel into .tools/ (backend-native.ts loads them), and a missing one counts as
 * absent. A2V_BACKEND forces one of them.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadNative } from './backend-native.js';
import { BackendUnavailableError } from './errors.js';

const require = createRequire(import.meta.url);

/**
 * tfjs-core's Node bundle registers no gradient functions (the @tensorflow/tfjs umbrella package does
 * that, and we do not depend on it). They ship only as bundler-style ESM (extensionless imports), which
 * plain Node cannot load but tsx's CommonJS loader can; every a2v entry point runs under tsx. The
 * registry is global, so the gradients apply to the one engine the core bundle created.
 */
require('@tensorflow/tfjs-core/dist/register_all_gradients.js');

export type BackendChoice = 'node-gpu' | 'node' | 'wasm' | 'cpu';
export const BACKEND_PREFERENCE: readonly BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];

export interface BackendInfo {
  readonly choice: BackendChoice;
  /** tfjs's own name for it ('tensorflow', 'wasm', 'cpu'). */
  readonly tfName: string;
  /** Why each better choice was skipped. */
  readonly skipped: readonly string[];
}

async function tryInit(choice: BackendChoice): Promise<string> {
  if (choice === 'node-gpu' || choice === 'node') {
    loadNative(choice === 'node-gpu' ? 'gpu' : 'cpu');
    if (!(await tf.setBackend('tensorflow'))) throw new Error('the tensorflow backend did not initialise');
    return 'tensorflow';
  }
  if (choice === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Offline: load the .wasm binaries from node_modules instead of a CDN.
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(`${dist}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
    return 'wasm';
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  return 'cpu';
}

let active: Promise<BackendInfo> | undefined;

function parseForced(value: string | undefined): BackendChoice | undefined {
  if (value === undefined || value === '') return undefined;
  if ((BACKEND_PREFERENCE as readonly string[]).includes(value)) return value as BackendChoice;
  throw new BackendUnavailableError(`A2V_BACKEND=${value} is not one of ${BACKEND_PREFERENCE.join(', ')}`);
}

/**
 * Initialises the backend once per process (later calls return the first result). `force` (or
 * A2V_BACKEND) selects exactly one backend and fails if it cannot load; otherwise the first that
 * loads in BACKEND_PREFERENCE order wins. `log` receives one line naming the backend in use.
 */
export function initBackend(options: { force?: BackendChoice; log?: (line: string) => void } = {}): Promise<BackendInfo> {
  active ??= (async () => {
    const forced = options.force ?? parseForced(process.env.A2V_BACKEND);
    const candidates = forced ? [forced] : BACKEND_PREFERENCE;
    const skipped: string[] = [];
    for (const choice of candidates) {
      try {
        const tfName = await tryInit(choice);
        const info = { choice, tfName, skipped };
        (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(
          `@a2v/model: tfjs backend ${choice} (${tfName})${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}`,
        );
        return info;
      } catch (error) {
        skipped.push(`${choice}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    throw new BackendUnavailableError(`no tfjs backend could be initialised: ${skipped.join('; ')}`);
  })();
  active.catch(() => (active = undefined));
  return active;
}

export { tf };
