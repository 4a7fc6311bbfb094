/**
 * Standard normal pdf and cdf in double precision, self-contained: erfc by its series below 3
 * (all positive terms, no cancellation) and by Lentz's continued fraction above, both accurate
 * to about 1e-15 relative. Also the continued fraction that expected improvement needs far in the
 * lower tail, where Φ(u) and φ(u) both underflow.
 */

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function normalPdf(u: number): number {
  return Math.exp(-0.5 * u * u - LOG_SQRT_2PI);
}

export function logNormalPdf(u: number): number {
  return -0.5 * u * u - LOG_SQRT_2PI;
}

/** Φ(u) = P(Z <= u). */
export function normalCdf(u: number): number {
  return u >= 0 ? 1 - 0.5 * erfc(u / SQRT2) : 0.5 * erfc(-u / SQRT2);
}

/** erfc(x) for x >= 0. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) return 1 - erfSeries(x);
  if (x > 27) return 0;
  return Math.exp(-x * x) * erfcContinuedFraction(x);
}

/** erf(x) = 2/√π e^{-x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** e^{x²}·erfc(x) = 1/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), by modified Lentz. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / (Math.sqrt(Math.PI) * f);
}

/**
 * For x > 0: t(x) = 1/(x + 2/(x + 3/(x + …))), the tail of Laplace's continued fraction for the
 * Mills ratio R(x) = Φ(-x)/φ(x) = 1/(x + t(x)). Used to write φ(u) + uΦ(u) = φ(u)·t/(x + t) at
 * u = -x without cancellation.
 */
export function millsTail(x: number): number {
  const tiny = 1e-300;
  // Evaluate 1/(x + 2/(x + 3/(x + ...))) by modified Lentz with b_n = x, a_1 = 1, a_n = n.
  let f = tiny;
  let c = f;
  let d = 0;
  for (let n = 1; n < 2000; n++) {
    const a = n === 1 ? 1 : n;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return f;
}
