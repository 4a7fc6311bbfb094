import { join } from 'node:path';
import { Command } from 'commander';
import {
  getBenchmark,
  importArch2vecDataJsonBenchmark,
  importNasbenchTfRecordBenchmark,
  listBenchmarks,
  registerImportedBenchmarks,
  saveImportedBenchmark,
  type BenchmarkArchitecture,
  type TabularBenchmark,
} from '@a2v/benchmarks';
import { databaseUrl, loadConfig } from '@a2v/config';
import { createPool, importArchitectures } from '@a2v/db';
import { checkPostgresUrl } from '@a2v/stack';
import { action, printJson, UsageError } from '../output.js';

const IMPORT_KINDS = ['nb101-tfrecord', 'arch2vec-json', 'builtin'] as const;

function importedDir(): string {
  return join(loadConfig().stateDir, 'benchmarks');
}

/** Built-in benchmarks plus those a previous `a2v data import` stored. */
export function registerStoredBenchmarks(): void {
  registerImportedBenchmarks(importedDir());
}

function encodingOf(a: BenchmarkArchitecture): unknown {
  return a.space === 'nb101' ? { matrix: a.cell.matrix, ops: a.cell.ops } : { arch: a.key, index: a.index };
}

function find(benchmark: TabularBenchmark, key: string): BenchmarkArchitecture | undefined {
  const position = /^\d+$/.test(key) ? Number(key) : undefined;
  let i = 0;
  for (const a of benchmark.architectures()) {
    if (position === i || a.key === key) return a;
    i += 1;
  }
  return undefined;
}

async function load(kind: string, file: string, name?: string, metricsSchema?: string): Promise<TabularBenchmark> {
  switch (kind) {
    case 'nb101-tfrecord': {
      if (metricsSchema !== 'nasbench101' && metricsSchema !== 'shared-fields') {
        throw new UsageError(`--metrics-schema '${metricsSchema}': expected nasbench101 or shared-fields`);
      }
      return importNasbenchTfRecordBenchmark(file, { name: name ?? 'nb101-tfrecord', metricsSchema });
    }
    case 'arch2vec-json':
      return importArch2vecDataJsonBenchmark(file, { name: name ?? 'nb101-data-json' });
    case 'builtin':
      return getBenchmark(file);
    default:
      throw new UsageError(`import kind '${kind}': expected one of ${IMPORT_KINDS.join(', ')}`);
  }
}

export function dataCommand(): Command {
  const data = new Command('data').description('tabular benchmarks: built-in (vendored) and imported');
  data.hook('preAction', () => registerStoredBenchmarks());

  data.command('list').description('list the benchmarks').action(action(async () => {
    for (const b of listBenchmarks()) console.log(`${b.name.padEnd(18)} ${b.space.padEnd(6)} ${b.dataset.padEnd(15)} ${b.summary}`);
  }));

  data.command('info').argument('<benchmark>').description('what a benchmark holds: signal, cost, size, optimum')
    .action(action(async (name: string) => {
      const started = performance.now();
      const b = await getBenchmark(name);
      printJson({ name: b.name, space: b.space, size: b.size, ...b.info, optimum: b.optimum, loadMillis: Math.round(performance.now() - started) });
    }));

  data.command('show').argument('<benchmark>').argument('<key>', 'architecture hash / arch string, or its position in the benchmark')
    .description('one architecture and its labels')
    .action(action(async (name: string, key: string) => {
      const b = await getBenchmark(name);
      const a = find(b, key);
      if (!a) throw new UsageError(`${name}: no architecture '${key}' (give a key or a position 0..${b.size - 1})`);
      printJson({ key: a.key, encoding: encodingOf(a), result: b.query(a.key) });
    }));

  data.command('import').argument('<kind>', IMPORT_KINDS.join(' | ')).argument('<file>', 'the file (for builtin: a benchmark name)')
    .option('--name <name>', 'name to register an imported benchmark under')
    .option('--metrics-schema <schema>', 'nb101-tfrecord: nasbench101 (official ModelMetrics) or shared-fields (e.g. EC-NAS-Bench files)', 'nasbench101')
    .description("store a benchmark's architectures in the results database (idempotent); imported files become named benchmarks")
    .action(action(async (kind: string, file: string, opts: { name?: string; metricsSchema: string }) => {
      const url = databaseUrl(loadConfig());
      await checkPostgresUrl(url); // fail before reading a 500 MB file
      const started = performance.now();
      const benchmark = await load(kind, file, opts.name, opts.metricsSchema);
      const readSeconds = (performance.now() - started) / 1000;
      if (kind !== 'builtin') console.log(`registered ${benchmark.name} → ${saveImportedBenchmark(importedDir(), benchmark)}`);
      const pool = createPool(url, 2);
      try {
        const rows = (function* () {
          for (const a of benchmark.architectures()) yield { hash: a.key, encoding: encodingOf(a) };
        })();
        const stored = await importArchitectures(pool, benchmark.space, rows);
        const seconds = (performance.now() - started) / 1000;
        console.log(`${benchmark.name}: ${stored.total} architectures read in ${readSeconds.toFixed(1)} s; ${stored.inserted} new in the database (${stored.total - stored.inserted} already there); ${seconds.toFixed(1)} s total`);
      } finally {
        await pool.end();
      }
    }));
  return data;
}
