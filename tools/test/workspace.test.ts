import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { findRepoRoot } from '@a2v/config';

// The module-boundary and type rules are part of the product (workflows must not do I/O, libs
// never import apps): `npm test` holds every project to them, as `nx run-many` does.
test('every project lints and typechecks (nx run-many -t lint typecheck)', { timeout: 15 * 60_000 }, () => {
  const root = findRepoRoot();
  const run = spawnSync('npx', ['nx', 'run-many', '-t', 'lint', 'typecheck', '--outputStyle=static', '--parallel=2'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', FORCE_COLOR: '0' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const problems = output.split('\n').filter((l) => /\berror\b|Failed tasks|error TS/.test(l)).slice(0, 40);
  assert.equal(run.status, 0, `nx run-many failed:\n${problems.join('\n')}`);
});
