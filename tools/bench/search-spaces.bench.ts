/**
 * Speed of @a2v/search-spaces: the cold NAS-Bench-101 enumeration (no cache), writing and loading
 * its binary cache, and module-hash throughput (validated cells and raw graphs).
 * Run: `npx tsx tools/bench/search-spaces.bench.ts`. `runSearchSpacesBench()` returns the figures for
 * a caller that collects several bench files.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  enumerateNb101,
  hashModule,
  loadOrBuildNb101Enumeration,
  nb101HashLabel,
  nb101ModuleHash,
  nb201ArchStringAt,
  writeNb101Cache,
  type Nb101Cell,
} from '@a2v/search-spaces';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const HASHED_CELLS = 50_000;

function timed<T>(run: () => T): { result: T; millis: number; cpuMillis: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = run();
  const used = process.cpuUsage(cpu);
  return { result, millis: performance.now() - started, cpuMillis: (used.user + used.system) / 1000 };
}

export function runSearchSpacesBench(): BenchFigure[] {
  const figures: BenchFigure[] = [];
  const enumeration = timed(() => enumerateNb101());
  const space = enumeration.result;
  figures.push({ name: 'nb101 enumeration, cold (wall)', value: enumeration.millis / 1000, unit: 's' });
  figures.push({ name: 'nb101 enumeration, cold (cpu)', value: enumeration.cpuMillis / 1000, unit: 's' });
  figures.push({ name: 'nb101 cells enumerated', value: space.size, unit: 'cells' });

  const scratch = mkdtempSync(join(tmpdir(), 'a2v-search-spaces-bench-'));
  try {
    const path = join(scratch, 'nb101-enumeration.bin');
    const written = timed(() => writeNb101Cache(path, space));
    figures.push({ name: 'nb101 cache write', value: written.millis, unit: 'ms' });
    figures.push({ name: 'nb101 cache size', value: statSync(path).size / 2 ** 20, unit: 'MiB' });
    const loaded = timed(() => loadOrBuildNb101Enumeration(path, () => {
      throw new Error('the cache should have been used');
    }));
    figures.push({ name: 'nb101 cache load', value: loaded.millis, unit: 'ms' });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  // Spread the sample over the whole (hash-sorted, so effectively shuffled) space.
  const step = Math.floor(space.size / HASHED_CELLS);
  const cells: Nb101Cell[] = Array.from({ length: HASHED_CELLS }, (_, k) => space.cellAt(k * step));
  const validated = timed(() => cells.forEach((cell) => nb101ModuleHash(cell)));
  figures.push({ name: 'nb101ModuleHash (validate + prune + hash)', value: HASHED_CELLS / (validated.millis / 1000), unit: 'hashes/s' });
  const labels = cells.map((cell) => cell.ops.map(nb101HashLabel));
  const raw = timed(() => cells.forEach((cell, k) => hashModule(cell.matrix, labels[k])));
  figures.push({ name: 'hashModule (raw graph)', value: HASHED_CELLS / (raw.millis / 1000), unit: 'hashes/s' });
  figures.push({ name: 'enumeration hashing rate', value: space.size / (enumeration.millis / 1000), unit: 'cells/s' });

  const nb201 = timed(() => nb201ArchStringAt(15_624));
  figures.push({ name: 'nb201 official index table (first use)', value: nb201.millis, unit: 'ms' });
  return figures;
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const figure of runSearchSpacesBench()) console.log(`${figure.name}: ${format(figure.value)} ${figure.unit}`);
}
