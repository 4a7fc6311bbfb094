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

// The report's browser test needs Debian's Chromium (a test tool's own browser download cannot work
// offline). As root with apt it is installed here; elsewhere that test skips and says why.
if (process.argv.includes('--tests') && !existsSync('/usr/bin/chromium')) {
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canApt) {
    step('installing Debian chromium for the report browser test (apt-get)');
    try {
      run('apt-get', ['update', '-qq']);
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      step('chromium could not be installed: the browser test will be skipped');
    }
  } else {
    step('no /usr/bin/chromium (install Debian package chromium): the report browser test will be skipped');
  }
}

// The native TensorFlow CPU backend for the native-vs-wasm agreement test (libs/model
// backend-parity.test.ts): built against TensorFlow's PyPI wheel into .tools/ (a second run does
// nothing). A failure does not stop the tests: that test then fails under CI=true and skips elsewhere.
if (process.argv.includes('--tests')) {
  try {
    run(process.execPath, [join(root, 'tools/scripts/backend-setup.mjs'), '--cpu', '--quiet']);
  } catch {
    step('the native TensorFlow backend could not be set up (see above): its agreement test will fail under CI=true, skip elsewhere');
  }
}
