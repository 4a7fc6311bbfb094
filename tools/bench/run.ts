/**
 * `npm run bench`: runs every tools/bench/*.bench.ts in turn, each in its own process so one
 * benchmark's warm caches and JIT state never flatter the next. Speed targets live here, not in tests.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const here = import.meta.dirname;
const { values } = parseArgs({ options: { only: { type: 'string' } } });
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !values.only || f.includes(values.only))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit', env: { ...process.env, A2V_LOG_LEVEL: 'warn' } });
  if (result.status !== 0) {
    failed += 1;
    process.stdout.write(`${file} failed (exit ${result.status})\n`);
  }
}
process.exit(failed ? 1 : 0);
