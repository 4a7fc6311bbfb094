/**
 * Training-step throughput of @a2v/model per tfjs backend, on NAS-Bench-101 shapes (N=7, K=5) with
 * the reference batch of 32: graphs/s of a full VAE step (forward, backward, clipped Adam, BN update)
 * and of the 'reference' mode's frozen step, per wall second and per CPU second of this process (the
 * latter moves less when other jobs share the machine), the NB101 epoch time and the full 8-epoch
 * 'reference' pre-training (1 VAE + 7 frozen epochs) extrapolated from the measured steps, and the
 * ratio to the official PyTorch code's ~9,500 graphs/s (1 CPU thread, shared/reference/tfjs-native.md).
 * The native backend runs twice: one TensorFlow intra-op thread (a2v's default) and TF's default
 * threading; and so does its graph step (the whole step as one TensorFlow session call, graph-step.ts).
 * The graph step and the fused step kernel (step-kernel.ts, what a2v uses on the native CPU backend)
 * also run at batch 16 (one shard of two, whose goal is half PyTorch's rate: 4,750 graphs/s).
 * Each variant runs in its own process (tfjs initialises one backend per process); absent backends are
 * reported as such. The machine's load average is printed with the figures.
 * Run: `npx tsx tools/bench/model.bench.ts` (`--backend wasm` for one backend only).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  GraphStepper, KernelStepper, SeededRng, VaeStepper, batchArrays, graphStepUnavailable, initBackend, initialState, loadDataset, nb101Source, stepKernelUnavailable, trainConfig,
  type BackendChoice, type StepPhase, type TrainStepper,
} from '@a2v/model';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const PYTORCH_GRAPHS_PER_SECOND = 9_500;
const NB101_TRAIN_GRAPHS = 381_261;
const BATCH = 32;
const NB101_EPOCHS = 8;

/** The eager tfjs step, the exported graph step, or the fused step kernel. */
type StepKind = 'eager' | 'graph' | 'kernel';

/** A backend, the environment it runs under, and which step it runs at `batch`. */
interface Variant {
  label: string;
  backend: BackendChoice;
  env?: Record<string, string>;
  step?: StepKind;
  batch?: number;
}

const VARIANTS: readonly Variant[] = [
  { label: 'node-gpu', backend: 'node-gpu' },
  { label: 'node-gpu graph step', backend: 'node-gpu', step: 'graph' },
  { label: 'node step kernel', backend: 'node', step: 'kernel' },
  { label: 'node step kernel, batch 16 = one shard of two', backend: 'node', step: 'kernel', batch: 16 },
  { label: 'node (1 TF thread)', backend: 'node', env: { A2V_TF_THREADS: '1' } },
  { label: 'node (TF default threads)', backend: 'node', env: { A2V_TF_THREADS: '0' } },
  { label: 'node graph step (1 TF thread)', backend: 'node', env: { A2V_TF_THREADS: '1' }, step: 'graph' },
  { label: 'node graph step, batch 16 = one shard of two (1 TF thread)', backend: 'node', env: { A2V_TF_THREADS: '1' }, step: 'graph', batch: 16 },
  { label: 'node graph step (TF default threads)', backend: 'node', env: { A2V_TF_THREADS: '0' }, step: 'graph' },
  { label: 'wasm', backend: 'wasm' },
  { label: 'cpu', backend: 'cpu' },
];

interface BackendResult {
  backend: BackendChoice;
  available: boolean;
  reason?: string;
  train?: Rate;
  frozen?: Rate;
}

interface Rate {
  /** graphs per wall-clock second */
  wall: number;
  /** graphs per CPU second of this process (all its threads) */
  cpu: number;
  steps: number;
}

/** Steps for at least `seconds` (after warm-up), so slow backends stay quick and fast ones precise. */
function openStepper(step: StepKind, config: ReturnType<typeof trainConfig>): TrainStepper {
  if (step === 'graph') return GraphStepper.open(config.model);
  return step === 'kernel' ? new KernelStepper(config.model) : new VaeStepper(config.model);
}

function measure(phase: StepPhase, seconds: number, step: StepKind, batchSize: number): Rate {
  const config = trainConfig('nasbench101', { batchSize });
  const data = loadDataset(nb101Source(), 64 * batchSize);
  const state = initialState(config, data.count);
  const stepper = openStepper(step, config);
  const rng = SeededRng.fromSeed(1);
  const batches = Array.from({ length: 64 }, (_, b) => batchArrays(data, Array.from({ length: batchSize }, (_, i) => b * batchSize + i)));
  try {
    for (let i = 0; i < 3; i++) stepper.step(state.weights, state.adam, batches[i], phase, rng, config);
    let steps = 0;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    while (performance.now() - started < seconds * 1000 || steps < 3) {
      stepper.step(state.weights, state.adam, batches[steps % batches.length], phase, rng, config);
      steps += 1;
    }
    const cpu = process.cpuUsage(cpuStarted);
    return { wall: (steps * batchSize) / ((performance.now() - started) / 1000), cpu: (steps * batchSize) / ((cpu.user + cpu.system) / 1e6), steps };
  } finally {
    stepper.dispose();
  }
}

