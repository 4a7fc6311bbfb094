#!/usr/bin/env node
// Makes a fresh clone runnable with nothing but Node and npm: installs node_modules (npm ci),
// generates the Prisma client offline, and provisions the Temporal CLI into .tools/.
// Plain ESM with only node: builtins, because it runs before any dependency exists. Idempotent.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const step = (what) => process.stderr.write(`[bootstrap] ${what}\n`);

const installedMarker = join(root, 'node_modules/.package-lock.json');
const lockFile = join(root, 'package-lock.json');
if (!existsSync(installedMarker) || statSync(lockFile).mtimeMs > statSync(installedMarker).mtimeMs + 1000) {
  step('installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
if (!existsSync(join(root, 'libs/db/src/generated/prisma/client.ts'))) {
  step('generating the Prisma client');
  run(join(root, 'node_modules/.bin/prisma'), ['generate']);
}
const temporal = execFileSync('bash', [join(root, 'tools/scripts/provision-temporal.sh')], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
})
  .toString()
  .trim()
  .split('\n')
  .pop();
if (!temporal || !existsSync(temporal)) {
  console.error('[bootstrap] the Temporal CLI could not be provisioned (see above)');
  process.exit(2);
}
