/** Backend selection; each test file runs in its own process, so the first successful init happens here. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BACKEND_PREFERENCE, initBackend, tf } from './backend.js';
import { BackendUnavailableError } from './errors.js';

test('an unknown A2V_BACKEND is refused with the valid names', async () => {
  process.env.A2V_BACKEND = 'tpu';
  try {
    await assert.rejects(initBackend({ log: () => undefined }), (e: unknown) => e instanceof BackendUnavailableError && /node-gpu, node, wasm, cpu/.test(e.message));
  } finally {
    delete process.env.A2V_BACKEND;
  }
});

test('a forced backend that cannot load is an error, not a fallback', async () => {
  // An empty native folder: whatever `a2v backend setup` built on this machine, 'node' is then absent.
  const before = process.env.A2V_TFJS_NATIVE_DIR;
  process.env.A2V_TFJS_NATIVE_DIR = mkdtempSync(join(tmpdir(), 'a2v-no-native-'));
  try {
    await assert.rejects(initBackend({ force: 'node', log: () => undefined }), (e: unknown) => e instanceof BackendUnavailableError && /not set up \(run: npx a2v backend setup\)/.test(e.message));
  } finally {
    if (before === undefined) delete process.env.A2V_TFJS_NATIVE_DIR;
    else process.env.A2V_TFJS_NATIVE_DIR = before;
  }
});

test('without a choice the first loadable backend in preference order wins, the skipped ones are named and one line is logged', async () => {
  delete process.env.A2V_BACKEND; // the test runner pins wasm for the other tests
  const lines: string[] = [];
  const info = await initBackend({ log: (line) => lines.push(line) });
  const rank = BACKEND_PREFERENCE.indexOf(info.choice);
  assert.ok(rank >= 0);
  assert.deepEqual(
    info.skipped.map((s) => s.split(':')[0]),
    BACKEND_PREFERENCE.slice(0, rank),
  );
  assert.equal(tf.getBackend(), info.tfName);
  assert.equal(lines.length, 1);
  assert.match(lines[0], new RegExp(`tfjs backend ${info.choice}`));
  // Once chosen, later calls return the same backend.
  assert.equal((await initBackend({ log: () => undefined })).choice, info.choice);
  assert.deepEqual(Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync()), [2, 3]);
});
