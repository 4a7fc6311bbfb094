/**
 * Benchmarks imported from users' official files are kept as one gzip JSON file each under a
 * directory (a2v uses `<A2V_HOME>/benchmarks`), so `a2v data import` once makes them usable by name
 * in every later command, exactly like the built-in ones.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BenchmarkDataError } from './errors.js';
import { listBenchmarks, registerBenchmark } from './registry.js';
import { createTabularBenchmark, type TabularRow } from './tabular-benchmark.js';
import type { BenchmarkInfo, SearchSpaceId, TabularBenchmark } from './types.js';

const FORMAT = 'a2v-imported-benchmark';
const VERSION = 1;
const SUFFIX = '.benchmark.json.gz';

interface StoredBenchmark {
  format: typeof FORMAT;
  version: number;
  name: string;
  space: SearchSpaceId;
  info: BenchmarkInfo;
  rows: TabularRow[];
}

const NAME_RULE = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function importedBenchmarkPath(dir: string, name: string): string {
  return join(dir, `${name}${SUFFIX}`);
}

/** Writes the whole benchmark atomically (temp file + rename): a crash leaves the old file or none. */
export function saveImportedBenchmark(dir: string, benchmark: TabularBenchmark): string {
  if (!NAME_RULE.test(benchmark.name)) {
    throw new BenchmarkDataError(`benchmark name '${benchmark.name}': use 2-63 lower-case letters, digits and dashes`);
  }
  const rows: TabularRow[] = [];
  for (const architecture of benchmark.architectures()) rows.push({ architecture, result: benchmark.query(architecture.key) });
  const stored: StoredBenchmark = { format: FORMAT, version: VERSION, name: benchmark.name, space: benchmark.space, info: benchmark.info, rows };
  mkdirSync(dir, { recursive: true });
  const path = importedBenchmarkPath(dir, benchmark.name);
  const staging = `${path}.${process.pid}.tmp`;
  writeFileSync(staging, gzipSync(JSON.stringify(stored)));
  renameSync(staging, path);
  return path;
}

export function loadImportedBenchmark(path: string): TabularBenchmark {
  let stored: StoredBenchmark;
  try {
    stored = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
  } catch (error) {
    throw new BenchmarkDataError(`${path}: not a readable imported benchmark (${(error as Error).message})`);
  }
  if (stored.format !== FORMAT || stored.version !== VERSION) {
    throw new BenchmarkDataError(`${path}: format ${stored.format} v${stored.version}, expected ${FORMAT} v${VERSION}`);
  }
  return createTabularBenchmark({ name: stored.name, space: stored.space, info: stored.info, rows: stored.rows });
}

/** Registers every imported benchmark found in `dir` (once per name); returns the names added. */
export function registerImportedBenchmarks(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const known = new Set(listBenchmarks().map((b) => b.name));
  const added: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(SUFFIX)).sort()) {
    const name = file.slice(0, -SUFFIX.length);
    if (known.has(name)) continue;
    const path = join(dir, file);
    registerBenchmark({
      name,
      space: 'nb101',
      dataset: 'CIFAR-10',
      summary: `imported (${path})`,
      load: async () => loadImportedBenchmark(path),
    });
    added.push(name);
  }
  return added;
}
