/**
 * End-to-end pre-training throughput of @a2v/model on NAS-Bench-101 graphs (N=7, K=5, batch 32), as
 * `a2v pretrain` runs it: the seeded trainer (batch assembly, noise, Adam, clipping, BN updates, one
 * checkpoint per epoch) in 'reference' mode, timed per phase (epoch 1 a VAE, later epochs frozen), and
 * the sharded driver with 2 worker threads on the same graphs. From those: one NB101 epoch
 * (381,261 training graphs), the full 8-epoch pre-training, and the ratio to the official PyTorch
 * step's ~9,500 graphs/s (1 CPU thread). Wall and CPU rates are both printed: this machine is shared.
 * The per-step kernel figures per backend are tools/bench/model.bench.ts; this one is the whole loop.
 * On the native CPU backend the trainer and the shards run the fused step kernel when it is built, else
 * the exported graph step when it is ready (the first line says which step runs; A2V_STEP_KERNEL=0 and
 * A2V_GRAPH_STEP=0 turn them off). Small --graphs include the graph step's one-off load and first-call
 * optimisation (seconds) in the first epoch of each run.
 * Run: `npx tsx tools/bench/pretrain.bench.ts [--backend wasm] [--graphs 12800]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Trainer, graphStepUnavailable, initBackend, loadDataset, nb101Source, runShardedTraining, stepKernelUnavailable, trainConfig, type BackendChoice, type EpochEvent } from '@a2v/model';

const PYTORCH_GRAPHS_PER_SECOND = 9_500;
const NB101_TRAIN_GRAPHS = 381_261;
const NB101_EPOCHS = 8;

interface Rate {
  wall: number;
  cpu: number;
}

const { values } = parseArgs({ options: { backend: { type: 'string' }, graphs: { type: 'string', default: '12800' } } });
const backend = await initBackend({ force: values.backend as BackendChoice | undefined, log: () => undefined });
const graphs = Number(values.graphs);
const config = trainConfig('nasbench101', { subset: graphs, epochs: 2, mode: 'reference' });
const data = loadDataset(nb101Source(), graphs);
const trainGraphs = Math.floor(0.9 * graphs);
const dir = mkdtempSync(join(tmpdir(), 'a2v-pretrain-bench-'));

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** Per phase of the single-process trainer: graphs per wall second and per CPU second. */
function singleProcess(): { train: Rate; frozen: Rate } {
  const rates: Rate[] = [];
  let cpu = process.cpuUsage();
  Trainer.create(config, data).run({
    checkpointPath: join(dir, 'single.ckpt'),
    onEpoch: (event: EpochEvent) => {
      rates.push({ wall: trainGraphs / event.seconds, cpu: trainGraphs / cpuSeconds(cpu) });
      cpu = process.cpuUsage();
    },
  });
  return { train: rates[0], frozen: rates[1] };
}

/**
 * The S=2 sharded run (worker threads; CPU includes the workers, they are threads of this process):
 * both epochs end to end, and per phase the median rate over spans of 64 rounds, leaving out each
 * phase's first span (worker start, graph load and the first call of each signature).
 */
async function sharded(): Promise<{ whole: Rate; train: number; frozen: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const spans: { train: number[]; frozen: number[] } = { train: [], frozen: [] };
  let last = { at: started, round: -1 };
  await runShardedTraining({
    config,
    data,
    shards: 2,
    checkpointPath: join(dir, 'sharded.ckpt'),
    onRound: (round, rounds) => {
      if (round % 64 !== 63) return;
      const at = performance.now();
      const phase = round < rounds / 2 ? 'train' : 'frozen';
      if (last.round >= 0 && (phase === 'train' || last.round >= rounds / 2)) spans[phase].push((32 * (round - last.round)) / ((at - last.at) / 1000));
      last = { at, round };
    },
  });
  const median = (v: number[]): number => v.sort((a, b) => a - b)[v.length >> 1] ?? Number.NaN;
  return { whole: { wall: (2 * trainGraphs) / ((performance.now() - started) / 1000), cpu: (2 * trainGraphs) / cpuSeconds(cpu) }, train: median(spans.train.slice(1)), frozen: median(spans.frozen.slice(1)) };
}

const n = (v: number): string => Math.round(v).toLocaleString('en-US');
const show = (r: Rate): string => `${n(r.wall)} graphs/s (${n(r.cpu)} per CPU s), ${(r.wall / PYTORCH_GRAPHS_PER_SECOND).toFixed(3)}× PyTorch's ${n(PYTORCH_GRAPHS_PER_SECOND)}`;
try {
  const [noKernel, noGraph] = [stepKernelUnavailable(), graphStepUnavailable(config.model)];
  const step = !noKernel ? 'step kernel' : !noGraph ? `graph step (no kernel: ${noKernel})` : `eager step (no kernel: ${noKernel}; no graph: ${noGraph})`;
  console.log(`backend ${backend.choice}, ${step}; ${n(trainGraphs)} NB101 training graphs per epoch; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const single = singleProcess();
  console.log(`one process, epoch 1 (VAE):           ${show(single.train)}`);
  console.log(`one process, epochs 2+ (frozen):      ${show(single.frozen)}`);
  const epochMinutes = (rate: number): string => (NB101_TRAIN_GRAPHS / rate / 60).toFixed(1);
  console.log(`one NB101 epoch:                      ${epochMinutes(single.train.wall)} min (VAE), ${epochMinutes(single.frozen.wall)} min (frozen)`);
  const fullMinutes = (NB101_TRAIN_GRAPHS / single.train.wall + (NB101_EPOCHS - 1) * (NB101_TRAIN_GRAPHS / single.frozen.wall)) / 60;
  console.log(`full ${NB101_EPOCHS}-epoch NB101 pre-training:     ${fullMinutes.toFixed(0)} min in one process (PyTorch ≈ ${((NB101_EPOCHS * NB101_TRAIN_GRAPHS) / PYTORCH_GRAPHS_PER_SECOND / 60).toFixed(0)} min)`);
  const two = await sharded();
  console.log(`2 shards (worker threads), 2 epochs:  ${show(two.whole)}, start-up included`);
  console.log(`2 shards, epoch 1 (VAE), steady:      ${n(two.train)} graphs/s, ${n(two.train / 2)} per shard (goal ${n(PYTORCH_GRAPHS_PER_SECOND / 2)}), ${(two.train / PYTORCH_GRAPHS_PER_SECOND).toFixed(3)}× PyTorch`);
  console.log(`2 shards, epochs 2+ (frozen), steady: ${n(two.frozen)} graphs/s, ${n(two.frozen / 2)} per shard, ${(two.frozen / PYTORCH_GRAPHS_PER_SECOND).toFixed(3)}× PyTorch`);
  const shardedMinutes = (NB101_TRAIN_GRAPHS / two.train + (NB101_EPOCHS - 1) * (NB101_TRAIN_GRAPHS / two.frozen)) / 60;
  console.log(`full ${NB101_EPOCHS}-epoch NB101 pre-training:     ${shardedMinutes.toFixed(1)} min with 2 shards at these rates`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
