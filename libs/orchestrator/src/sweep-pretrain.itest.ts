/**
 * Sweeps with arch2vec methods: sharded pre-training rounds on the pretrain queue, sharded embedding
 * on the embed queue, searches on the search queue — through a real Temporal server and PostgreSQL.
 * Every test uses its own task queues, so it never meets another test file's workers.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readArtifact } from '@a2v/artifacts';
import { findRepoRoot } from '@a2v/config';
import { sweepStatus } from '@a2v/db';
import { deserializeCheckpoint, parseEmbeddingSet } from '@a2v/model';
import { fromModelEmbeddingSet, runSearch } from '@a2v/search';
import { testTemporal, uniqueTaskQueue } from '@a2v/testing';
import type { SweepQueues } from '@a2v/workflows/api';
import { launchSweep, startA2vWorker, type WorkerRole } from './index.js';
import { recordedSequences, useSweepTestEnvironment } from './sweep-test-support.js';

// Bit-identical resumes need every pre-training worker on the same backend (native TensorFlow's
// multi-threaded kernels may sum in another order); wasm is everywhere, so the test pins it for the
// in-process workers and the spawned ones alike.
process.env.A2V_BACKEND = 'wasm';

const env = useSweepTestEnvironment();
const { workers } = env;

async function worker(role: WorkerRole, taskQueue: string): Promise<void> {
  const { address, namespace } = testTemporal();
  workers.push(await startA2vWorker({ address, namespace, taskQueue, role, databaseUrl: env.db.url, ...(role === 'control' ? { workflowBundle: env.bundle } : {}) }));
}

/** A worker as its own OS process (`a2v worker`), so the test can SIGKILL it like a crashed machine. */
function workerProcess(kind: 'pretrain' | 'embed' | 'search', taskQueue: string): ChildProcess {
  const { address, namespace } = testTemporal();
  return spawn(join(findRepoRoot(), 'node_modules/.bin/a2v'), ['worker', '--queues', kind, '--task-queue', taskQueue], {
    env: { ...process.env, DATABASE_URL: env.db.url, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, A2V_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

function queuesFor(label: string): SweepQueues & { control: string } {
  return { control: uniqueTaskQueue(`${label}-control`), pretrain: uniqueTaskQueue(`${label}-pretrain`), embed: uniqueTaskQueue(`${label}-embed`), search: uniqueTaskQueue(`${label}-search`) };
}

const PRETRAIN = { epochs: 2, shards: 2, subset: 1200, stepsPerRound: 8, seed: 5 };
const SPEC = { benchmarks: ['nb201-cifar10'], methods: ['arch2vec-bo', 'arch2vec-rl'], seeds: [1, 2, 3], budget: '24q', parallelism: 6, pretrain: PRETRAIN };

async function artifactsOf(sweepId: string): Promise<{ checkpoint: { uri: string; checksum: string; meta: { heldOut: { reconstructionAccuracy: number; opAccuracy: number; adjacencyAccuracy: number; graphs: number } } }; embeddings: string }> {
  const { rows } = await env.pool.query(`select kind, uri, checksum, meta from artifact where meta->>'sweepId' = $1 and kind in ('CHECKPOINT', 'EMBEDDINGS')`, [sweepId]);
  const sweep = await env.pool.query('select embeddings from sweep where id = $1', [sweepId]);
  return { checkpoint: rows.find((r) => r.kind === 'CHECKPOINT'), embeddings: sweep.rows[0].embeddings.nb201 };
}

const sequences = (sweepId: string) => recordedSequences(env.pool, sweepId);

let reference: { checksum: string; sequences: Map<string, string[]> } | undefined;

describe('sweeps that pre-train arch2vec and search its latent space', () => {
  test('2-shard pre-training rounds, 2-shard embedding, 2 arch2vec methods × 3 seeds, all recorded', { timeout: 600_000 }, async () => {
    const queues = queuesFor('a2v');
    await worker('control', queues.control);
    for (const role of ['pretrain', 'embed', 'search'] as const) await worker(role, queues[role]!);
    const { sweepId } = await launchSweep(env.client, SPEC, { taskQueue: queues.control, queues });
    const progress = await env.client.workflow.getHandle(sweepId).result();
    assert.equal(progress.completed, 6);
    assert.equal(progress.failed, 0);

    const { checkpoint, embeddings } = await artifactsOf(sweepId);
    assert.match(checkpoint.uri, new RegExp(`^pg://artifacts/sweeps/${sweepId}/pretrain-nb201/final\\.ckpt$`));
    // 68 steps per shard are far too few to reconstruct graphs; the test checks the rounds learnt.
    const { heldOut } = checkpoint.meta;
    assert.ok(heldOut.graphs === 120 && Number.isFinite(heldOut.opAccuracy), `held-out reconstruction measured: ${JSON.stringify(heldOut)}`);
    const trained = deserializeCheckpoint(await readArtifact(checkpoint.uri, env.pool));
    assert.equal(trained.losses.length, 9, 'one mean loss per round: ceil(2 epochs × 34 steps / 8)');
    assert.ok(trained.losses[8] < 0.6 * trained.losses[0], `loss falls over the rounds: ${trained.losses.map((l) => l.toFixed(2))}`);
    const set = parseEmbeddingSet(await readArtifact(embeddings, env.pool));
    assert.equal(set.count, 15_625, 'every NB201 architecture embedded');
    assert.equal(set.checkpointSha256, checkpoint.checksum, 'the set is tied to the checkpoint that made it');
    // Only the final checkpoint, the set and the last round's state remain: rounds are cleaned up.
    const rounds = await env.pool.query(`select count(*)::int as n from artifact where meta->>'sweepId' = $1 and kind = 'SHARD_WEIGHTS'`, [sweepId]);
    assert.ok(rounds.rows[0].n <= 4, `${rounds.rows[0].n} round artifacts left`);

    const { rows } = await env.pool.query('select status, query_count, budget_charged from search_run where sweep_id = $1', [sweepId]);
    assert.deepEqual(rows.map((r) => [r.status, r.query_count, r.budget_charged]), Array(6).fill(['COMPLETED', 24, 24]));
    const recorded = await sequences(sweepId);
    const searched = fromModelEmbeddingSet(set);
    for (const method of SPEC.methods) {
      for (const seed of SPEC.seeds) {
        const local = await runSearch({ benchmark: 'nb201-cifar10', method, seed, budget: SPEC.budget, embeddings: searched });
        assert.deepEqual(recorded.get(`${method}/${seed}`), local.trajectory.map((e) => e.key), `${method} seed ${seed} as the in-process runner`);
      }
    }
    const status = await sweepStatus(env.pool, sweepId);
    assert.deepEqual(status?.embeddings, { nb201: embeddings });
    assert.equal(status?.pretraining[0].checkpointUri, checkpoint.uri, 'a2v sweep status names the checkpoint');
    reference = { checksum: checkpoint.checksum, sequences: recorded };
  });

  test('SIGKILL of the pre-training worker mid-round and of the search worker mid-run: both resume, results identical', { timeout: 600_000 }, async () => {
    assert.ok(reference, 'needs the uninterrupted sweep of the previous test');
    const queues = queuesFor('chaos');
    await worker('control', queues.control);
    await worker('embed', queues.embed!);
    const pretrainFirst = workerProcess('pretrain', queues.pretrain!);
    const searchFirst = workerProcess('search', queues.search!);
    // The same pre-training; one RL run whose ~3 MB state is written only every 64 queries (its
    // queries are recorded every ≤ 32), so a resumed run must replay the ledger since its last state.
    const budget = 96;
    const { sweepId } = await launchSweep(env.client, { ...SPEC, methods: ['arch2vec-rl'], seeds: [2], budget: `${budget}q` }, { taskQueue: queues.control, queues });
    const poll = async <T>(read: () => Promise<T>, until: (value: T) => boolean, ms = 50): Promise<T> => {
      let value = await read();
      for (let i = 0; i < 600_000 / ms && !until(value); i++) {
        await new Promise((r) => setTimeout(r, ms));
        value = await read();
      }
      return value;
    };
    const latestRound = async () => {
      const { rows } = await env.pool.query(`select uri from artifact where meta->>'sweepId' = $1 and uri like '%/global-r%'`, [sweepId]);
      return Math.max(-1, ...rows.map((r) => Number(/global-r(\d+)/.exec(r.uri)![1])));
    };
    const round = await poll(latestRound, (r) => r >= 3, 100);
    pretrainFirst.kill('SIGKILL');
    const done = await env.pool.query(`select count(*)::int as n from artifact where meta->>'sweepId' = $1 and kind = 'CHECKPOINT'`, [sweepId]);
    assert.equal(done.rows[0].n, 0, `killed during pre-training (at round ${round})`);
    const pretrainSecond = workerProcess('pretrain', queues.pretrain!);
    const searchSecond: ChildProcess[] = [];
    try {
      const recorded = async () => (await env.pool.query('select query_count::int as n from search_run where sweep_id = $1', [sweepId])).rows[0]?.n ?? 0;
      const atKill = await poll(recorded, (n) => n >= 16);
      searchFirst.kill('SIGKILL');
      assert.ok(atKill < budget, `killed mid-run (at ${atKill} queries)`);
      searchSecond.push(workerProcess('search', queues.search!));
      const progress = await env.client.workflow.getHandle(sweepId).result();
      assert.equal(progress.completed, 1);
    } finally {
      for (const p of [pretrainSecond, searchFirst, ...searchSecond]) p.kill('SIGTERM');
    }
    const { checkpoint, embeddings } = await artifactsOf(sweepId);
    assert.equal(checkpoint.checksum, reference.checksum, 'the resumed pre-training wrote the same checkpoint bytes');
    const counts = await env.pool.query(
      `select count(*)::int as n, count(distinct q.query_index)::int as d from query q join search_run r on r.id = q.run_id where r.sweep_id = $1`,
      [sweepId],
    );
    assert.deepEqual(counts.rows[0], { n: budget, d: budget }, '0 lost, 0 duplicated queries');
    const set = fromModelEmbeddingSet(parseEmbeddingSet(await readArtifact(embeddings, env.pool)));
    const local = await runSearch({ benchmark: 'nb201-cifar10', method: 'arch2vec-rl', seed: 2, budget: `${budget}q`, embeddings: set });
    assert.deepEqual((await sequences(sweepId)).get('arch2vec-rl/2'), local.trajectory.map((e) => e.key), 'the resumed search queried what an uninterrupted one does');
  });
});
