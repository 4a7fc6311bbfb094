/**
 * Adam (Kingma & Ba) with PyTorch's defaults (β₁ 0.9, β₂ 0.999, ε 1e-8, bias-corrected), on a flat
 * parameter vector. The moment vectors are part of the search state, so they serialise with it.
 */
export interface AdamState {
  step: number;
  m: Float64Array;
  v: Float64Array;
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export function createAdamState(size: number): AdamState {
  return { step: 0, m: new Float64Array(size), v: new Float64Array(size) };
}

/** One Adam step: params -= lr · m̂ / (√v̂ + ε), in place. */
export function adamStep(params: Float64Array, grad: Float64Array, state: AdamState, options: AdamOptions): void {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.eps ?? 1e-8;
  state.step += 1;
  const correction1 = 1 - beta1 ** state.step;
  const correction2 = 1 - beta2 ** state.step;
  const stepSize = options.lr / correction1;
  const { m, v } = state;
  for (let i = 0; i < params.length; i++) {
    const g = grad[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i] / correction2) + eps);
  }
}
