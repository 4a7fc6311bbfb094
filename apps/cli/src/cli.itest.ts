import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { findRepoRoot } from '@a2v/config';

const execFileAsync = promisify(execFile);
const a2v = join(findRepoRoot(), 'node_modules/.bin/a2v');

async function run(args: string[]) {
  try {
    const { stdout, stderr } = await execFileAsync(a2v, args);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('a2v --help lists the commands', async () => {
  const { code, stdout } = await run(['--help']);
  assert.equal(code, 0);
  for (const command of ['stack', 'db', 'worker']) assert.match(stdout, new RegExp(`^  ${command}\\b`, 'm'));
});

test('every command has --help', async () => {
  for (const args of [['stack', '--help'], ['stack', 'up', '--help'], ['db', 'migrate', '--help'], ['worker', '--help']]) {
    const { code, stdout } = await run(args);
    assert.equal(code, 0, args.join(' '));
    assert.match(stdout, /Usage: a2v/);
  }
});

test('an unknown command is a usage error (exit 2)', async () => {
  const { code, stderr } = await run(['frobnicate']);
  assert.equal(code, 2);
  assert.match(stderr, /unknown command 'frobnicate'/);
});

test('a bad worker queue is named', async () => {
  const { code, stderr } = await run(['worker', '--queues', 'gpu']);
  assert.equal(code, 2);
  assert.match(stderr, /--queues: unknown or empty queue list 'gpu'/);
});
