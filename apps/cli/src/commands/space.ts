import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { loadConfig } from '@a2v/config';
import { createNb101Cell, enumerateNb101, nb101ModuleHash, NB201_CELL_COUNT, writeNb101Cache } from '@a2v/search-spaces';
import { action, UsageError } from '../output.js';

const SPACES = ['nb101', 'nb201'];

function requireSpace(space: string, allowed = SPACES): void {
  if (!allowed.includes(space)) throw new UsageError(`space '${space}': expected one of ${allowed.join(', ')}`);
}

/** One output line per input line: the official hash, or `error: <reason>`. A stable contract for outside tooling. */
export function hashLine(line: string): string {
  let parsed: { matrix?: unknown; ops?: unknown };
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return `error: invalid JSON (${(error as Error).message})`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'error: expected an object {"matrix": [[…]], "ops": […]}';
  try {
    return nb101ModuleHash(createNb101Cell(parsed.matrix, parsed.ops));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

export function spaceCommand(): Command {
  const space = new Command('space').description('search spaces: enumeration and the official NAS-Bench-101 hash');

  space
    .command('enumerate')
    .argument('<space>', SPACES.join(' | '))
    .option('--out <file>', 'write the binary enumeration cache here (default: the a2v cache)')
    .description('enumerate every cell of the space; prints the count and the time')
    .action(action(async (name: string, opts: { out?: string }) => {
      requireSpace(name);
      if (name === 'nb201') {
        console.log(`nb201: ${NB201_CELL_COUNT} cells (5 ops on 6 edges, fixed topology)`);
        return;
      }
      const started = performance.now();
      const enumeration = enumerateNb101();
      const seconds = (performance.now() - started) / 1000;
      const out = opts.out ?? join(loadConfig().stateDir, 'cache', 'nb101-enumeration.bin');
      writeNb101Cache(out, enumeration);
      console.log(`nb101: ${enumeration.size} unique cells in ${seconds.toFixed(1)} s (sorted by module hash) → ${out}`);
    }));

  space
    .command('hash')
    .argument('<space>', 'nb101')
    .description('read JSON lines {"matrix": [[…]], "ops": […]} on stdin; write one line each: the hash or "error: <reason>"')
    .action(action(async (name: string) => {
      requireSpace(name, ['nb101']);
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) process.stdout.write(`${hashLine(line)}\n`);
    }));
  return space;
}
