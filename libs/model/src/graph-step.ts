/**
 * The whole training step as one TensorFlow graph call (issue 8). On the native backend an eager
 * step is ~400 tfjs ops, each paying tens of µs of engine, tape and N-API overhead; the SavedModel
 * that `a2v backend setup` exports (tools/scripts/backend-graph-step.py) does forward, loss, backward,
 * clipping, Adam and the BatchNorm statistics in one session run, with the weights, running statistics
 * and Adam moments kept in TensorFlow variables between calls.
 *
 * Same model, same numbers as the eager VaeStepper (train-step.ts): the noise and dropout mask are
 * drawn by a2v's seeded generator in the same order and passed in, and the flat parameter layout is
 * parameters.ts's (the export records it; a mismatch means the eager step is used, with the reason).
 * graph-step.test.ts holds both to the same losses, weights and decoded graphs.
 *
 * The JS arrays (ModelWeights, AdamState) are the source of truth only between runs: `step` uploads
 * them when it sees other arrays than last time, and `sync` copies the session's state back into
 * them (the trainer calls it before every checkpoint and at the end). The session is driven through
 * tfjs-node's own synchronous SavedModel calls, with the tensor names the export wrote beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdamState } from './adam.js';
import { tf } from './backend.js';
import { loadedNativeFlavor, nativePrefix, nativeTensorflowVersion } from './backend-native.js';
import { ModelError } from './errors.js';
import type { BatchArrays } from './graph-data.js';
import type { ModelConfig, SpaceName, TrainConfig } from './model-config.js';
import { paramLayout } from './parameters.js';
import type { SeededRng } from './rng.js';
import { KernelStepper, stepKernelUnavailable } from './step-kernel.js';
import { VaeStepper, type ModelWeights, type StepPhase, type StepResult, type TrainStepper } from './train-step.js';

/** What tools/scripts/backend-graph-step.py writes beside each SavedModel (graph-step.json). */
export interface GraphStepMeta extends Pick<ModelConfig, 'space' | 'N' | 'K' | 'hidden' | 'latent' | 'ginLayers' | 'bnMomentum' | 'bnEpsilon'> {
  readonly format: number;
  readonly tensorflow: string;
  readonly size: number;
  readonly runningSize: number;
  readonly bnNames: readonly string[];
  readonly params: readonly { name: string; shape: readonly number[]; offset: number }[];
  readonly batchSizes: readonly number[];
  readonly signatures: Readonly<Record<string, { inputs: Record<string, string>; outputs: Record<string, string> }>>;
}

export const GRAPH_STEP_FORMAT = 2;

/**
 * An update a resident shard applies before its next gradient: clipped Adam step `t` along the mean
 * of the shards' gradients (`gradients`, [shares.length × size], weighted by `shares`), and new BN
 * running statistics.
 */
export interface PendingUpdate {
  readonly gradients: Float32Array;
  readonly shares: readonly number[];
  readonly running: Float32Array;
  readonly t: number;
  readonly train: TrainConfig;
}

/** The SavedModel of one space: .tools/tfjs-native/<flavor>/graph-step/<space>. */
export function graphStepDir(space: SpaceName, flavor = loadedNativeFlavor() ?? 'cpu'): string {
  return join(nativePrefix(flavor), 'graph-step', space);
}

/** tfjs-node's backend methods used here (public on NodeJSKernelBackend, used by its loadSavedModel). */
interface SavedModelBackend {
  loadSavedModelMetaGraph(path: string, tags: string): number;
  runSavedModel(id: number, inputs: tf.Tensor[], infos: { name: string; tfDtype: string }[], outputs: string[]): tf.Tensor[];
  deleteSavedModel(id: number): void;
}

function readMeta(dir: string): GraphStepMeta {
  try {
    return JSON.parse(readFileSync(join(dir, 'graph-step.json'), 'utf8')) as GraphStepMeta;
  } catch (error) {
    throw new ModelError(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `no exported graph step in ${dir} (run: npx a2v backend setup${loadedNativeFlavor() === 'gpu' ? ' --gpu' : ''})`
        : `${dir}/graph-step.json is unreadable: ${(error as Error).message}`,
    );
  }
}

