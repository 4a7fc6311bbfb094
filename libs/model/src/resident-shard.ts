/**
 * A shard of sharded 'gradient' training that keeps the whole training state (weights, BN running
 * statistics, Adam moments) between rounds: each round it computes its batch's gradient at those
 * weights, and after the exchange (shard-exchange.ts) applies the shards' averaged gradient itself.
 * Every shard applies the same update with the same code to the same state, so their copies stay
 * bit-for-bit equal and the coordinator never moves weights per round.
 *
 * Three kinds: the eager one (any backend: the tfjs gradient, then Adam in TypeScript), the kernel
 * one (both halves are calls of the fused native step, step-kernel.ts) and the graph one (native
 * TensorFlow: both halves are session calls on the exported graph, graph-step.ts).
 */
import { adamUpdate, globalNorm, type AdamState } from './adam.js';
import type { BatchArrays } from './graph-data.js';
import { GraphStepper, createStepper, type PendingUpdate } from './graph-step.js';
import type { ModelConfig, TrainConfig } from './model-config.js';
import type { SeededRng } from './rng.js';
import type { GradientTarget, ShardGradient } from './shard-exchange.js';
import { sizeShares, weightedMean, type GlobalState } from './sharded.js';
import { KernelStepper } from './step-kernel.js';
import { VaeStepper, adamOptions, type ModelWeights, type StepPhase } from './train-step.js';

export interface ResidentShard {
  readonly kind: 'eager' | 'kernel' | 'graph';
  load(global: GlobalState): void;
  /** `target`: where the exchange will publish it; a shard that can write there directly does (and the publish copies nothing). */
  gradient(batch: BatchArrays, phase: StepPhase, rng: SeededRng, target?: GradientTarget): ShardGradient;
  /**
   * One clipped Adam step along the mean of the shards' gradients (`gradients`: [S × size] in shard
   * order, weighted by `sizes`); `running` becomes the BN running statistics.
   */
  apply(gradients: Float32Array, sizes: readonly number[], running: Float32Array, train: TrainConfig): void;
  /** Copies of the state held now. */
  state(): GlobalState;
  dispose(): void;
}

const copyState = (weights: ModelWeights, adam: AdamState): GlobalState => ({
  weights: { params: weights.params.slice(), running: weights.running.slice() },
  adam: { m: adam.m.slice(), v: adam.v.slice(), step: adam.step },
});

function blocks(gradients: Float32Array, count: number): Float32Array[] {
  const size = gradients.length / count;
  return Array.from({ length: count }, (_, s) => gradients.subarray(s * size, (s + 1) * size));
}

/** A shard whose state is its own JavaScript arrays (eager and kernel): loads and hands out copies. */
abstract class ArrayResidentShard {
  private current?: GlobalState;

  protected get held(): GlobalState {
    if (!this.current) throw new Error('resident shard used before load');
    return this.current;
  }

  load(global: GlobalState): void {
    this.current = copyState(global.weights, global.adam);
  }

  state(): GlobalState {
    return copyState(this.held.weights, this.held.adam);
  }
}

export class EagerResidentShard extends ArrayResidentShard implements ResidentShard {
  readonly kind = 'eager';

  constructor(private readonly stepper: VaeStepper) {
    super();
  }

  gradient(batch: BatchArrays, phase: StepPhase, rng: SeededRng): ShardGradient {
    // The stepper writes the batch's running statistics into the weights it is given: a copy here.
    const weights = { params: this.held.weights.params, running: this.held.weights.running.slice() };
    const { loss, gradNorm, grads } = this.stepper.gradient(weights, batch, phase, rng);
    return { loss, gradNorm, grads, running: weights.running };
  }

  apply(gradients: Float32Array, sizes: readonly number[], running: Float32Array, train: TrainConfig): void {
    const mean = weightedMean(blocks(gradients, sizes.length), sizes);
    adamUpdate(this.held.weights.params, mean, globalNorm(mean), this.held.adam, adamOptions(train));
    this.held.weights.running.set(running);
  }

  dispose(): void {
    this.stepper.dispose();
  }
}

/**
 * The kernel shard: like the eager one, the state is its own arrays, but the fused native step writes
 * the gradient and statistics straight into the exchange's slot (or a buffer it reuses), and the
 * averaged update is the kernel's Adam over the exchange's block.
 */
export class KernelResidentShard extends ArrayResidentShard implements ResidentShard {
  readonly kind = 'kernel';

  constructor(private readonly stepper: KernelStepper) {
    super();
  }

  gradient(batch: BatchArrays, phase: StepPhase, rng: SeededRng, target?: GradientTarget): ShardGradient {
    const { loss, gradNorm, grads, running } = this.stepper.residentGradient(this.held.weights, batch, phase, rng, target);
    return { loss, gradNorm, grads, running: running ?? this.held.weights.running };
  }

  apply(gradients: Float32Array, sizes: readonly number[], running: Float32Array, train: TrainConfig): void {
    this.stepper.applyMean(this.held.weights.params, this.held.adam, gradients, Float64Array.from(sizeShares(sizes)), train);
    this.held.weights.running.set(running);
  }

  dispose(): void {
    this.stepper.dispose();
  }
}

/**
 * The graph shard defers each update to its next gradient call, which applies it first inside the
 * same session run (one call per round); `state` applies one still pending.
 */
export class GraphResidentShard implements ResidentShard {
  readonly kind = 'graph';
  /** The running statistics and Adam step the session holds once `pending` is applied (the frozen phase publishes them unchanged). */
  private running = new Float32Array(0);
  private step = 0;
  private pending?: PendingUpdate;

  constructor(private readonly stepper: GraphStepper) {}

  load(global: GlobalState): void {
    this.stepper.setState(global.weights, global.adam);
    this.running = global.weights.running.slice();
    this.step = global.adam.step;
    this.pending = undefined;
  }

  gradient(batch: BatchArrays, phase: StepPhase, rng: SeededRng): ShardGradient {
    const { loss, gradNorm, grads, running } = this.stepper.residentGradient(batch, phase, rng, this.pending);
    this.pending = undefined;
    return { loss, gradNorm, grads, running: running ?? this.running };
  }

  /** `gradients` must stay as they are until the next `gradient` or `state` call (the exchange keeps a round's block until two rounds later). */
  apply(gradients: Float32Array, sizes: readonly number[], running: Float32Array, train: TrainConfig): void {
    this.step += 1;
    this.running = running.slice();
    this.pending = { gradients, shares: sizeShares(sizes), running: this.running, t: this.step, train };
  }

  state(): GlobalState {
    if (this.pending) this.stepper.applyUpdate(this.pending);
    this.pending = undefined;
    const { params, running, m, v } = this.stepper.readState();
    return { weights: { params, running }, adam: { m, v, step: this.step } };
  }

  dispose(): void {
    this.stepper.dispose();
  }
}

/** The shard of the stepper createStepper picks for `model` in this process: kernel, graph or eager. */
export function createResidentShard(model: ModelConfig): ResidentShard {
  const stepper = createStepper(model);
  if (stepper instanceof KernelStepper) return new KernelResidentShard(stepper);
  return stepper instanceof GraphStepper ? new GraphResidentShard(stepper) : new EagerResidentShard(stepper as VaeStepper);
}
