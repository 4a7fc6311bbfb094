/**
 * tanh by the clamped 13/6 rational approximation that Eigen and XNNPACK use for float32
 * (max abs error ≈ 3e-7, i.e. float32 precision), about 3× faster than Math.tanh in V8. DNGO calls
 * it ~54 million times per round on NAS-Bench-101 (423,624 candidates × 128 units), so it decides
 * the round time; training and prediction both use it, so the model is one consistent function.
 */
const CLAMP = 7.90531110763549805;

export function fastTanh(v: number): number {
  const x = v > CLAMP ? CLAMP : v < -CLAMP ? -CLAMP : v;
  const x2 = x * x;
  const p = x * (4.89352455891786e-3 + x2 * (6.37261928875436e-4 + x2 * (1.48572235717979e-5 + x2 * (5.12229709037114e-8 + x2 * (-8.60467152213735e-11 + x2 * (2.00018790482477e-13 + x2 * -2.76076847742355e-16))))));
  const q = 4.89352518554385e-3 + x2 * (2.268434632439e-3 + x2 * (1.18534705686654e-4 + x2 * 1.19825839466702e-6));
  return p / q;
}
