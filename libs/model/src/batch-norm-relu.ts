/**
 * BatchNorm1d followed by ReLU as one custom-gradient op. tfjs's own FusedBatchNorm gradient expands
 * into ~20 broadcasting kernels per call (Tile, Mul, Sum…); the closed form below needs a handful,
 * which matters because the model runs eight of these per step on small (B·N × 128) tensors.
 */
import { tf } from './backend.js';
import { columnSums, customOp } from './fast-ops.js';

type Tensor = tf.Tensor;

/**
 * Train mode: normalise with the batch mean and biased variance (what PyTorch normalises with),
 * reported through `onStats` for the running-average update. Gradient (x̂ = (h−μ)·r, r = (σ²+ε)^−½,
 * g = dy·[y>0]): dβ = Σg, dγ = Σ g·x̂, dh = γ·r·(g − mean(g) − x̂·mean(g·x̂)).
 */
export function batchNormReluTrain(h: Tensor, gamma: Tensor, beta: Tensor, epsilon: number, onStats?: (mean: Tensor, variance: Tensor) => void): Tensor {
  const rows = h.shape[0];
  const op = customOp(([x, g, b], save) => {
    const mean = columnSums(x, 1 / rows);
    const centered = tf.sub(x, mean);
    const variance = columnSums(tf.square(centered), 1 / rows);
    const r = tf.rsqrt(tf.add(variance, epsilon));
    const xHat = tf.mul(centered, r);
    const y = tf.relu(tf.add(tf.mul(xHat, g), b));
    onStats?.(tf.keep(mean), tf.keep(variance));
    save([xHat, y, r, g]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [sx, sy, sr, sg] = saved;
        const masked = tf.mul(dy, tf.step(sy));
        const dBeta = columnSums(masked);
        const dGamma = columnSums(tf.mul(masked, sx));
        const inner = tf.sub(tf.sub(masked, tf.div(dBeta, rows)), tf.mul(sx, tf.div(dGamma, rows)));
        return [tf.mul(inner, tf.mul(sg, sr)), dGamma, dBeta];
      },
    };
  });
  return op(h, gamma, beta);
}

/**
 * Eval mode (and the reference's frozen epochs): fixed statistics make BN the affine map h·s + t with
 * s = γ·(σ²+ε)^−½ and t = β − μ·s, which callers fold into the preceding Linear.
 */
export function frozenBatchNorm(gamma: Tensor, beta: Tensor, mean: Tensor, variance: Tensor, epsilon: number): { scale: Tensor; shift: Tensor } {
  const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, epsilon)));
  return { scale, shift: tf.sub(beta, tf.mul(mean, scale)) };
}
