/**
 * The fused CPU training step (libs/model/native/step-kernel.cc), which `a2v backend setup` compiles
 * for this machine beside the native TensorFlow backend. One native call does a batch's forward,
 * loss and backward, another the clipped Adam update: on the 2-core machine 1.6-2.3× the exported graph
 * step (model.bench.ts), whose MatMuls the TensorFlow wheel compiles without FMA and whose ~400 ops each
 * pay dispatch.
 *
 * Same model and numbers as the eager VaeStepper (step-kernel.test.ts holds them to the same losses,
 * gradients and weights): the noise and dropout mask are a2v's seeded draws in the same order, and
 * the state stays in the caller's arrays, so checkpoints and resumes work as with the eager step.
 * Used on the native CPU backend when built (A2V_STEP_KERNEL=0 turns it off); on a GPU worker the
 * graph step runs on the device instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { adamOptions, type ModelWeights, type StepPhase, type StepResult, type TrainStepper } from './train-step.js';
import type { AdamState } from './adam.js';
import { tf } from './backend.js';
import { loadedNativeFlavor, nativePrefix } from './backend-native.js';
import { ModelError } from './errors.js';
import type { BatchArrays } from './graph-data.js';
import type { ModelConfig, TrainConfig } from './model-config.js';
import { paramLayout } from './parameters.js';
import type { SeededRng } from './rng.js';
import type { GradientTarget } from './shard-exchange.js';

/** The calls this file makes; step-kernel.cc's kFormat, which the build records, must equal it. */
export const STEP_KERNEL_FORMAT = 1;

/** What `a2v backend setup` writes beside the binary (step-kernel.json) once it has loaded it. */
export interface StepKernelStamp {
  readonly format: number;
  /** sha256 of step-kernel.cc as built. */
  readonly source: string;
  /** The x86 features it was compiled for (/proc/cpuinfo names). */
  readonly cpuFlags: readonly string[];
  readonly binary: string;
}

/** The addon's calls (step-kernel.cc: every array is the caller's; nothing is copied). */
interface KernelBinding {
  readonly format: number;
  create(dims: Float64Array, offsets: Int32Array): unknown;
  gradient(
    handle: unknown, batch: number, train: boolean, params: Float32Array, running: Float32Array, x: Float32Array, aggregation: Float32Array,
    adjacency: Float32Array, noise: Float32Array | null, mask: Float32Array | null, grads: Float32Array, runningOut: Float32Array | null,
    lossAndNorm: Float64Array,
  ): void;
  adam(handle: unknown, params: Float32Array, m: Float32Array, v: Float32Array, grads: Float32Array, shares: Float64Array, hyper: Float64Array): number;
}

const require = createRequire(import.meta.url);

/** .tools/tfjs-native/cpu/step-kernel: where setup builds it. */
export function stepKernelDir(): string {
  return join(nativePrefix('cpu'), 'step-kernel');
}

function readStamp(dir: string): StepKernelStamp | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'step-kernel.json'), 'utf8')) as StepKernelStamp;
  } catch {
    return undefined;
  }
}

/** The CPU features this machine lacks of `wanted` (the binary would die of SIGILL without them). */
export function missingCpuFlags(wanted: readonly string[], cpuinfo = readCpuinfo()): string[] {
  const flags = new Set((/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1] ?? '').trim().split(/\s+/));
  return wanted.filter((f) => !flags.has(f));
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

/**
 * Why the kernel cannot step here, or undefined when it can: needs the native CPU backend active (the
 * wasm and cpu backends keep the pure tfjs step, and a GPU worker the graph step on its device), the
 * build for this kernel format, and the CPU features it was compiled for.
 */
export function stepKernelUnavailable(): string | undefined {
  if (process.env.A2V_STEP_KERNEL === '0') return 'turned off by A2V_STEP_KERNEL=0';
  if (tf.getBackend() !== 'tensorflow' || loadedNativeFlavor() !== 'cpu') return 'the native CPU backend is not the active one';
  const dir = stepKernelDir();
  const stamp = readStamp(dir);
  if (!stamp || !existsSync(join(dir, stamp.binary))) return `not built in ${dir} (run: npx a2v backend setup)`;
  if (stamp.format !== STEP_KERNEL_FORMAT) return `built as format ${stamp.format}, expected ${STEP_KERNEL_FORMAT} (re-run a2v backend setup)`;
  const missing = missingCpuFlags(stamp.cpuFlags);
  if (missing.length > 0) return `built for CPU features this machine lacks: ${missing.join(', ')} (re-run a2v backend setup here)`;
  return undefined;
}

let binding: KernelBinding | undefined;

function loadBinding(): KernelBinding {
  const reason = stepKernelUnavailable();
  if (reason) throw new ModelError(`the step kernel cannot be used: ${reason}`);
  const dir = stepKernelDir();
  binding ??= require(join(dir, readStamp(dir)!.binary)) as KernelBinding;
  if (binding.format !== STEP_KERNEL_FORMAT) throw new ModelError(`the step kernel in ${dir} is format ${binding.format}, expected ${STEP_KERNEL_FORMAT} (re-run a2v backend setup)`);
  return binding;
}

