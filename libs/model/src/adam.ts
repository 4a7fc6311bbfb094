/**
 * Adam exactly as torch.optim.Adam (no weight decay, no amsgrad) after torch.nn.utils.clip_grad_norm_,
 * on the flat parameter vector in plain TypeScript: ~120k floats per step is well under a millisecond,
 * is bit-for-bit deterministic, and leaves moments and step count as arrays a checkpoint can store.
 */
export interface AdamState {
  m: Float32Array;
  v: Float32Array;
  /** Updates applied so far (PyTorch's `step`). */
  step: number;
}

export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Global L2 norm the gradients are clipped to. */
  readonly clipNorm: number;
}

export function createAdamState(size: number): AdamState {
  return { m: new Float32Array(size), v: new Float32Array(size), step: 0 };
}

export function globalNorm(grads: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < grads.length; i++) sum += grads[i] * grads[i];
  return Math.sqrt(sum);
}

/** One clipped Adam update of `params` and `state`; `norm` is globalNorm(grads), computed by the caller. */
export function adamUpdate(params: Float32Array, grads: Float32Array, norm: number, state: AdamState, options: AdamOptions): void {
  // clip_grad_norm_: scale by max_norm / (norm + 1e-6) only when that is below 1.
  const clip = options.clipNorm / (norm + 1e-6);
  const scale = clip < 1 ? clip : 1;
  const { m, v } = state;
  const { beta1, beta2, epsilon, learningRate } = options;
  state.step += 1;
  const bias1 = 1 - beta1 ** state.step;
  const bias2Sqrt = Math.sqrt(1 - beta2 ** state.step);
  const stepSize = learningRate / bias1;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i] * scale;
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bias2Sqrt + epsilon);
  }
}