/** Why `meta` cannot train `model` (another shape, hyper-parameter or parameter layout), or undefined. */
export function metaMismatch(meta: GraphStepMeta, model: ModelConfig): string | undefined {
  if (meta.format !== GRAPH_STEP_FORMAT) return `export format ${meta.format}, expected ${GRAPH_STEP_FORMAT} (re-run a2v backend setup)`;
  for (const key of ['space', 'N', 'K', 'hidden', 'latent', 'ginLayers', 'bnMomentum', 'bnEpsilon'] as const) {
    if (meta[key] !== model[key]) return `exported for ${key}=${meta[key]}, the model has ${model[key]}`;
  }
  const layout = paramLayout(model);
  if (meta.size !== layout.size || meta.runningSize !== layout.runningSize) return `exported with ${meta.size} parameters, the model has ${layout.size}`;
  if (meta.bnNames.join() !== layout.bnNames.join()) return 'exported with other BatchNorm names or order';
  for (const [i, spec] of layout.specs.entries()) {
    const p = meta.params[i];
    if (!p || p.name !== spec.name || p.offset !== spec.offset || p.shape.join() !== spec.shape.join()) return `parameter layout differs at ${spec.name}`;
  }
  return undefined;
}

/**
 * Why the graph step cannot train `model` in this process, or undefined when it can: needs the native
 * backend active, the export for this space and TensorFlow version, and a matching model. A2V_GRAPH_STEP=0
 * turns it off (the eager step is then used everywhere).
 */
export function graphStepUnavailable(model: ModelConfig): string | undefined {
  if (process.env.A2V_GRAPH_STEP === '0') return 'turned off by A2V_GRAPH_STEP=0';
  if (tf.getBackend() !== 'tensorflow') return `the backend is ${tf.getBackend()}, not native TensorFlow`;
  const dir = graphStepDir(model.space);
  let meta: GraphStepMeta;
  try {
    meta = readMeta(dir);
  } catch (error) {
    return (error as Error).message;
  }
  const version = nativeTensorflowVersion();
  if (version && meta.tensorflow !== version) return `exported with TensorFlow ${meta.tensorflow}, the backend runs ${version} (re-run a2v backend setup)`;
  return metaMismatch(meta, model);
}

/** For `a2v backend status`: whether the step kernel and the graph step (per space) are ready, or why not. */
export function describeGraphStep(models: readonly ModelConfig[]): string {
  const kernel = stepKernelUnavailable();
  const graph = models.map((m) => `${m.space} ${graphStepUnavailable(m) ?? 'ready'}`).join('; ');
  return `${graph}; step kernel: ${kernel ?? 'ready (used before the graph step on CPU)'}`;
}

/** Which step createStepper picks for `model` in this process (for reports: the run says what it trained with). */
export function trainingStepKind(model: ModelConfig): TrainStepper['kind'] {
  if (!stepKernelUnavailable()) return 'kernel';
  return graphStepUnavailable(model) ? 'eager' : 'graph';
}

/**
 * The fused step kernel when built for this machine and the native CPU backend is active (step-kernel.ts),
 * else the graph step when this process can use it for `model`, else the eager one; `onEager` hears why
 * not the graph step (a missing export is normal on wasm: the reason names the backend).
 */
export function createStepper(model: ModelConfig, onEager?: (reason: string) => void): TrainStepper {
  if (!stepKernelUnavailable()) return new KernelStepper(model);
  const reason = graphStepUnavailable(model);
  if (!reason) {
    try {
      return GraphStepper.open(model);
    } catch (error) {
      onEager?.((error as Error).message);
      return new VaeStepper(model);
    }
  }
  onEager?.(reason);
  return new VaeStepper(model);
}

export class GraphStepper implements TrainStepper {
  readonly kind = 'graph';
  private readonly backend: SavedModelBackend;
  private readonly session: number;
  private readonly ones = new Map<number, tf.Tensor>();
  /** The arrays the session's variables hold (possibly ahead of them: `dirty`). */
  private bound?: { weights: ModelWeights; adam: AdamState };
  private dirty = false;

  private constructor(
    readonly model: ModelConfig,
    private readonly meta: GraphStepMeta,
    dir: string,
  ) {
    this.backend = tf.backend() as unknown as SavedModelBackend;
    this.session = this.backend.loadSavedModelMetaGraph(dir, 'serve');
  }

  /** Loads the export for `model`; throws ModelError with the reason when graphStepUnavailable has one. */
  static open(model: ModelConfig): GraphStepper {
    const reason = graphStepUnavailable(model);
    if (reason) throw new ModelError(`the graph step cannot be used: ${reason}`);
    const dir = graphStepDir(model.space);
    return new GraphStepper(model, readMeta(dir), dir);
  }

