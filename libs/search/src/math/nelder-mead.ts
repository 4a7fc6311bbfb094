/**
 * Nelder-Mead simplex minimisation as scipy.optimize.fmin does it (the optimiser arch2vec's DNGO
 * uses for the Bayesian linear regression hyper-parameters): initial simplex 5% away from x0 in
 * each coordinate (0.00025 for a zero coordinate), reflection 1, expansion 2, contraction 0.5,
 * shrink 0.5, stop when both the simplex spread and the value spread fall below 1e-4, or after
 * 200·n iterations. Non-finite values count as +∞, which is how bounds are expressed.
 */
export interface NelderMeadResult {
  x: number[];
  value: number;
  iterations: number;
}

export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], options: { xtol?: number; ftol?: number; maxIterations?: number } = {}): NelderMeadResult {
  const n = x0.length;
  const xtol = options.xtol ?? 1e-4;
  const ftol = options.ftol ?? 1e-4;
  const maxIterations = options.maxIterations ?? 200 * n;
  const value = (x: readonly number[]): number => {
    const y = f(x);
    return Number.isFinite(y) ? y : Infinity;
  };
  let simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const point = x0.slice();
    point[i] = point[i] !== 0 ? 1.05 * point[i] : 0.00025;
    simplex.push(point);
  }
  let values = simplex.map(value);
  let iterations = 0;
  const sortSimplex = (): void => {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
  };
  sortSimplex();
  while (iterations < maxIterations) {
    const spreadX = Math.max(...simplex.slice(1).map((p) => Math.max(...p.map((c, j) => Math.abs(c - simplex[0][j])))));
    const spreadF = Math.max(...values.slice(1).map((v) => Math.abs(v - values[0])));
    if (spreadX <= xtol && spreadF <= ftol) break;
    iterations += 1;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (simplex[n][j] - c));
    const reflected = along(-1);
    const fr = value(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = value(expanded);
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const outside = fr < values[n];
      const contracted = outside ? along(-0.5) : along(0.5);
      const fc = value(contracted);
      if (outside ? fc <= fr : fc < values[n]) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((c, j) => simplex[0][j] + 0.5 * (c - simplex[0][j]));
          values[i] = value(simplex[i]);
        }
      }
    }
    sortSimplex();
  }
  return { x: simplex[0], value: values[0], iterations };
}
