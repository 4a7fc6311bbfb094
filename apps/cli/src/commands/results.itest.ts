import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { CURVES_CSV_HEADER, RESULTS_CSV_HEADER } from '@a2v/reports';
import { createTestDatabase, type TestDatabase } from '@a2v/testing';
import { runCli } from './report-fixtures.js';

let db: TestDatabase;
let bare: TestDatabase;
let scratch: string;

function run(args: string[], url = db.url) {
  return runCli(args, url);
}

// Two sweeps on nb201-cifar10: 'cli-done' (2 methods × 2 seeds × 3 queries, all completed) and
// 'cli-running' (one run with 2 queries, one not started). Accuracies are dyadic, so sums are exact.
async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`insert into sweep (id, name, spec, status) values ('cli-done', 'done', '{"budget":"3q"}', 'COMPLETED'), ('cli-running', 'running', '{"budget":"3q"}', 'RUNNING')`);
    let arch = 0;
    const runs: Array<[string, string, number, number]> = [['cli-done', 'random', 1, 3], ['cli-done', 'random', 2, 3], ['cli-done', 'evolution', 1, 3], ['cli-done', 'evolution', 2, 3], ['cli-running', 'random', 1, 2], ['cli-running', 'random', 2, 0]];
    for (const [sweep, method, seedNo, queries] of runs) {
      const id = `${sweep}.${method}.s${seedNo}`;
      await client.query(`insert into search_run (id, sweep_id, space, benchmark, method, seed, budget_kind, budget_limit, status) values ($1, $2, 'nb201', 'nb201-cifar10', $3, $4, 'QUERIES', 3, 'RUNNING')`, [id, sweep, method, seedNo]);
      for (let i = 0; i < queries; i++) {
        const a = await client.query(`insert into architecture (space, hash, encoding) values ('nb201', $1, '{}') returning id`, [`arch-${arch++}`]);
        const validation = 0.5 + 0.125 * i + (method === 'evolution' ? 0.0625 : 0) + seedNo / 64;
        await client.query(`insert into query (run_id, query_index, architecture_id, metrics, simulated_cost) values ($1, $2, $3, $4, 0)`, [id, i, a.rows[0].id, JSON.stringify({ validationAccuracy: validation, testAccuracy: validation + 0.0625 })]);
      }
      if (sweep === 'cli-done') {
        const best = 0.75 + (method === 'evolution' ? 0.0625 : 0) + seedNo / 64;
        const summary = { queries, best: { key: `k-${id}`, validationAccuracy: best, testAccuracy: best + 0.0625 }, regret: { validation: 0.875 - best, test: 1 - (best + 0.0625) } };
        await client.query(`update search_run set status = 'COMPLETED', summary = $2 where id = $1`, [id, JSON.stringify(summary)]);
      }
    }
  } finally {
    await client.end();
  }
}