  dispose(): void {
    tf.dispose([...this.ones.values()]);
    this.ones.clear();
    this.backend.deleteSavedModel(this.session);
  }

  /** The static-shape signature for this batch size when exported, else the dynamic one. */
  private signature(kind: string, batch: number): string {
    const fixed = `${kind}_b${batch}`;
    return this.meta.signatures[fixed] ? fixed : kind;
  }

  private run(name: string, inputs: Record<string, tf.Tensor>): Record<string, tf.Tensor> {
    const sig = this.meta.signatures[name];
    if (!sig) throw new ModelError(`the exported graph step has no signature ${name}`);
    const keys = Object.keys(sig.inputs);
    const outKeys = Object.keys(sig.outputs);
    const outputs = this.backend.runSavedModel(
      this.session,
      keys.map((k) => inputs[k]),
      keys.map((k) => ({ name: sig.inputs[k], tfDtype: 'DT_FLOAT' })),
      outKeys.map((k) => sig.outputs[k]),
    );
    return Object.fromEntries(outKeys.map((k, i) => [k, outputs[i]]));
  }

  private batchInputs(batch: BatchArrays, phase: StepPhase, rng: SeededRng): Record<string, tf.Tensor> {
    const { N, K, latent, dropout } = this.model;
    const rows = batch.size * N;
    const inputs: Record<string, tf.Tensor> = { x: tf.tensor2d(batch.x, [rows, K]), adjacency: tf.tensor3d(batch.adjacency, [batch.size, N, N]) };
    if (phase === 'train') {
      // The eager step's draws in its order (noise, then mask), so both consume the stream alike.
      const noise = new Float32Array(rows * latent);
      rng.fillNormal(noise);
      inputs.noise = tf.tensor2d(noise, [rows, latent]);
      if (dropout > 0) {
        const mask = new Float32Array(rows * latent);
        rng.fillDropoutMask(mask, dropout);
        inputs.mask = tf.tensor2d(mask, [rows, latent]);
      } else {
        let ones = this.ones.get(rows);
        if (!ones) this.ones.set(rows, (ones = tf.keep(tf.ones([rows, latent]))));
        inputs.mask = ones;
      }
    }
    return inputs;
  }

  private release(tensors: Record<string, tf.Tensor>): void {
    tf.dispose(Object.values(tensors).filter((t) => ![...this.ones.values()].includes(t)));
  }

  /** Uploads `weights` and `adam` into the session's variables (after saving what it holds for the previous arrays). */
  private bind(weights: ModelWeights, adam: AdamState): void {
    if (this.bound?.weights === weights && this.bound.adam === adam) return;
    if (this.bound) this.sync(this.bound.weights, this.bound.adam);
    this.setState(weights, adam);
    this.bound = { weights, adam };
  }

  /** Sets the session's weights, running statistics and moments (copies; the arrays bound so far, if any, are forgotten). */
  setState(weights: ModelWeights, adam: AdamState): void {
    const inputs = { params: tf.tensor1d(weights.params), running: tf.tensor1d(weights.running), m: tf.tensor1d(adam.m), v: tf.tensor1d(adam.v) };
    try {
      this.release(this.run('set_state', inputs));
    } finally {
      this.release(inputs);
    }
    this.bound = undefined;
    this.dirty = false;
  }

  /**
   * One clipped-Adam step inside TensorFlow (VaeStepper.step's semantics: the loss before the update;
   * nothing changes when the loss or gradient norm is not finite). `weights` and `adam` stay stale
   * until `sync`, except adam.step, which counts the applied updates as the eager step does.
   */
  step(weights: ModelWeights, adam: AdamState, batch: BatchArrays, phase: StepPhase, rng: SeededRng, train: TrainConfig): StepResult {
    this.bind(weights, adam);
    const inputs = this.batchInputs(batch, phase, rng);
    const t = adam.step + 1;
    inputs.hyper = this.hyper(train, t);
    let outputs: Record<string, tf.Tensor> = {};
    try {
      outputs = this.run(this.signature(phase === 'train' ? 'train_step' : 'frozen_step', batch.size), inputs);
      const loss = outputs.loss.dataSync()[0];
      const gradNorm = outputs.grad_norm.dataSync()[0];
      if (Number.isFinite(loss) && Number.isFinite(gradNorm)) {
        adam.step = t;
        this.dirty = true;
      }
      return { loss, gradNorm };
    } finally {
      this.release(inputs);
      this.release(outputs);
    }
  }

