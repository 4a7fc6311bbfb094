/**
 * One side of the native-vs-wasm agreement test (backend-parity.test.ts), on the backend A2V_BACKEND
 * forces. It prints one JSON line with
 * - the loss and gradient of the seeded initial weights on the first batch, in both step phases;
 * - every step's loss of a short seeded 'reference'-mode run (one VAE epoch, one frozen epoch) on the
 *   first NB201 graphs;
 * - the decoder's logits for the held-out graphs under the weights in `--weights FILE` (a checkpoint;
 *   written from this run's own weights when `--write` is given), so both backends decode the same weights.
 * Float arrays travel as base64 of their bytes.
 */
import { parseArgs } from 'node:util';
import { initBackend } from './backend.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { batchArrays } from './graph-data.js';
import { trainConfig } from './model-config.js';
import { SeededRng } from './rng.js';
import { loadDataset, nb201Source } from './space-data.js';
import { VaeStepper, type ModelWeights } from './train-step.js';
import { Trainer, initialState, runSplit } from './trainer.js';

const PARITY_GRAPHS = 640;
const parityConfig = () => trainConfig('nasbench201', { seed: 11, epochs: 2, mode: 'reference' });

const bytes = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

const { values } = parseArgs({ options: { weights: { type: 'string' }, write: { type: 'boolean', default: false } } });
const info = await initBackend({ log: () => undefined });
const config = parityConfig();
const data = loadDataset(nb201Source(), PARITY_GRAPHS);
const { train, heldOut } = runSplit(config, data.count);
const stepper = new VaeStepper(config.model);

const firstBatch = batchArrays(data, train.subarray(0, config.batchSize));
const gradients = (['train', 'frozen'] as const).map((phase) => {
  const { weights } = initialState(config, data.count);
  const { loss, grads } = stepper.gradient(weights, firstBatch, phase, SeededRng.fromSeed(5));
  return { phase, loss, grads: bytes(grads) };
});

const { state } = Trainer.create(config, data).run();
if (values.write && values.weights) writeCheckpoint(values.weights, state);
const evalWeights: ModelWeights = values.weights ? readCheckpoint(values.weights).state.weights : state.weights;
const logits = stepper.evaluate(evalWeights, batchArrays(data, heldOut), (out) => ({
  ops: bytes(out.opsLogits.dataSync() as Float32Array),
  adjacency: bytes(out.adjLogits.dataSync() as Float32Array),
}));
stepper.dispose();
console.log(JSON.stringify({ backend: info.choice, gradients, losses: state.losses, heldOut: heldOut.length, logits }));