async function runOne(backend: BackendChoice, step: StepKind, batchSize: number): Promise<BackendResult> {
  try {
    await initBackend({ force: backend, log: () => undefined });
  } catch (error) {
    return { backend, available: false, reason: (error as Error).message.split('; ').at(-1) };
  }
  const reason = step === 'graph' ? graphStepUnavailable(trainConfig('nasbench101').model) : step === 'kernel' ? stepKernelUnavailable() : undefined;
  if (reason) return { backend, available: false, reason: `no ${step} step: ${reason}` };
  const seconds = Number(process.env.A2V_BENCH_SECONDS ?? 10);
  return { backend, available: true, train: measure('train', seconds, step, batchSize), frozen: measure('frozen', seconds, step, batchSize) };
}

const rate = (r: Rate): string => `${Math.round(r.wall).toLocaleString('en-US')} per wall s, ${Math.round(r.cpu).toLocaleString('en-US')} per CPU s, ${r.steps} steps`;

export async function runModelBench(variants: readonly Variant[] = VARIANTS): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  process.stderr.write(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine's cores\n`);
  for (const variant of variants) {
    // One process per variant: tfjs initialises a backend once per process, TF reads its threads at load.
    const batch = variant.batch ?? BATCH;
    const args = ['--child', variant.backend, '--batch', String(batch), '--step', variant.step ?? 'eager'];
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...variant.env },
    });
    const line = child.stdout.trim().split('\n').at(-1) ?? '';
    let result: BackendResult;
    try {
      result = JSON.parse(line) as BackendResult;
    } catch {
      result = { backend: variant.backend, available: false, reason: `bench process failed (exit ${child.status}): ${child.stderr.trim().split('\n').at(-1)}` };
    }
    if (!result.available) {
      process.stderr.write(`${variant.label}: not available (${result.reason})\n`);
      continue;
    }
    const [train, frozen] = [result.train!, result.frozen!];
    const name = variant.label;
    process.stderr.write(`${name}: VAE step ${rate(train)}; frozen step ${rate(frozen)}\n`);
    figures.push({ name: `${name}: VAE training step, NB101 batch ${batch}`, value: train.wall, unit: 'graphs/s' });
    figures.push({ name: `${name}: frozen ('reference' epochs 2+) step`, value: frozen.wall, unit: 'graphs/s' });
    // A batch-16 variant is one shard of two: each shard trains half the graphs, side by side (one per core).
    const perShard = NB101_TRAIN_GRAPHS / (BATCH / batch);
    const who = batch < BATCH ? `${BATCH / batch} shards side by side at this rate, ignoring the averaging` : 'one process';
    figures.push({ name: `${name}: one NB101 epoch (${NB101_TRAIN_GRAPHS.toLocaleString('en-US')} graphs), VAE step, ${who}`, value: perShard / train.wall / 60, unit: 'min' });
    const fullMinutes = (perShard / train.wall + (NB101_EPOCHS - 1) * (perShard / frozen.wall)) / 60;
    figures.push({ name: `${name}: full ${NB101_EPOCHS}-epoch NB101 'reference' pre-training, ${who}`, value: fullMinutes, unit: 'min' });
    figures.push({ name: `${name}: VAE step vs PyTorch's ${PYTORCH_GRAPHS_PER_SECOND.toLocaleString('en-US')} graphs/s`, value: train.wall / PYTORCH_GRAPHS_PER_SECOND, unit: '×' });
    figures.push({ name: `${name}: frozen step vs PyTorch's ${PYTORCH_GRAPHS_PER_SECOND.toLocaleString('en-US')} graphs/s`, value: frozen.wall / PYTORCH_GRAPHS_PER_SECOND, unit: '×' });
    if (batch < BATCH) {
      // One shard of S = 32/batch: the shards together match PyTorch when each does PyTorch/S.
      const shards = BATCH / batch;
      const goal = PYTORCH_GRAPHS_PER_SECOND / shards;
      figures.push({ name: `${name}: VAE step vs one shard's goal of ${goal.toLocaleString('en-US')} graphs/s (PyTorch / ${shards})`, value: train.wall / goal, unit: '×' });
      figures.push({ name: `${name}: frozen step vs one shard's goal of ${goal.toLocaleString('en-US')} graphs/s`, value: frozen.wall / goal, unit: '×' });
    }
  }
  return figures;
}

function format(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value >= 1 ? value.toFixed(2) : value.toPrecision(2);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { child: { type: 'string' }, step: { type: 'string', default: 'eager' }, batch: { type: 'string' }, backend: { type: 'string', multiple: true } } });
  if (values.child) {
    console.log(JSON.stringify(await runOne(values.child as BackendChoice, values.step as StepKind, Number(values.batch ?? BATCH))));
  } else {
    const only = values.backend as BackendChoice[] | undefined;
    for (const figure of await runModelBench(only ? VARIANTS.filter((v) => only.includes(v.backend)) : VARIANTS)) console.log(`${figure.name}: ${format(figure.value)} ${figure.unit}`);
  }
}