before(async () => {
  db = await createTestDatabase();
  bare = await createTestDatabase({ migrated: false });
  await seed(db.url);
  scratch = mkdtempSync(join(tmpdir(), 'a2v-cli-results-'));
});
after(async () => {
  await db?.drop();
  await bare?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('a2v results', () => {
  test('the table: ours beside the paper (Table 3), regret against the optimum from the summaries', async () => {
    const { code, stdout, stderr } = await run(['results', 'cli-done']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^sweep cli-done \(done\): COMPLETED$/m);
    assert.match(stdout, /^nb201-cifar10 \(CIFAR-10\): paper Table 3 beside ours$/m);
    // evolution bests: 0.828125 and 0.84375 → 83.59 ± 1.10; tests 6.25 points higher; test regret 1 − test: 10.156 %.
    assert.match(stdout, /^ {2}evolution\s+2\/2\s+3\s+83\.59 ± 1\.10\s+89\.84 ± 1\.10\s+10\.156 \(10\.156\)\s+RE\s+91\.08 ± 0\.43\s+93\.84 ± 0\.43$/m);
    assert.match(stdout, /^ {2}random\s+2\/2\s+3\s+77\.34 ± 1\.10/m);
    assert.doesNotMatch(stdout, /PARTIAL/);
  });

  test('a running sweep reports what is done, marked partial', async () => {
    const table = await run(['results', 'cli-running']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^PARTIAL RESULTS: 0 of 2 runs completed/m);
    assert.match(table.stdout, /^ {2}random \*\s+0\/2\s+1\s+64\.06\s/m, 'one run with queries; mean queries over both runs');
    const csv = await run(['results', 'cli-running', '--format', 'csv']);
    assert.equal(csv.code, 0);
    assert.match(csv.stderr, /a2v: sweep cli-running is RUNNING: partial results, 0 of 2 runs completed/);
    assert.match(csv.stdout.split('\n')[1], /^cli-running,nb201-cifar10,random,true,2,0,1,/);
  });

  test('csv and json carry the same rows', async () => {
    const csv = await run(['results', 'cli-done', '--format', 'csv']);
    const lines = csv.stdout.trimEnd().split('\n');
    assert.equal(lines[0], RESULTS_CSV_HEADER.join(','));
    assert.equal(lines.length, 1 + 6);
    const json = JSON.parse((await run(['results', 'cli-done', '--format', 'json'])).stdout);
    assert.equal(json.blocks[0].rows.length, 6);
    assert.equal(json.runs.length, 4);
    assert.deepEqual(json.optimum['nb201-cifar10'], { validationAccuracy: 0.875, testAccuracy: 1, source: 'database' });
    assert.deepEqual(json.runs.map((r: { regretTest: number }) => r.regretTest), [0.109375, 0.09375, 0.171875, 0.15625]);
  });

  test('--curves --out FILE writes per-method and per-run curves', async () => {
    const file = join(scratch, 'curves.csv');
    const { code, stderr } = await run(['results', 'cli-done', '--curves', '--out', file]);
    assert.equal(code, 0, stderr);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], CURVES_CSV_HEADER.join(','));
    assert.equal(lines.filter((l) => l.startsWith('method,')).length, 2 * 3);
    assert.equal(lines.filter((l) => l.startsWith('run,')).length, 4 * 3);
    const last = lines.find((l) => l.startsWith('method,nb201-cifar10,evolution,,,2,2,3,0,3,'))!.split(',').slice(10).map(Number);
    const std = 0.015625 / Math.SQRT2;
    [0.0390625, std, 0.1015625, std].forEach((expected, i) => assert.ok(Math.abs(last[i] - expected) < 1e-12, `${last}`));
    const json = JSON.parse((await run(['results', 'cli-done', '--curves', '--format', 'json'])).stdout);
    assert.equal(json.runs.length, 4);
    assert.equal(json.methods[0].points.length, 3);
  });

  test('bad input: unknown sweep, unknown format, a database without the views', async () => {
    const unknown = await run(['results', 'no-such-sweep']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr.trim(), "a2v: no sweep 'no-such-sweep' in the results database (see: a2v sweep list)");
    const format = await run(['results', 'cli-done', '--format', 'xml']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format: 'xml' is not one of table, csv, json/);
    const noViews = await run(['results', 'cli-done'], bare.url);
    assert.equal(noViews.code, 1);
    assert.match(noViews.stderr, /the results views are missing .* run `npx a2v db migrate`/);
  });
});

describe('a2v report', () => {
  test('writes a self-contained index.html with the plots, the SVGs and the CSV', async () => {
    const dir = join(scratch, 'report');
    const { code, stdout, stderr } = await run(['report', 'cli-done', '--out', dir]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), join(dir, 'index.html'));
    assert.match(stderr, /2 plots \(nb201-cifar10: regret vs simulated seconds: the benchmark has no training times/);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const id of ['nb201-cifar10-regret-queries', 'nb201-cifar10-regret-cdf']) {
      assert.match(html, new RegExp(`<figure class="plot" id="${id}"[^>]*>\\n<svg `));
      assert.ok(existsSync(join(dir, 'plots', `${id}.svg`)));
    }
    assert.match(html, /Code version: <code>[0-9a-f]{40}<\/code>/);
    assert.match(html, /a2v shows no arch2vec numbers it did not compute/);
    assert.ok(existsSync(join(dir, 'results.csv')));
  });

  test('a running sweep is flagged; --out is required; an unknown sweep is a usage error', async () => {
    const running = await run(['report', 'cli-running', '--out', join(scratch, 'running')]);
    assert.equal(running.code, 0, running.stderr);
    const html = readFileSync(join(scratch, 'running', 'index.html'), 'utf8');
    assert.match(html, /id="partial">Partial results: the sweep is RUNNING; 0 of 2 runs completed/);
    assert.match(html, /sweep cli-running has no embedding set yet/);
    const noOut = await run(['report', 'cli-done']);
    assert.equal(noOut.code, 2);
    assert.equal(noOut.stderr.trim(), 'a2v: --out <dir> is required: the directory to write the report into');
    const unknown = await run(['report', 'nope', '--out', join(scratch, 'nope')]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no sweep 'nope'/);
    assert.equal(existsSync(join(scratch, 'nope')), false, 'nothing written for an unknown sweep');
  });
});
