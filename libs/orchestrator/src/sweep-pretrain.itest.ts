/**
 * Sweeps with arch2vec methods: sharded pre-training rounds on the pretrain queue, sharded embedding
 * on the embed queue, searches on the search queue — through a real Temporal server and PostgreSQL.
 * Every test uses its own task queues, so it never meets another test file's workers.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readArtifact } from '@a2v/artifacts';
import { findRepoRoot } from '@a2v/config';
import { createPool, sweepStatus } from '@a2v/db';
import { deserializeCheckpoint, parseEmbeddingSet } from '@a2v/model';
import { fromModelEmbeddingSet, runSearch } from '@a2v/search';
import { createTestDatabase, testTemporal, uniqueTaskQueue, type TestDatabase } from '@a2v/testing';
import type { SweepQueues } from '@a2v/workflows/api';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { bundleWorkflows, connectClient, launchSweep, startA2vWorker, type RunningWorker, type WorkerRole } from './index.js';

let db: TestDatabase;
let pool: pg.Pool;
let client: Client;
let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;
const workers: RunningWorker[] = [];

before(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url);
  const { address, namespace } = testTemporal();
  client = await connectClient(address, namespace);
  bundle = await bundleWorkflows();
});
after(async () => {
  for (const w of workers) await w.shutdown().catch(() => undefined);
  await client?.connection.close();
  await pool?.end();
  await db?.drop();
});

async function worker(role: WorkerRole, taskQueue: string): Promise<void> {
  const { address, namespace } = testTemporal();
  workers.push(await startA2vWorker({ address, namespace, taskQueue, role, databaseUrl: db.url, ...(role === 'control' ? { workflowBundle: bundle } : {}) }));
}

/** A worker as its own OS process (`a2v worker`), so the test can SIGKILL it like a crashed machine. */
function workerProcess(kind: 'pretrain' | 'embed' | 'search', taskQueue: string): ChildProcess {
  const { address, namespace } = testTemporal();
  return spawn(join(findRepoRoot(), 'node_modules/.bin/a2v'), ['worker', '--queues', kind, '--task-queue', taskQueue], {
    env: { ...process.env, DATABASE_URL: db.url, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, A2V_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

function queuesFor(label: string): SweepQueues & { control: string } {
  return { control: uniqueTaskQueue(`${label}-control`), pretrain: uniqueTaskQueue(`${label}-pretrain`), embed: uniqueTaskQueue(`${label}-embed`), search: uniqueTaskQueue(`${label}-search`) };
}

const PRETRAIN = { epochs: 2, shards: 2, subset: 1200, stepsPerRound: 8, seed: 5 };
const SPEC = { benchmarks: ['nb201-cifar10'], methods: ['arch2vec-bo', 'arch2vec-rl'], seeds: [1, 2, 3], budget: '24q', parallelism: 6, pretrain: PRETRAIN };

async function artifactsOf(sweepId: string): Promise<{ checkpoint: { uri: string; checksum: string; meta: { heldOut: { reconstructionAccuracy: number; opAccuracy: number; adjacencyAccuracy: number; graphs: number } } }; embeddings: string }> {
  const { rows } = await pool.query(`select kind, uri, checksum, meta from artifact where meta->>'sweepId' = $1 and kind in ('CHECKPOINT', 'EMBEDDINGS')`, [sweepId]);
  const sweep = await pool.query('select embeddings from sweep where id = $1', [sweepId]);
  return { checkpoint: rows.find((r) => r.kind === 'CHECKPOINT'), embeddings: sweep.rows[0].embeddings.nb201 };
}

async function sequences(sweepId: string): Promise<Map<string, string[]>> {
  const { rows } = await pool.query(
    `select r.method, r.seed, a.hash from query q join search_run r on r.id = q.run_id join architecture a on a.id = q.architecture_id
     where r.sweep_id = $1 order by r.method, r.seed, q.query_index`,
    [sweepId],
  );
  const bySeed = new Map<string, string[]>();
  for (const r of rows) bySeed.set(`${r.method}/${r.seed}`, [...(bySeed.get(`${r.method}/${r.seed}`) ?? []), r.hash]);
  return bySeed;
}

let reference: { checksum: string; sequences: Map<string, string[]> } | undefined;

describe('sweeps that pre-train arch2vec and search its latent space', () => {
  test('2-shard pre-training rounds, 2-shard embedding, 2 arch2vec methods × 3 seeds, all recorded', { timeout: 600_000 }, async () => {
    const queues = queuesFor('a2v');
    await worker('control', queues.control);
    for (const role of ['pretrain', 'embed', 'search'] as const) await worker(role, queues[role]!);
    const { sweepId } = await launchSweep(client, SPEC, { taskQueue: queues.control, queues });
    const progress = await client.workflow.getHandle(sweepId).result();
    assert.equal(progress.completed, 6);
    assert.equal(progress.failed, 0);

    const { checkpoint, embeddings } = await artifactsOf(sweepId);
    assert.match(checkpoint.uri, new RegExp(`^pg://artifacts/sweeps/${sweepId}/pretrain-nb201/final\\.ckpt$`));
    // 68 steps per shard are far too few to reconstruct graphs; the test checks the rounds learnt.
    const { heldOut } = checkpoint.meta;
    assert.ok(heldOut.graphs === 120 && Number.isFinite(heldOut.opAccuracy), `held-out reconstruction measured: ${JSON.stringify(heldOut)}`);
    const trained = deserializeCheckpoint(await readArtifact(checkpoint.uri, pool));
    assert.equal(trained.losses.length, 9, 'one mean loss per round: ceil(2 epochs × 34 steps / 8)');
    assert.ok(trained.losses[8] < 0.6 * trained.losses[0], `loss falls over the rounds: ${trained.losses.map((l) => l.toFixed(2))}`);
    const set = parseEmbeddingSet(await readArtifact(embeddings, pool));
    assert.equal(set.count, 15_625, 'every NB201 architecture embedded');
    assert.equal(set.checkpointSha256, checkpoint.checksum, 'the set is tied to the checkpoint that made it');
    // Only the final checkpoint, the set and the last round's state remain: rounds are cleaned up.
    const rounds = await pool.query(`select count(*)::int as n from artifact where meta->>'sweepId' = $1 and kind = 'SHARD_WEIGHTS'`, [sweepId]);
    assert.ok(rounds.rows[0].n <= 4, `${rounds.rows[0].n} round artifacts left`);

    const { rows } = await pool.query('select status, query_count, budget_charged from search_run where sweep_id = $1', [sweepId]);
    assert.deepEqual(rows.map((r) => [r.status, r.query_count, r.budget_charged]), Array(6).fill(['COMPLETED', 24, 24]));
    const recorded = await sequences(sweepId);
    const searched = fromModelEmbeddingSet(set);
    for (const method of SPEC.methods) {
      for (const seed of SPEC.seeds) {
        const local = await runSearch({ benchmark: 'nb201-cifar10', method, seed, budget: SPEC.budget, embeddings: searched });
        assert.deepEqual(recorded.get(`${method}/${seed}`), local.trajectory.map((e) => e.key), `${method} seed ${seed} as the in-process runner`);
      }
    }
    const status = await sweepStatus(pool, sweepId);
    assert.deepEqual(status?.embeddings, { nb201: embeddings });
    assert.equal(status?.pretraining[0].checkpointUri, checkpoint.uri, 'a2v sweep status names the checkpoint');
    reference = { checksum: checkpoint.checksum, sequences: recorded };
  });

  test('SIGKILL of the pre-training worker mid-round: a new one resumes, and checkpoint and searches are identical', { timeout: 600_000 }, async () => {
    assert.ok(reference, 'needs the uninterrupted sweep of the previous test');
    const queues = queuesFor('chaos');
    await worker('control', queues.control);
    for (const role of ['embed', 'search'] as const) await worker(role, queues[role]!);
    const first = workerProcess('pretrain', queues.pretrain!);
    // The same pre-training; one search run is enough to show the embedding set is the same.
    const { sweepId } = await launchSweep(client, { ...SPEC, methods: ['arch2vec-rl'], seeds: [2] }, { taskQueue: queues.control, queues });
    // Kill once a few rounds are in, far from the end.
    let round = -1;
    for (let i = 0; i < 1200 && round < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const { rows } = await pool.query(`select uri from artifact where meta->>'sweepId' = $1 and uri like '%/global-r%'`, [sweepId]);
      round = Math.max(-1, ...rows.map((r) => Number(/global-r(\d+)/.exec(r.uri)![1])));
    }
    first.kill('SIGKILL');
    const done = await pool.query(`select count(*)::int as n from artifact where meta->>'sweepId' = $1 and kind = 'CHECKPOINT'`, [sweepId]);
    assert.equal(done.rows[0].n, 0, `killed during pre-training (at round ${round})`);
    const second = workerProcess('pretrain', queues.pretrain!);
    try {
      const progress = await client.workflow.getHandle(sweepId).result();
      assert.equal(progress.completed, 1);
    } finally {
      second.kill('SIGTERM');
    }
    const { checkpoint } = await artifactsOf(sweepId);
    assert.equal(checkpoint.checksum, reference.checksum, 'the resumed pre-training wrote the same checkpoint bytes');
    assert.deepEqual((await sequences(sweepId)).get('arch2vec-rl/2'), reference.sequences.get('arch2vec-rl/2'), 'the search queried the same architectures');
  });
});
