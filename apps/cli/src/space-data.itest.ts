import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { findRepoRoot } from '@a2v/config';
import { createTestDatabase, type TestDatabase } from '@a2v/testing';
import pg from 'pg';

const execFileAsync = promisify(execFile);
const root = findRepoRoot();
const a2v = join(root, 'node_modules/.bin/a2v');
const shared = join(root, '..', 'shared', 'checks');

let db: TestDatabase;
let home: string;
const env = () => ({ ...process.env, DATABASE_URL: db.url, A2V_HOME: home, A2V_LOG_LEVEL: 'warn' });

async function run(args: string[]) {
  try {
    const { stdout, stderr } = await execFileAsync(a2v, args, { env: env(), maxBuffer: 32 * 1024 * 1024, timeout: 300_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function runWithStdin(args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(a2v, args, { env: env() });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
    child.stdin.end(input);
  });
}

async function architectureCount(space: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query('select count(*)::int as n from architecture where space = $1', [space])).rows[0].n;
  } finally {
    await client.end();
  }
}

before(async () => {
  db = await createTestDatabase();
  home = mkdtempSync(join(tmpdir(), 'a2v-cli-home-'));
  chmodSync(home, 0o755);
});
after(async () => {
  await db.drop();
  rmSync(home, { recursive: true, force: true });
});

describe('a2v space hash nb101 (the stdin/stdout contract)', () => {
  test('reproduces every official hash in the shared test vectors', { skip: !existsSync(shared) && 'no ../shared/checks here' }, async () => {
    const lines = readFileSync(join(shared, 'nb101-hash-cases.jsonl'), 'utf8').trim().split('\n');
    const out = (await runWithStdin(['space', 'hash', 'nb101'], `${lines.join('\n')}\n`)).trim().split('\n');
    assert.equal(out.length, lines.length);
    const wrong = lines.filter((l, i) => JSON.parse(l).hash !== out[i]);
    assert.equal(wrong.length, 0, `first mismatch: ${wrong[0]}`);
  });

  test('answers each invalid cell with one error line naming the rule', { skip: !existsSync(shared) && 'no ../shared/checks here' }, async () => {
    const lines = readFileSync(join(shared, 'nb101-invalid-cases.jsonl'), 'utf8').trim().split('\n');
    const out = (await runWithStdin(['space', 'hash', 'nb101'], `${lines.join('\n')}\nnot json\n`)).trim().split('\n');
    assert.equal(out.length, lines.length + 1);
    for (const line of out) assert.match(line, /^error: \S/);
    assert.match(out.at(-1)!, /^error: invalid JSON/);
  });
});

describe('a2v data', () => {
  test('list names the built-in benchmarks', async () => {
    const { code, stdout } = await run(['data', 'list']);
    assert.equal(code, 0);
    for (const name of ['nb101-20k', 'nb201-cifar10', 'nb201-cifar100', 'nb201-imagenet16']) assert.match(stdout, new RegExp(`^${name} `, 'm'));
  });

  test('show finds NB201 index 6111, the CIFAR-10 optimum', async () => {
    const { code, stdout } = await run(['data', 'show', 'nb201-cifar10', '6111']);
    assert.equal(code, 0);
    const shown = JSON.parse(stdout);
    assert.equal(shown.encoding.index, 6111);
    assert.equal(Math.round(shown.result.testAccuracy * 1e5) / 1e3, 94.373);
  });

  test('importing a benchmark stores its architectures once (idempotent)', async () => {
    const first = await run(['data', 'import', 'builtin', 'nb201-cifar10']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /15625 architectures read .* 15625 new in the database/);
    const second = await run(['data', 'import', 'builtin', 'nb201-cifar10']);
    assert.match(second.stdout, /0 new in the database \(15625 already there\)/);
    assert.equal(await architectureCount('nb201'), 15625);
  });

  test('a NAS-Bench-101-format TFRecord becomes a named benchmark; a corrupted copy imports nothing', async () => {
    const file = join(home, 'ec4.tfrecord');
    const bytes = gunzipSync(readFileSync(join(root, 'data/ec-nas-bench/energy_4V9E.tfrecord.gz')));
    writeFileSync(file, bytes);
    const imported = await run(['data', 'import', 'nb101-tfrecord', file, '--name', 'ec-4v', '--metrics-schema', 'shared-fields']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /ec-4v: 91 architectures read/);
    const info = JSON.parse((await run(['data', 'info', 'ec-4v'])).stdout);
    assert.equal(info.size, 91);

    const corrupted = Buffer.from(bytes);
    corrupted[5000] ^= 0xff;
    writeFileSync(join(home, 'bad.tfrecord'), corrupted);
    const before = await architectureCount('nb101');
    const bad = await run(['data', 'import', 'nb101-tfrecord', join(home, 'bad.tfrecord'), '--name', 'ec-bad', '--metrics-schema', 'shared-fields']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /record #\d+.*byte offset \d+/);
    assert.equal(await architectureCount('nb101'), before);
    assert.equal(existsSync(join(home, 'benchmarks', 'ec-bad.benchmark.json.gz')), false);
  });

  test('an unknown benchmark lists the valid names', async () => {
    const { code, stderr } = await run(['data', 'info', 'nb999']);
    assert.equal(code, 1);
    assert.match(stderr, /nb999.*nb101-20k/);
  });
});

test('a2v space enumerate nb101 finds exactly 423,624 cells', { timeout: 600_000 }, async () => {
  const out = join(home, 'enum.bin');
  const { code, stdout, stderr } = await run(['space', 'enumerate', 'nb101', '--out', out]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /nb101: 423624 unique cells in [\d.]+ s/);
  assert.ok(existsSync(out));
});
