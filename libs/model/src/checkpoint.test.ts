import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { assertCheckpointMatches, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { CheckpointCorruptError, CheckpointMismatchError } from './errors.js';
import { trainConfig } from './model-config.js';
import { initialState } from './trainer.js';

const dir = mkdtempSync(join(tmpdir(), 'a2v-ckpt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function sampleState() {
  const state = initialState(trainConfig('nasbench201', { subset: 100, epochs: 2 }), 100);
  state.adam.m[5] = 0.25;
  state.adam.v[7] = 0.5;
  state.adam.step = 9;
  state.epoch = 1;
  state.stepInEpoch = 2;
  state.losses = [1, 0.5, 0.25];
  return state;
}

test('a checkpoint round-trips every field and its checksum is the file trailer', () => {
  const path = join(dir, 'a.ckpt');
  const state = sampleState();
  const sha = writeCheckpoint(path, state);
  const { state: back, sha256 } = readCheckpoint(path);
  assert.equal(sha256, sha);
  assert.equal(readFileSync(path).subarray(-32).toString('hex'), sha);
  assert.deepEqual(back.weights.params, state.weights.params);
  assert.deepEqual(back.weights.running, state.weights.running);
  assert.deepEqual(back.adam, state.adam);
  assert.deepEqual([back.epoch, back.stepInEpoch, back.losses, back.rngState], [1, 2, [1, 0.5, 0.25], state.rngState]);
  assert.deepEqual(back.config, state.config);
});

test('any flipped byte is a CheckpointCorruptError, and so is a truncated file', () => {
  const path = join(dir, 'b.ckpt');
  writeCheckpoint(path, sampleState());
  const bytes = readFileSync(path);
  for (const at of [3, 40, bytes.length - 100, bytes.length - 1]) {
    const copy = Buffer.from(bytes);
    copy[at] ^= 0x10;
    writeFileSync(path, copy);
    assert.throws(() => readCheckpoint(path), CheckpointCorruptError, `byte ${at}`);
  }
  writeFileSync(path, bytes.subarray(0, bytes.length - 10));
  assert.throws(() => readCheckpoint(path), CheckpointCorruptError);
});

test('a checkpoint of another space, config or dataset is a CheckpointMismatchError naming the field', () => {
  const state = sampleState();
  const same = trainConfig('nasbench201', { subset: 100, epochs: 5 }); // more epochs: allowed
  assertCheckpointMatches('x', state, same, 100);
  const cases: [ReturnType<typeof trainConfig>, number, string][] = [
    [trainConfig('nasbench101', { subset: 100, epochs: 2 }), 100, 'model.space'],
    [trainConfig('nasbench201', { subset: 100, epochs: 2, learningRate: 2e-3 }), 100, 'learningRate'],
    [trainConfig('nasbench201', { subset: 100, epochs: 2, mode: state.config.mode === 'vae' ? 'reference' : 'vae' }), 100, 'mode'],
    [trainConfig('nasbench201', { subset: 100, epochs: 2, model: { dropout: 0.1 } }), 100, 'model.dropout'],
    [same, 99, 'datasetCount'],
  ];
  for (const [config, count, field] of cases) {
    assert.throws(() => assertCheckpointMatches('x', state, config, count), (e: unknown) => e instanceof CheckpointMismatchError && e.field === field, field);
  }
});
