/**
 * Training-step throughput of @a2v/model per tfjs backend, on NAS-Bench-101 shapes (N=7, K=5) with
 * the reference batch of 32: graphs/s of a full VAE step (forward, backward, clipped Adam, BN update)
 * and of the 'reference' mode's frozen step, the NB101 epoch time extrapolated from the measured steps
 * (381,261 training graphs = 11,915 steps), and the ratio to the official PyTorch code's ~9,500
 * graphs/s (1 CPU thread, shared/reference/tfjs-native.md). Each backend runs in its own process,
 * since tfjs allows one backend initialisation per process; absent backends are reported as such.
 * Run: `npx tsx tools/bench/model.bench.ts` (`--backend wasm` for one backend only).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BACKEND_PREFERENCE, SeededRng, VaeStepper, batchArrays, initBackend, initialState, loadDataset, nb101Source, trainConfig, type BackendChoice, type StepPhase } from '@a2v/model';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const PYTORCH_GRAPHS_PER_SECOND = 9_500;
const NB101_TRAIN_GRAPHS = 381_261;
const BATCH = 32;

interface BackendResult {
  backend: BackendChoice;
  available: boolean;
  reason?: string;
  train?: number;
  frozen?: number;
  steps?: number;
}

/** Steps for at least `seconds` (after warm-up), so slow backends stay quick and fast ones precise. */
function measure(phase: StepPhase, seconds: number): { graphsPerSecond: number; steps: number } {
  const config = trainConfig('nasbench101');
  const data = loadDataset(nb101Source(), 64 * BATCH);
  const state = initialState(config, data.count);
  const stepper = new VaeStepper(config.model);
  const rng = SeededRng.fromSeed(1);
  const batches = Array.from({ length: 64 }, (_, b) => batchArrays(data, Array.from({ length: BATCH }, (_, i) => b * BATCH + i)));
  try {
    for (let i = 0; i < 3; i++) stepper.step(state.weights, state.adam, batches[i], phase, rng, config);
    let steps = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000 || steps < 3) {
      stepper.step(state.weights, state.adam, batches[steps % batches.length], phase, rng, config);
      steps += 1;
    }
    return { graphsPerSecond: (steps * BATCH) / ((performance.now() - started) / 1000), steps };
  } finally {
    stepper.dispose();
  }
}

async function runOne(backend: BackendChoice): Promise<BackendResult> {
  try {
    await initBackend({ force: backend, log: () => undefined });
  } catch (error) {
    return { backend, available: false, reason: (error as Error).message.split('; ').at(-1) };
  }
  const seconds = Number(process.env.A2V_BENCH_SECONDS ?? 10);
  const train = measure('train', seconds);
  const frozen = measure('frozen', seconds);
  return { backend, available: true, train: train.graphsPerSecond, frozen: frozen.graphsPerSecond, steps: train.steps };
}

export async function runModelBench(backends: readonly BackendChoice[] = BACKEND_PREFERENCE): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const backend of backends) {
    // One process per backend: tfjs initialises a backend once per process.
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', backend], { encoding: 'utf8', env: process.env });
    const line = child.stdout.trim().split('\n').at(-1) ?? '';
    let result: BackendResult;
    try {
      result = JSON.parse(line) as BackendResult;
    } catch {
      result = { backend, available: false, reason: `bench process failed (exit ${child.status}): ${child.stderr.trim().split('\n').at(-1)}` };
    }
    if (!result.available) {
      process.stderr.write(`${backend}: not available (${result.reason})\n`);
      continue;
    }
    const train = result.train!;
    figures.push({ name: `${backend}: VAE training step, NB101 batch 32`, value: train, unit: 'graphs/s' });
    figures.push({ name: `${backend}: frozen ('reference' epochs 2+) step`, value: result.frozen!, unit: 'graphs/s' });
    figures.push({ name: `${backend}: one NB101 epoch (${NB101_TRAIN_GRAPHS.toLocaleString('en-US')} graphs), extrapolated from ${result.steps} steps`, value: NB101_TRAIN_GRAPHS / train / 60, unit: 'min' });
    figures.push({ name: `${backend}: VAE step vs PyTorch's ${PYTORCH_GRAPHS_PER_SECOND.toLocaleString('en-US')} graphs/s`, value: train / PYTORCH_GRAPHS_PER_SECOND, unit: '×' });
  }
  return figures;
}

function format(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value >= 1 ? value.toFixed(2) : value.toPrecision(2);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { child: { type: 'string' }, backend: { type: 'string', multiple: true } } });
  if (values.child) {
    console.log(JSON.stringify(await runOne(values.child as BackendChoice)));
  } else {
    const backends = (values.backend as BackendChoice[] | undefined) ?? BACKEND_PREFERENCE;
    for (const figure of await runModelBench(backends)) console.log(`${figure.name}: ${format(figure.value)} ${figure.unit}`);
  }
}
