import { getBenchmark } from '@a2v/benchmarks';
import { createStandInEmbeddingSet, runSearch } from '../src/index.js';
const b = await getBenchmark('nb201-cifar10');
const emb = createStandInEmbeddingSet(b);
for (const method of ['random','evolution','arch2vec-rl','arch2vec-bo']) for (const mode of ['clean','reference'] as const) {
  if ((method==='random'||method==='evolution') && mode==='reference') continue;
  const t = performance.now();
  const run = await runSearch({ benchmark: b, method, seed: 1, budget: '100q', embeddings: emb, mode });
  console.log(method, mode, (performance.now()-t).toFixed(0),'ms', run.summary.queries, run.summary.best?.validationAccuracy.toFixed(4), run.summary.best?.testAccuracy?.toFixed(4), new Set(run.trajectory.map(e=>e.key)).size, JSON.stringify(run.state).length);
}
