/**
 * `a2v pretrain` as a user runs it: a sharded run SIGKILLed mid-way and started again ends with the
 * very checkpoint an uninterrupted run writes; a corrupt checkpoint, one of another space and a
 * diverged one each stop the run with one clear error and leave the file as it was.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { findRepoRoot } from '@a2v/config';

const { initBackend, initialState, loadDataset, nb201Source, readCheckpoint, runShardedTraining, trainConfig, writeCheckpoint } = await import('@a2v/model');

const a2v = join(findRepoRoot(), 'node_modules/.bin/a2v');
const dir = mkdtempSync(join(tmpdir(), 'a2v-pretrain-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
// One backend for every run: the kernels of different backends differ in the last bits.
const env = { ...process.env, A2V_BACKEND: 'wasm' };
// 6 epochs of 180 graphs in 2 shards of 16 graphs per step: 36 rounds, each checkpointed.
const tiny = ['pretrain', '--space', 'nb201', '--local', '--subset', '200', '--epochs', '6', '--samples', '200', '--json'];
const sharded = [...tiny, '--shards', '2', '--checkpoint-every', '1'];

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(a2v, args, { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Starts a run and SIGKILLs it as soon as its checkpoint has `round` rounds; returns the rounds it had. */
async function killAfterRound(args: string[], path: string, round: number): Promise<number> {
  const child = spawn(process.execPath, [a2v, ...args], { env, stdio: 'ignore' });
  const exited = new Promise((done) => child.on('exit', done));
  try {
    for (;;) {
      const done = await Promise.race([exited.then(() => true), new Promise((wait) => setTimeout(() => wait(false), 20))]);
      if (done) throw new Error('the run finished before it could be killed');
      const reached = existsSync(path) ? (readCheckpoint(path).state.shards?.round ?? 0) : 0;
      if (reached >= round) return reached;
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

/** The checkpoint `tiny` resumes: its config with `epochs` epochs, at the start (in-process, no CLI start-up). */
function tinyCheckpoint(path: string, epochs: number, diverged = false): Buffer {
  const state = initialState(trainConfig('nasbench201', { subset: 200, epochs }), 200);
  if (diverged) state.weights.params[3] = Number.NaN;
  writeCheckpoint(path, state);
  return readFileSync(path);
}

test('a sharded run killed with SIGKILL and started again ends with the checkpoint of an uninterrupted run', async () => {
  // The uninterrupted run in this process, with the library (what the CLI runs, without its start-up).
  await initBackend({ force: 'wasm', log: () => undefined });
  const whole = join(dir, 'whole.ckpt');
  const config = trainConfig('nasbench201', { subset: 200, epochs: 6 });
  const uninterrupted = await runShardedTraining({ config, data: loadDataset(nb201Source(), 200), shards: 2, checkpointPath: whole, checkpointEvery: 1 });
  const path = join(dir, 'killed.ckpt');
  const reached = await killAfterRound([...sharded, '--checkpoint', path], path, 5);
  assert.ok(reached < 36, `killed after round ${reached} of 36`);
  const resumed = await run([...sharded, '--checkpoint', path]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /resuming from/);
  const summary = JSON.parse(resumed.stdout);
  assert.equal(summary.checkpoint.sha256, uninterrupted.checkpointSha256, 'the resumed run ended in another state');
  assert.deepEqual([summary.backend, summary.step], ['wasm', 'eager'], 'the report names the backend and the step it trained with');
  assert.ok(readFileSync(path).equals(readFileSync(whole)));
});

test('a corrupt checkpoint or one of another space is bad input (exit 2) and is left as it was', async () => {
  const path = join(dir, 'nb201.ckpt');
  const good = tinyCheckpoint(path, 1);
  const otherSpace = await run(['pretrain', '--space', 'nb101', '--local', '--checkpoint', path]);
  assert.equal(otherSpace.code, 2, otherSpace.stderr);
  assert.match(otherSpace.stderr, /^a2v: checkpoint .*nb201\.ckpt does not belong to this run: model\.space is "nasbench201", expected "nasbench101"$/m);
  assert.ok(readFileSync(path).equals(good));
  const corrupt = Buffer.from(good);
  corrupt[corrupt.length - 100] ^= 1;
  writeFileSync(path, corrupt);
  const damaged = await run([...tiny, '--epochs', '2', '--checkpoint', path]);
  assert.equal(damaged.code, 2, damaged.stderr);
  assert.match(damaged.stderr, /^a2v: checkpoint .*nb201\.ckpt is corrupt: sha256 mismatch$/m);
  assert.ok(readFileSync(path).equals(corrupt));
});

test('a diverged run (NaN loss) stops with exit 1 naming its last good checkpoint, which stays intact', async () => {
  const path = join(dir, 'nan.ckpt');
  const before = tinyCheckpoint(path, 1, true);
  const diverged = await run([...tiny, '--epochs', '2', '--checkpoint', path]);
  assert.equal(diverged.code, 1, diverged.stderr);
  assert.match(diverged.stderr, /^a2v: loss is NaN at epoch 0 step 0; run stopped, last good checkpoint .*nan\.ckpt$/m);
  assert.ok(readFileSync(path).equals(before));
});
