import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { findRepoRoot } from '@a2v/config';

const compose = join(findRepoRoot(), 'infra/compose/docker-compose.yml');

/** `docker compose` (v2 plugin) or Debian's `docker-compose`, whichever this machine has. */
function composeCommand(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version']).status === 0) return ['docker-compose'];
  return undefined;
}

const cmd = composeCommand();

test('the deployment compose file is valid, with the GPU worker behind a profile', { skip: !cmd && 'no docker compose client on this machine' }, () => {
  const [bin, ...pre] = cmd!;
  const all = spawnSync(bin, [...pre, '-f', compose, '--profile', 'gpu', 'config', '--services'], { encoding: 'utf8' });
  assert.equal(all.status, 0, all.stderr);
  const services = all.stdout.trim().split('\n').sort();
  assert.deepEqual(services, ['a2v-setup', 'a2v-worker', 'a2v-worker-gpu', 'postgresql', 'temporal', 'temporal-schema', 'temporal-ui']);
  const full = spawnSync(bin, [...pre, '-f', compose, '--profile', 'gpu', 'config'], { encoding: 'utf8' });
  assert.match(full.stdout, /a2v-worker-gpu:[\s\S]*?profiles:\s*\n\s*- gpu/, 'the GPU worker starts only with --profile gpu');
  assert.match(full.stdout, /capabilities:\s*\n\s*- gpu/, 'the GPU worker reserves a GPU');
});
