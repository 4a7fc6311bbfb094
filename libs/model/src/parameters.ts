/**
 * Every trainable number of the model lives in one flat Float32Array (and so do the BatchNorm running
 * statistics, in a second one). One array makes Adam, global-norm clipping, checkpointing, shard
 * averaging and worker transfer plain loops and single copies instead of per-tensor bookkeeping.
 */
import type { ModelConfig } from './model-config.js';
import type { SeededRng } from './rng.js';

type Init = { kind: 'uniform'; fanIn: number } | { kind: 'const'; value: number };

export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
  readonly init: Init;
}

export interface ParamLayout {
  readonly specs: readonly ParamSpec[];
  readonly byName: ReadonlyMap<string, ParamSpec>;
  readonly size: number;
  /** One mean and one variance block of `hidden` floats per BatchNorm, in `bnNames` order. */
  readonly bnNames: readonly string[];
  readonly runningSize: number;
}

/** BatchNorm names of GIN layer l: the one inside the MLP and the outer one. */
export function bnNamesOf(layer: number): [string, string] {
  return [`gin${layer}.mlp.bn`, `gin${layer}.bn`];
}

export function paramLayout(config: ModelConfig): ParamLayout {
  const specs: ParamSpec[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], init: Init): void => {
    const size = shape.reduce((a, b) => a * b, 1);
    specs.push({ name, shape, offset, size, init });
    offset += size;
  };
  // PyTorch nn.Linear default: kaiming_uniform(a=√5) for W and U(±1/√fan_in) for b, both bound 1/√fan_in.
  const linear = (name: string, fanIn: number, fanOut: number): void => {
    add(`${name}.w`, [fanIn, fanOut], { kind: 'uniform', fanIn });
    add(`${name}.b`, [fanOut], { kind: 'uniform', fanIn });
  };
  const batchNorm = (name: string, width: number): void => {
    add(`${name}.gamma`, [width], { kind: 'const', value: 1 });
    add(`${name}.beta`, [width], { kind: 'const', value: 0 });
  };
  const bnNames: string[] = [];
  for (let l = 0; l < config.ginLayers; l++) {
    const [mlpBn, outerBn] = bnNamesOf(l);
    add(`gin${l}.eps`, [], { kind: 'const', value: 0 }); // GIN ε starts at 0 (reference §1.1)
    linear(`gin${l}.mlp.lin1`, l === 0 ? config.K : config.hidden, config.hidden);
    batchNorm(mlpBn, config.hidden);
    linear(`gin${l}.mlp.lin2`, config.hidden, config.hidden);
    batchNorm(outerBn, config.hidden);
    bnNames.push(mlpBn, outerBn);
  }
  // fc1 (μ) and fc2 (log σ) as one 128→32 matrix: columns [0, latent) are μ, the rest log σ. Each half
  // has PyTorch's init for its own Linear(128→16), whose bound depends on fan_in only.
  linear('heads', config.hidden, 2 * config.latent);
  linear('opDecoder', config.latent, config.K);
  return {
    specs,
    byName: new Map(specs.map((s) => [s.name, s])),
    size: offset,
    bnNames,
    runningSize: bnNames.length * 2 * config.hidden,
  };
}

/** Draws the initial weights in layout order from `rng`. */
export function initParams(layout: ParamLayout, rng: SeededRng): Float32Array {
  const values = new Float32Array(layout.size);
  for (const spec of layout.specs) {
    const view = values.subarray(spec.offset, spec.offset + spec.size);
    if (spec.init.kind === 'uniform') rng.fillUniform(view, 1 / Math.sqrt(spec.init.fanIn));
    else view.fill(spec.init.value);
  }
  return values;
}

/** Running statistics before any batch: mean 0, variance 1 (PyTorch BatchNorm1d). */
export function initRunningStats(layout: ParamLayout, hidden: number): Float32Array {
  const stats = new Float32Array(layout.runningSize);
  for (let b = 0; b < layout.bnNames.length; b++) stats.fill(1, (2 * b + 1) * hidden, (2 * b + 2) * hidden);
  return stats;
}

export function paramView(layout: ParamLayout, values: Float32Array, name: string): Float32Array {
  const spec = layout.byName.get(name);
  if (!spec) throw new Error(`no parameter ${name}`);
  return values.subarray(spec.offset, spec.offset + spec.size);
}