/** Adam's per-step constants as the kernel takes them: [stepSize, √(1−β₂ᵗ), β₁, β₂, ε, clip] for step `t` (adam.ts's arithmetic). */
function adamHyper(train: TrainConfig, t: number): Float64Array {
  const { learningRate, beta1, beta2, epsilon, clipNorm } = adamOptions(train);
  return Float64Array.from([learningRate / (1 - beta1 ** t), Math.sqrt(1 - beta2 ** t), beta1, beta2, epsilon, clipNorm]);
}

const ONE_SHARE = Float64Array.from([1]);

export class KernelStepper implements TrainStepper {
  readonly kind = 'kernel';
  private readonly binding: KernelBinding;
  private readonly handle: unknown;
  /** Reused between calls: `gradient` returns fresh copies, `residentGradient` these buffers. */
  private readonly grads: Float32Array;
  private readonly runningOut: Float32Array;
  private readonly lossAndNorm = new Float64Array(2);
  private readonly draws = new Map<number, { noise: Float32Array; mask: Float32Array }>();

  constructor(readonly model: ModelConfig) {
    this.binding = loadBinding();
    const layout = paramLayout(model);
    const { N, K, hidden, latent, ginLayers, bnMomentum, bnEpsilon } = model;
    this.handle = this.binding.create(
      Float64Array.from([N, K, hidden, latent, ginLayers, bnMomentum, bnEpsilon, layout.size]),
      Int32Array.from(layout.specs.map((s) => s.offset)),
    );
    this.grads = new Float32Array(layout.size);
    this.runningOut = new Float32Array(layout.runningSize);
  }

  /** Nothing to do: the state is the caller's arrays. */
  sync(): void {
    return undefined;
  }

  dispose(): void {
    this.draws.clear();
  }

  /** The eager step's draws in its order (noise, then mask), into buffers reused per batch size. */
  private drawsFor(batch: BatchArrays, rng: SeededRng): { noise: Float32Array; mask: Float32Array } {
    const rows = batch.size * this.model.N;
    let draws = this.draws.get(rows);
    if (!draws) this.draws.set(rows, (draws = { noise: new Float32Array(rows * this.model.latent), mask: new Float32Array(rows * this.model.latent) }));
    rng.fillNormal(draws.noise);
    if (this.model.dropout > 0) rng.fillDropoutMask(draws.mask, this.model.dropout);
    else draws.mask.fill(1);
    return draws;
  }

  /**
   * Loss, unclipped gradient and, in the 'train' phase, the BN running statistics after this batch, all
   * at `weights`, which are not changed. Written into `target` when given (a shard exchange's slot),
   * else into buffers the next call reuses.
   */
  residentGradient(
    weights: ModelWeights, batch: BatchArrays, phase: StepPhase, rng: SeededRng, target?: GradientTarget,
  ): StepResult & { grads: Float32Array; running?: Float32Array } {
    const train = phase === 'train';
    const draws = train ? this.drawsFor(batch, rng) : undefined;
    const { grads, running } = target ?? { grads: this.grads, running: this.runningOut };
    this.binding.gradient(
      this.handle, batch.size, train, weights.params, weights.running, batch.x, batch.aggregation, batch.adjacency,
      draws?.noise ?? null, draws?.mask ?? null, grads, train ? running : null, this.lossAndNorm,
    );
    const [loss, gradNorm] = this.lossAndNorm;
    return { loss, gradNorm, grads, ...(train ? { running } : {}) };
  }

  /** VaeStepper.gradient: updates weights.running in the 'train' phase when loss and norm are finite. */
  gradient(weights: ModelWeights, batch: BatchArrays, phase: StepPhase, rng: SeededRng): StepResult & { grads: Float32Array } {
    const { loss, gradNorm, grads, running } = this.residentGradient(weights, batch, phase, rng);
    if (running && Number.isFinite(loss) && Number.isFinite(gradNorm)) weights.running.set(running);
    return { loss, gradNorm, grads: grads.slice() };
  }

  /** VaeStepper.step: the loss before the update; nothing changes when the loss or gradient norm is not finite. */
  step(weights: ModelWeights, adam: AdamState, batch: BatchArrays, phase: StepPhase, rng: SeededRng, train: TrainConfig): StepResult {
    const { loss, gradNorm, grads, running } = this.residentGradient(weights, batch, phase, rng);
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) return { loss, gradNorm };
    if (running) weights.running.set(running);
    this.applyMean(weights.params, adam, grads, ONE_SHARE, train);
    return { loss, gradNorm };
  }

  /** Clipped Adam step adam.step+1 of `params` along Σ shares[s]·gradients[s] (`gradients`: [S × size] in shard order); returns that mean's norm. */
  applyMean(params: Float32Array, adam: AdamState, gradients: Float32Array, shares: Float64Array, train: TrainConfig): number {
    const norm = this.binding.adam(this.handle, params, adam.m, adam.v, gradients, shares, adamHyper(train, adam.step + 1));
    adam.step += 1;
    return norm;
  }
}
