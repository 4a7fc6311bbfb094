import { prepareBlr, fitBlrHyper, logMarginalLikelihood, SeededRng } from '../src/index.js';
function rbfBasis(xs: readonly number[], centres = 12): Float64Array {
  const out = new Float64Array(xs.length * centres);
  xs.forEach((x, r) => { for (let c = 0; c < centres; c++) out[r * centres + c] = Math.exp(-(((x - c / (centres - 1)) / 0.12) ** 2)); });
  return out;
}
const rng = SeededRng.fromSeed(21);
const xs = Array.from({ length: 200 }, () => rng.uniform());
const ys = Float64Array.from(xs, (x) => Math.sin(2 * Math.PI * x) + 0.05 * rng.normal());
for (const c of [12, 20]) {
const data = prepareBlr(rbfBasis(xs, c), ys, c);
const h = fitBlrHyper(data); console.log(c, h, 1/Math.sqrt(h.beta), logMarginalLikelihood(data,h));
for (const lb of [5,6,7,8]) console.log(lb, logMarginalLikelihood(data,{alpha:h.alpha,beta:Math.exp(lb)}));
}
