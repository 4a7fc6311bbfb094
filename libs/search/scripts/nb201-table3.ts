/**
 * Table-3-style quality sweep on NAS-Bench-201: runs methods for seeds 1..N with a query budget
 * and reports mean ± std (over seeds) of the final incumbent's validation and 200-epoch test
 * accuracy. One JSON line per run goes to --out (appended, so runs can be split over processes
 * and resumed); `--summarize` prints the table from such a file.
 *
 *   npx tsx libs/search/scripts/nb201-table3.ts --methods random,evolution --seeds 100 --out /tmp/t3.jsonl
 *   npx tsx libs/search/scripts/nb201-table3.ts --summarize --out /tmp/t3.jsonl
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
import { createStandInEmbeddingSet, fromModelEmbeddingSet, runSearch, type EmbeddingSet, type SearchMode } from '../src/index.js';

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

function summarize(path: string): void {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  const bySpec = new Map<string, Line[]>();
  for (const line of lines) bySpec.set(line.spec, [...(bySpec.get(line.spec) ?? []), line]);
  const stat = (xs: number[]): string => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1));
    return `${(100 * mean).toFixed(2)} ± ${(100 * std).toFixed(2)}`;
  };
  console.log('| method | runs | validation (%) | test (%) | s/run |');
  console.log('|---|---|---|---|---|');
  for (const [spec, runs] of bySpec) {
    const seconds = runs.reduce((a, r) => a + r.millis, 0) / runs.length / 1000;
    console.log(`| ${spec} | ${runs.length} | ${stat(runs.map((r) => r.validation))} | ${stat(runs.map((r) => r.test))} | ${seconds.toFixed(1)} |`);
  }
}

if (values.summarize) {
  summarize(values.out);
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
