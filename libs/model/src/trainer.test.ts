/** Seeded, resumable, fail-safe training on a small NB201 subset with a narrow model (wasm backend). */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initBackend } from './backend.js';
import { readCheckpoint } from './checkpoint.js';
import { NonFiniteLossError } from './errors.js';
import type { GraphDataset } from './graph-data.js';
import { trainConfig, type TrainConfig } from './model-config.js';
import { loadDataset, nb201Source } from './space-data.js';
import { Trainer, phaseOf } from './trainer.js';

const dir = mkdtempSync(join(tmpdir(), 'a2v-train-'));
let data: GraphDataset;
before(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  data = loadDataset(nb201Source(), 200);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const config = (overrides: Partial<TrainConfig> = {}): TrainConfig => trainConfig('nasbench201', { subset: 200, epochs: 2, mode: 'vae', model: { hidden: 32 }, ...overrides });

test('the same seed gives the same loss curve; another seed a different one; the loss falls', () => {
  const a = Trainer.create(config(), data).run().state.losses;
  const b = Trainer.create(config(), data).run().state.losses;
  const c = Trainer.create(config({ seed: 4 }), data).run().state.losses;
  assert.equal(a.length, 2 * Math.ceil(180 / 32));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.at(-1)! < a[0], `loss did not fall: ${a[0]} → ${a.at(-1)}`);
});

test('a run stopped mid-epoch and resumed from its checkpoint continues the same loss curve', () => {
  for (const mode of ['vae', 'reference'] as const) {
    const full = Trainer.create(config({ mode, epochs: 3 }), data).run().state;
    const path = join(dir, `resume-${mode}.ckpt`);
    const first = Trainer.create(config({ mode, epochs: 3 }), data).run({ checkpointPath: path, stopAfterSteps: 8 });
    assert.equal(first.finished, false);
    assert.deepEqual([first.state.epoch, first.state.stepInEpoch], [1, 2]);
    const resumed = Trainer.resume(path, config({ mode, epochs: 3 }), data).run({ checkpointPath: path }).state;
    assert.equal(resumed.losses.length, full.losses.length);
    resumed.losses.forEach((loss, i) => assert.ok(Math.abs(loss - full.losses[i]) <= 1e-6 * Math.max(1, Math.abs(loss)), `${mode} step ${i}: ${loss} vs ${full.losses[i]}`));
    assert.deepEqual(resumed.weights.params, full.weights.params);
  }
});

test('a NaN loss stops the run with a typed error and leaves the last checkpoint as it was', () => {
  const path = join(dir, 'nan.ckpt');
  Trainer.create(config({ epochs: 1 }), data).run({ checkpointPath: path });
  const before = readFileSync(path);
  const trainer = Trainer.resume(path, config({ epochs: 2 }), data);
  trainer.state.weights.params[10] = Number.NaN; // a diverged weight
  assert.throws(
    () => trainer.run({ checkpointPath: path, checkpointEvery: 1 }),
    (e: unknown) => e instanceof NonFiniteLossError && e.epoch === 1 && e.step === 0 && e.lastCheckpoint === path,
  );
  assert.ok(readFileSync(path).equals(before), 'checkpoint was overwritten');
  assert.equal(readCheckpoint(path).state.epoch, 1);
});

test("'reference' mode trains epoch 1 as a VAE and later epochs frozen: BN running statistics stop changing", () => {
  const cfg = config({ mode: 'reference', epochs: 2 });
  assert.deepEqual([phaseOf(cfg, 0), phaseOf(cfg, 1), phaseOf(config(), 1)], ['train', 'frozen', 'train']);
  const path = join(dir, 'ref.ckpt');
  Trainer.create({ ...cfg, epochs: 1 }, data).run({ checkpointPath: path });
  const afterEpoch1 = readCheckpoint(path).state.weights;
  const end = Trainer.resume(path, cfg, data).run().state.weights;
  assert.deepEqual(end.running, afterEpoch1.running);
  assert.notDeepEqual(end.params, afterEpoch1.params);
  const vae = Trainer.create(config({ epochs: 2 }), data).run().state.weights;
  assert.notDeepEqual(vae.running, afterEpoch1.running);
});