  /**
   * VaeStepper.gradient: loss and unclipped gradient at `weights` (stateless: the session's variables
   * are not involved), updating weights.running in the 'train' phase when both are finite.
   */
  gradient(weights: ModelWeights, batch: BatchArrays, phase: StepPhase, rng: SeededRng): StepResult & { grads: Float32Array } {
    const inputs = this.batchInputs(batch, phase, rng);
    inputs.params = tf.tensor1d(weights.params);
    inputs.running = tf.tensor1d(weights.running);
    let outputs: Record<string, tf.Tensor> = {};
    try {
      outputs = this.run(this.signature(phase === 'train' ? 'train_gradient' : 'frozen_gradient', batch.size), inputs);
      const loss = outputs.loss.dataSync()[0];
      const gradNorm = outputs.grad_norm.dataSync()[0];
      const grads = outputs.grads.dataSync() as Float32Array;
      if (phase === 'train' && Number.isFinite(loss) && Number.isFinite(gradNorm)) weights.running.set(outputs.running.dataSync() as Float32Array);
      return { loss, gradNorm, grads };
    } finally {
      this.release(inputs);
      this.release(outputs);
    }
  }

  /**
   * A resident shard's gradient (sharded 'gradient' training): loss, unclipped gradient and, in the
   * 'train' phase, the BN running statistics after this batch, all at the session's own weights;
   * after applying `pending` (the previous round's update) in the same session call when given.
   */
  residentGradient(batch: BatchArrays, phase: StepPhase, rng: SeededRng, pending?: PendingUpdate): StepResult & { grads: Float32Array; running?: Float32Array } {
    const inputs = this.batchInputs(batch, phase, rng);
    const kind = `shard_${phase === 'train' ? '' : 'frozen_'}${pending ? 'step' : 'gradient'}`;
    if (pending) Object.assign(inputs, this.updateInputs(pending));
    let outputs: Record<string, tf.Tensor> = {};
    try {
      outputs = this.run(this.signature(kind, batch.size), inputs);
      const read = (name: string): Float32Array => outputs[name].dataSync() as Float32Array;
      return { loss: read('loss')[0], gradNorm: read('grad_norm')[0], grads: read('grads'), ...(outputs.running ? { running: read('running') } : {}) };
    } finally {
      this.release(inputs);
      this.release(outputs);
    }
  }

  private updateInputs(update: PendingUpdate): Record<string, tf.Tensor> {
    return {
      grads: tf.tensor2d(update.gradients, [update.shares.length, this.meta.size]),
      shares: tf.tensor1d(update.shares as number[]),
      running: tf.tensor1d(update.running),
      hyper: this.hyper(update.train, update.t),
    };
  }

  /** Applies `update` to the session's weights, moments and running statistics. */
  applyUpdate(update: PendingUpdate): void {
    const inputs = this.updateInputs(update);
    try {
      this.release(this.run('apply_gradient', inputs));
    } finally {
      this.release(inputs);
    }
    this.bound = undefined;
  }

  private hyper(train: TrainConfig, t: number): tf.Tensor {
    return tf.tensor1d([train.learningRate, train.adamBeta1, train.adamBeta2, train.adamEpsilon, train.clipNorm, train.adamBeta1 ** t, train.adamBeta2 ** t]);
  }

  /** Copies the session's weights, running statistics and moments into `weights`/`adam` when they are the bound, stale arrays. */
  sync(weights: ModelWeights, adam: AdamState): void {
    if (!this.dirty || this.bound?.weights !== weights || this.bound.adam !== adam) return;
    const state = this.readState();
    weights.params.set(state.params);
    weights.running.set(state.running);
    adam.m.set(state.m);
    adam.v.set(state.v);
    this.dirty = false;
  }

  /** What the session's variables hold now (copies). */
  readState(): { params: Float32Array; running: Float32Array; m: Float32Array; v: Float32Array } {
    const outputs = this.run('get_state', {});
    try {
      const read = (t: tf.Tensor): Float32Array => (t.dataSync() as Float32Array).slice();
      return { params: read(outputs.params), running: read(outputs.running), m: read(outputs.m), v: read(outputs.v) };
    } finally {
      this.release(outputs);
    }
  }
}
