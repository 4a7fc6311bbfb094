/**
 * Table-3-style quality sweep on NAS-Bench-201: runs methods for seeds 1..N with a query budget
 * and reports mean ± std (over seeds) of the final incumbent's validation and 200-epoch test
 * accuracy. One JSON line per run goes to --out (appended, so runs can be split over processes
 * and resumed); `--summarize` prints the table from such a file.
 *
 *   npx tsx libs/search/scripts/nb201-table3.ts --methods random,evolution --seeds 100 --out /tmp/t3.jsonl
 *   npx tsx libs/search/scripts/nb201-table3.ts --summarize --out /tmp/t3.jsonl,/tmp/more.jsonl [--versus random --metric test|validation]
 *
 * Embedding methods run on --embeddings (an @a2v/model embedding-set file: arch2vec's, or a
 * supervised encoder's for supervised-*), or on the stand-in embedding (createStandInEmbeddingSet)
 * without it. Method specs: name[:mode][:population/tournament] e.g. arch2vec-bo:reference,
 * evolution:clean:100/10.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getBenchmark } from '@a2v/benchmarks';
import { readEmbeddingSetWithProvenance } from '@a2v/model';
import { createStandInEmbeddingSet, fromModelEmbeddingSet, normalCdf, runSearch, type EmbeddingSet, type SearchMode } from '../src/index.js';

const { values } = parseArgs({
  options: {
    benchmark: { type: 'string', default: 'nb201-cifar10' },
    methods: { type: 'string', default: 'random,evolution,arch2vec-rl,arch2vec-bo' },
    seeds: { type: 'string', default: '100' },
    from: { type: 'string', default: '1' },
    budget: { type: 'string', default: '100q' },
    out: { type: 'string', default: '/tmp/a2v-table3.jsonl' },
    embeddings: { type: 'string' },
    summarize: { type: 'boolean', default: false },
    /** With --summarize: one-sided Mann–Whitney p-value of each method > this one (by --metric). */
    versus: { type: 'string' },
    metric: { type: 'string', default: 'test' },
  },
});

interface Line {
  spec: string;
  seed: number;
  validation: number;
  test: number;
  queries: number;
  millis: number;
}

function summarize(paths: string[]): void {
  // A (method, seed) in a later file replaces the same run in an earlier one (a re-run after a change).
  const latest = new Map<string, Line>();
  for (const path of paths) for (const l of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
    const line = JSON.parse(l) as Line;
    latest.set(`${line.spec}#${line.seed}`, line);
  }
  const bySpec = new Map<string, Line[]>();
  for (const line of latest.values()) bySpec.set(line.spec, [...(bySpec.get(line.spec) ?? []), line]);
  const stat = (xs: (number | null)[]): string => {
    if (xs.some((x) => x === null || Number.isNaN(x))) return 'n/a'; // NB101 has no test accuracy
    const values = xs as number[];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, values.length - 1));
    return `${(100 * mean).toFixed(2)} ± ${(100 * std).toFixed(2)}`;
  };
  const metric = (r: Line): number => (values.metric === 'validation' ? r.validation : r.test);
  const versus = values.versus === undefined ? undefined : bySpec.get(values.versus);
  if (values.versus !== undefined && !versus) throw new Error(`--versus ${values.versus}: no such method in ${paths.join(', ')}`);
  console.log(`| method | runs | validation (%) | test (%) | s/run |${versus ? ` p(> ${values.versus}, ${values.metric}) |` : ''}`);
  console.log(`|---|---|---|---|---|${versus ? '---|' : ''}`);
  for (const [spec, runs] of bySpec) {
    const seconds = runs.reduce((a, r) => a + r.millis, 0) / runs.length / 1000;
    const p = versus && spec !== values.versus ? ` ${mannWhitneyGreater(runs.map(metric), versus.map(metric)).toExponential(1)} |` : versus ? ' — |' : '';
    console.log(`| ${spec} | ${runs.length} | ${stat(runs.map((r) => r.validation))} | ${stat(runs.map((r) => r.test))} | ${seconds.toFixed(1)} |${p}`);
  }
}

/** One-sided Mann–Whitney U test that xs tend to exceed ys: normal approximation, tie-corrected. */
function mannWhitneyGreater(xs: number[], ys: number[]): number {
  const all = [...xs.map((v) => ({ v, x: true })), ...ys.map((v) => ({ v, x: false }))].sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(all.length);
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].v === all[i].v) j++;
    for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  const [n1, n2] = [xs.length, ys.length];
  const u = all.reduce((sum, e, k) => sum + (e.x ? ranks[k] : 0), 0) - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  return normalCdf(-(u - (n1 * n2) / 2 - 0.5) / sigma); // the upper tail, without 1 − Φ cancelling
}

if (values.summarize) {
  summarize(values.out.split(','));
} else {
  const benchmark = await getBenchmark(values.benchmark);
  const embeddings: EmbeddingSet = values.embeddings
    ? ((file) => fromModelEmbeddingSet(file.set, file.supervised ? 'supervised' : 'arch2vec'))(readEmbeddingSetWithProvenance(values.embeddings))
    : createStandInEmbeddingSet(benchmark);
  const done = new Set(existsSync(values.out) ? readFileSync(values.out, 'utf8').split('\n').filter(Boolean).map((l) => { const j = JSON.parse(l) as Line; return `${j.spec}#${j.seed}`; }) : []);
  const first = Number(values.from);
  for (let seed = first; seed < first + Number(values.seeds); seed++) {
    for (const spec of values.methods.split(',')) {
      if (done.has(`${spec}#${seed}`)) continue;
      const [method, mode = 'clean', evo] = spec.split(':');
      const [population, tournament] = (evo ?? '').split('/').map(Number);
      const started = performance.now();
      const run = await runSearch({
        benchmark,
        method,
        seed,
        budget: values.budget,
        mode: mode as SearchMode,
        embeddings: method.startsWith('arch2vec') || method.startsWith('supervised') ? embeddings : undefined,
        options: evo ? { evolution: { population, tournament } } : undefined,
      });
      const best = run.summary.best!;
      const line: Line = { spec, seed, validation: best.validationAccuracy, test: best.testAccuracy ?? NaN, queries: run.summary.queries, millis: Math.round(performance.now() - started) };
      appendFileSync(values.out, JSON.stringify(line) + '\n');
    }
  }
}
