/**
 * Speed of the latent-space analyses of `a2v report` (PCA, t-SNE, L2 vs edit distance, NN walk, GP
 * predictive performance) at the report's default settings on a whole NAS-Bench-201 embedding set
 * (15,625 × 16) labelled by nb201-cifar10 test accuracy, plus rendering their SVG section.
 *
 *   npx tsx tools/bench/results-latent.bench.ts [--embeddings nb201.emb] [--benchmark nb201-cifar10]
 *
 * Without --embeddings (or A2V_BENCH_EMBEDDINGS) it times a seeded random 16-d stand-in over every
 * NB201 cell: same sizes, so the same work, but its numbers say nothing about arch2vec.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getBenchmark } from '@a2v/benchmarks';
import { readEmbeddingSet } from '@a2v/model';
import { analyzeEmbedding, architecturesFromBenchmark, LATENT_ROWS, latentSection, type Embedding } from '@a2v/reports';
import { NB201_CELL_COUNT, nasBench201, nb201CellAt } from '@a2v/search-spaces';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

const { values } = parseArgs({ options: { embeddings: { type: 'string' }, benchmark: { type: 'string', default: 'nb201-cifar10' } } });
const file = values.embeddings ?? process.env.A2V_BENCH_EMBEDDINGS;

function standIn(): Embedding {
  const rng = xoroshiro128plus(7);
  const keys = Array.from({ length: NB201_CELL_COUNT }, (_, i) => nasBench201.key(nb201CellAt(i)));
  return { keys, dim: 16, vectors: Float32Array.from({ length: keys.length * 16 }, () => uniformFloat64(rng) - 0.5) };
}

if (file && !existsSync(file)) throw new Error(`--embeddings ${file}: no such file`);
const set = file ? readEmbeddingSet(file) : undefined;
const embedding: Embedding = set ? { keys: [...set.keys], vectors: set.rows, dim: set.dim } : standIn();
const name = set ? `arch2vec (checkpoint ${set.checkpointSha256.slice(0, 12)})` : 'random stand-in (timings only)';
const benchmark = await getBenchmark(values.benchmark);

const started = performance.now();
const analysis = analyzeEmbedding(name, benchmark.name, embedding, architecturesFromBenchmark(benchmark));
const analysed = performance.now();
const section = await latentSection(analysis);
const rendered = performance.now();

console.log(`${name} on ${benchmark.name}: ${analysis.count} × ${analysis.dim}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const t of analysis.timingsMs) console.log(`  ${t.analysis.padEnd(28)} ${(t.ms / 1000).toFixed(2).padStart(7)} s`);
console.log(`  ${'all analyses'.padEnd(28)} ${((analysed - started) / 1000).toFixed(2).padStart(7)} s`);
console.log(`  ${'SVG section (vega-lite)'.padEnd(28)} ${((rendered - analysed) / 1000).toFixed(2).padStart(7)} s, ${section.plots.length} plots, ${section.plots.reduce((s, p) => s + p.svg.length, 0)} bytes`);
for (const row of LATENT_ROWS) console.log(`  ${row.label}: ${row.value(analysis)} (paper, arch2vec on NB101: ${row.paper('arch2vec')})`);
