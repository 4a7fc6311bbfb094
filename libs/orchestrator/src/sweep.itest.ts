import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { findRepoRoot, TASK_QUEUES } from '@a2v/config';
import { runSearch } from '@a2v/search';
import { testTemporal, uniqueTaskQueue } from '@a2v/testing';
import { cancelSweepSignal, pauseSweepSignal, progressQuery, resumeSweepSignal } from '@a2v/workflows/api';
import { launchSweep, startA2vWorker, type RunningWorker } from './index.js';
import { recordedSequences, useSweepTestEnvironment } from './sweep-test-support.js';

const env = useSweepTestEnvironment();
const { workers } = env;

/** A control worker (workflows + light activities) in this process, on a queue unique to the test. */
async function controlWorker(queue: string): Promise<void> {
  const { address, namespace } = testTemporal();
  workers.push(await startA2vWorker({ address, namespace, taskQueue: queue, databaseUrl: env.db.url, workflowBundle: env.bundle }));
}

async function searchWorker(): Promise<RunningWorker> {
  const { address, namespace } = testTemporal();
  const w = await startA2vWorker({ address, namespace, taskQueue: TASK_QUEUES.search, databaseUrl: env.db.url, identity: 'in-process' });
  workers.push(w);
  return w;
}

/** A search worker as its own OS process, so the test can SIGKILL it like a crashed machine. */
function searchWorkerProcess(): ChildProcess {
  const { address, namespace } = testTemporal();
  return spawn(join(findRepoRoot(), 'node_modules/.bin/a2v'), ['worker', '--queues', 'search'], {
    env: { ...process.env, DATABASE_URL: env.db.url, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, A2V_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

const sequences = (sweepId: string) => recordedSequences(env.pool, sweepId);

async function expectedSequence(method: string, seed: number, budget: string): Promise<string[]> {
  const run = await runSearch({ benchmark: 'nb201-cifar10', method, seed, budget });
  return run.trajectory.map((e) => e.key);
}

describe('sweeps through Temporal and the PostgreSQL ledger', () => {
  test('2 methods × 3 seeds: every query recorded once, sequences as the in-process runner', async () => {
    const queue = uniqueTaskQueue('sweep');
    await controlWorker(queue);
    await searchWorker();
    const spec = { benchmarks: ['nb201-cifar10'], methods: ['random', 'evolution'], seeds: [1, 2, 3], budget: '40q', parallelism: 3 };
    const { sweepId } = await launchSweep(env.client, spec, { taskQueue: queue });
    const progress = await env.client.workflow.getHandle(sweepId).result();
    assert.equal(progress.completed, 6);
    const { rows } = await env.pool.query(`select id, status, query_count, budget_charged, summary from search_run where sweep_id = $1`, [sweepId]);
    assert.equal(rows.length, 6);
    for (const r of rows) {
      assert.equal(r.status, 'COMPLETED');
      assert.equal(r.query_count, 40);
      assert.equal(r.budget_charged, 40);
      assert.equal(r.summary.queries, 40);
      // The chunk that ends a run also finishes it: one activity per run, no separate finishRun.
      const history = await env.client.workflow.getHandle(r.id).fetchHistory();
      const activities = (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : []));
      assert.deepEqual(activities, ['runSearchChunk'], `run ${r.id}`);
    }
    const recorded = await sequences(sweepId);
    for (const method of ['random', 'evolution']) {
      for (const seed of [1, 2, 3]) assert.deepEqual(recorded.get(`${method}/${seed}`), await expectedSequence(method, seed, '40q'), `${method} seed ${seed}`);
    }
    const sweep = await env.pool.query('select status from sweep where id = $1', [sweepId]);
    assert.equal(sweep.rows[0].status, 'COMPLETED');
  });

  test('SIGKILL of a search worker mid-sweep: a new worker finishes it with 0 lost and 0 duplicated queries', { timeout: 300_000 }, async () => {
    for (const w of workers.splice(0)) await w.shutdown(); // only the killable process serves search now
    const queue = uniqueTaskQueue('chaos');
    await controlWorker(queue);
    const budget = 300;
    const spec = { benchmarks: ['nb201-cifar10'], methods: ['evolution'], seeds: [11, 12, 13, 14], budget: `${budget}q`, parallelism: 4 };
    const first = searchWorkerProcess();
    const { sweepId } = await launchSweep(env.client, spec, { taskQueue: queue });
    // Kill as soon as some queries are in but the sweep is far from done.
    let charged = 0;
    for (let i = 0; i < 600 && charged < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      charged = (await env.pool.query(`select coalesce(sum(query_count),0)::int as n from search_run where sweep_id = $1`, [sweepId])).rows[0].n;
    }
    first.kill('SIGKILL');
    assert.ok(charged < 4 * budget, `the worker was killed mid-sweep (at ${charged} queries)`);
    const second = searchWorkerProcess();
    try {
      const progress = await env.client.workflow.getHandle(sweepId).result();
      assert.equal(progress.completed, 4);
    } finally {
      second.kill('SIGTERM');
    }
    const counts = await env.pool.query(
      `select count(*)::int as n, count(distinct (run_id, query_index))::int as d, count(distinct (run_id, architecture_id))::int as a,
              max(attempt)::int as max_attempt
       from query q join search_run r on r.id = q.run_id where r.sweep_id = $1`,
      [sweepId],
    );
    assert.deepEqual({ n: counts.rows[0].n, d: counts.rows[0].d, a: counts.rows[0].a }, { n: 4 * budget, d: 4 * budget, a: 4 * budget });
    const recorded = await sequences(sweepId);
    for (const seed of [11, 12, 13, 14]) assert.deepEqual(recorded.get(`evolution/${seed}`), await expectedSequence('evolution', seed, `${budget}q`), `seed ${seed}`);
  });

  test('cancel stops the sweep and marks its open runs cancelled', { timeout: 120_000 }, async () => {
    const queue = uniqueTaskQueue('cancel');
    await controlWorker(queue);
    // No search worker serves this sweep's runs yet: they stay open until cancelled.
    for (const w of workers.filter((w) => w.worker.options.taskQueue === TASK_QUEUES.search)) await w.shutdown();
    const spec = { benchmarks: ['nb201-cifar10'], methods: ['random'], seeds: { from: 1, to: 5 }, budget: '50q', parallelism: 2 };
    const { sweepId } = await launchSweep(env.client, spec, { taskQueue: queue });
    for (let i = 0; i < 200; i++) {
      const { rows } = await env.pool.query('select count(*)::int as n from search_run where sweep_id = $1', [sweepId]);
      if (rows[0].n === 5) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await env.client.workflow.getHandle(sweepId).signal(cancelSweepSignal);
    const progress = await env.client.workflow.getHandle(sweepId).result();
    assert.equal(progress.cancelled, true);
    const { rows } = await env.pool.query(`select status, count(*)::int as n from search_run where sweep_id = $1 group by status`, [sweepId]);
    assert.deepEqual(rows, [{ status: 'CANCELLED', n: 5 }]);
    const sweep = await env.pool.query('select status from sweep where id = $1', [sweepId]);
    assert.equal(sweep.rows[0].status, 'CANCELLED');
  });

  test('pause holds new runs (the ones in flight finish); resume starts the rest and the sweep completes', { timeout: 180_000 }, async () => {
    for (const w of workers.filter((w) => w.worker.options.taskQueue === TASK_QUEUES.search)) await w.shutdown();
    const queue = uniqueTaskQueue('pause');
    await controlWorker(queue);
    const spec = { benchmarks: ['nb201-cifar10'], methods: ['random'], seeds: { from: 31, to: 36 }, budget: '30q', parallelism: 2 };
    const { sweepId } = await launchSweep(env.client, spec, { taskQueue: queue });
    const handle = env.client.workflow.getHandle(sweepId);
    await handle.signal(pauseSweepSignal); // before any search worker serves its runs
    const search = searchWorkerProcess();
    try {
      const runsWithQueries = async () => (await env.pool.query('select count(*)::int as n from search_run where sweep_id = $1 and query_count > 0', [sweepId])).rows[0].n;
      // While paused: the at most `parallelism` runs started before the signal finish, and no other starts.
      let progress = await handle.query(progressQuery);
      for (let i = 0; i < 300 && (progress.running > 0 || progress.phase !== 'searching'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        progress = await handle.query(progressQuery);
      }
      assert.equal(progress.paused, true);
      assert.equal(progress.running, 0, 'runs in flight at the pause finish');
      await new Promise((r) => setTimeout(r, 3000));
      const held = await handle.query(progressQuery);
      assert.ok(held.completed <= 2, `at most the runs started before the pause completed (${held.completed})`);
      assert.equal(held.running, 0, 'nothing new started while paused');
      assert.equal(await runsWithQueries(), held.completed);
      await handle.signal(resumeSweepSignal);
      const done = await handle.result();
      assert.equal(done.completed, 6);
      assert.equal(await runsWithQueries(), 6);
    } finally {
      search.kill('SIGTERM');
    }
  });

  test('two search workers share a sweep, each recording part of it, exactly once overall', { timeout: 180_000 }, async () => {
    for (const w of workers.splice(0)) await w.shutdown();
    const queue = uniqueTaskQueue('shared');
    await controlWorker(queue);
    const a = searchWorkerProcess();
    const b = searchWorkerProcess();
    try {
      const spec = { benchmarks: ['nb201-cifar10'], methods: ['random', 'evolution'], seeds: { from: 21, to: 26 }, budget: '60q', parallelism: 12 };
      const { sweepId } = await launchSweep(env.client, spec, { taskQueue: queue });
      const progress = await env.client.workflow.getHandle(sweepId).result();
      assert.equal(progress.completed, 12);
      const { rows } = await env.pool.query(
        `select count(*)::int as n, count(distinct worker_id)::int as workers from query q join search_run r on r.id = q.run_id where r.sweep_id = $1`,
        [sweepId],
      );
      assert.equal(rows[0].n, 12 * 60);
      assert.equal(rows[0].workers, 2, 'both worker processes recorded queries');
    } finally {
      a.kill('SIGTERM');
      b.kill('SIGTERM');
    }
  });

  test('a worker that cannot reach PostgreSQL fails its activity with a clear error, and the run completes once one can', { timeout: 180_000 }, async () => {
    const queue = uniqueTaskQueue('nodb');
    await controlWorker(queue);
    const { address, namespace } = testTemporal();
    const broken = await startA2vWorker({ address, namespace, taskQueue: TASK_QUEUES.search, databaseUrl: 'postgresql://a2v:a2v@127.0.0.1:1/a2v' });
    const spec = { benchmarks: ['nb201-cifar10'], methods: ['random'], seeds: [31], budget: '20q' };
    const { sweepId } = await launchSweep(env.client, spec, { taskQueue: queue });
    const runWorkflowId = `${sweepId}.nb201-cifar10.random.s31`;
    let failure = '';
    for (let i = 0; i < 300 && !failure; i++) {
      await new Promise((r) => setTimeout(r, 200));
      try {
        const pending = (await env.client.workflow.getHandle(runWorkflowId).describe()).raw.pendingActivities ?? [];
        failure = pending[0]?.lastFailure?.message ?? '';
      } catch {
        // the child workflow is not started yet
      }
    }
    assert.match(failure, /cannot reach PostgreSQL \(ECONNREFUSED.*check DATABASE_URL on this worker/);
    await broken.shutdown();
    await searchWorker();
    const progress = await env.client.workflow.getHandle(sweepId).result();
    assert.equal(progress.completed, 1);
  });
});

test('an invalid spec lists every problem and starts nothing', async () => {
  const { execFile } = await import('node:child_process');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'a2v-spec-')), 'bad.yaml');
  writeFileSync(file, 'benchmarks: [nb999]\nmethods: [magic]\nseeds: {from: 3, to: 1}\nbudget: lots\n');
  const { address, namespace } = testTemporal();
  const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(join(findRepoRoot(), 'node_modules/.bin/a2v'), ['sweep', 'launch', file], { env: { ...process.env, DATABASE_URL: env.db.url, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace } },
      (error, _stdout, stderr) => resolve({ code: (error as { code?: number } | null)?.code ?? 0, stderr }));
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /invalid sweep spec \(4 problems\)/);
  for (const field of ['benchmarks.0', 'methods.0', 'seeds', 'budget']) assert.match(result.stderr, new RegExp(`- ${field.replace('.', '\\.')}`));
  const { rows } = await env.pool.query('select count(*)::int as n from sweep');
  const before = rows[0].n;
  assert.equal((await env.pool.query('select count(*)::int as n from sweep')).rows[0].n, before);
});
