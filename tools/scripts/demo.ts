/**
 * `npm run demo`: brings up the local stack (or uses DATABASE_URL / TEMPORAL_ADDRESS), starts
 * workers, launches a real sweep on the vendored NAS-Bench-201 data through Temporal, follows it,
 * and prints the results table from PostgreSQL and the Temporal UI link. The stack stays up
 * afterwards so the UI can be browsed; `npx a2v stack down` stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { databaseUrl, findRepoRoot, loadConfig, TASK_QUEUES, temporalAddress, temporalUiUrl } from '@a2v/config';
import { createPool, sweepResults, sweepStatus } from '@a2v/db';
import { connectClient, launchSweep, startA2vWorker, workflowUiUrl } from '@a2v/orchestrator';
import { stackUp } from '@a2v/stack';
import { pretrainProgressQuery, progressQuery, type PretrainProgress, type SweepProgress } from '@a2v/workflows/api';
import type { Client } from '@temporalio/client';

process.env.A2V_LOG_LEVEL ??= 'warn'; // the demo prints its own progress
const started = Date.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
const config = loadConfig();

const spec = {
  name: 'demo: arch2vec on NAS-Bench-201 CIFAR-10, 100 queries',
  benchmarks: ['nb201-cifar10'],
  methods: ['arch2vec-bo', 'arch2vec-rl', 'evolution', 'random'],
  seeds: { from: 1, to: 3 },
  budget: '100q',
  parallelism: 4,
  // A short pre-training (the paper's is 10 epochs): 2 shards, one per worker process.
  pretrain: { epochs: Number(process.env.A2V_DEMO_EPOCHS ?? 3), shards: 2, stepsPerRound: 150 },
};
const PAPER: Record<string, string> = { 'arch2vec-bo': '94.18 ± 0.24', 'arch2vec-rl': '94.12 ± 0.42', evolution: '93.84', random: '93.75' };

/** One worker process per core for the heavy queues, so the two shards train in parallel. */
function workerProcess(connection: { address: string; namespace: string; databaseUrl: string }): ChildProcess {
  return spawn(join(findRepoRoot(), 'node_modules/.bin/a2v'), ['worker', '--queues', 'pretrain,embed,search', '--concurrency', 'pretrain=1,embed=1,search=2'], {
    env: { ...process.env, DATABASE_URL: connection.databaseUrl, TEMPORAL_ADDRESS: connection.address, TEMPORAL_NAMESPACE: connection.namespace, A2V_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function phaseLine(client: Client, sweepId: string): Promise<string> {
  const progress = await client.workflow.getHandle(sweepId).query<SweepProgress>(progressQuery).catch(() => undefined);
  if (progress?.phase !== 'pretraining') return progress?.phase ?? 'starting';
  const rounds = await client.workflow.getHandle(`${sweepId}.pretrain.nb201`).query<PretrainProgress>(pretrainProgressQuery).catch(() => undefined);
  return rounds ? `pretraining round ${rounds.round}/${rounds.rounds}${rounds.meanLoss === null ? '' : `, loss ${rounds.meanLoss.toFixed(3)}`}` : 'pretraining';
}

const pct = (x: number | null) => (x === null ? '   -  ' : (x * 100).toFixed(2));

try {
  say('a2v demo: bringing up the stack');
  const stack = await stackUp(config, (line) => say(`  ${line}`));
  say(`  PostgreSQL ${stack.postgres.url}`);
  say(`  Temporal   ${stack.temporal.address} (namespace ${stack.temporal.namespace})`);

  const connection = { address: temporalAddress(config), namespace: config.temporal.namespace, databaseUrl: databaseUrl(config) };
  const workers = [await startA2vWorker({ ...connection, taskQueue: TASK_QUEUES.control })];
  const processes = [workerProcess(connection), workerProcess(connection)];
  const client = await connectClient(connection.address, connection.namespace);
  const pool = createPool(connection.databaseUrl, 2);
  try {
    const { sweepId, runId } = await launchSweep(client, spec, { taskQueue: TASK_QUEUES.control });
    const ui = temporalUiUrl(config);
    say(`a2v demo: sweep ${sweepId} launched (${spec.pretrain.epochs}-epoch pre-training in ${spec.pretrain.shards} shards, then ${spec.methods.join(', ')} × ${spec.seeds.to - spec.seeds.from + 1} seeds, ${spec.budget})`);
    if (ui) say(`  follow it live: ${workflowUiUrl(ui, config.temporal.namespace, sweepId, runId)}`);
    const handle = client.workflow.getHandle(sweepId);
    const result = handle.result();
    let [lastLine, lastSaid] = ['', 0];
    for (let finished = false; !finished; ) {
      finished = await Promise.race([result.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
      const status = await sweepStatus(pool, sweepId);
      const runs = status?.methods.reduce((n, m) => n + m.runs, 0) ?? 0;
      const done = status?.methods.reduce((n, m) => n + m.completed, 0) ?? 0;
      const queries = status?.methods.reduce((n, m) => n + m.queries, 0) ?? 0;
      const line = `${await phaseLine(client, sweepId)}: runs ${done}/${runs}, queries recorded ${queries}`;
      // A line when something moved, else one every 30 s, so a slow machine does not flood the terminal.
      if (line !== lastLine || Date.now() - lastSaid > 30_000) {
        say(`  ${line}  [${((Date.now() - started) / 1000).toFixed(0)} s]`);
        [lastLine, lastSaid] = [line, Date.now()];
      }
    }
    await result;

    say(`\nResults (NAS-Bench-201 CIFAR-10: search on 12-epoch validation, report the incumbent's 200-epoch test accuracy)`);
    say(`${'method'.padEnd(12)} runs   test acc. %        val. regret %   queries   paper (Table 3, 100 seeds)`);
    for (const r of await sweepResults(pool, sweepId)) {
      say(`${r.method.padEnd(12)} ${String(r.runs).padStart(4)}   ${pct(r.testMean)} ± ${pct(r.testStd)}     ${pct(r.regretMean)}          ${r.queriesMean.toFixed(0)}       ${PAPER[r.method] ?? ''}`);
    }
    say(`(arch2vec here: a ${spec.pretrain.epochs}-epoch pre-training and ${spec.seeds.to - spec.seeds.from + 1} seeds; the paper pre-trains 10 epochs and averages 100 seeds)`);
    if (ui) say(`\nTemporal UI: ${workflowUiUrl(ui, config.temporal.namespace, sweepId, runId)}`);
    say(`Results DB:  psql "${databaseUrl(config)}" -c "select method, seed, query_count, summary->'best' from search_run where sweep_id = '${sweepId}'"`);
  } finally {
    await pool.end();
    await client.connection.close();
    for (const w of workers) await w.shutdown();
    for (const p of processes) p.kill('SIGTERM');
  }
  say(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; the stack is still up (stop it with: npx a2v stack down)`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`a2v demo: ${(error as Error).message}\n`);
  process.exit(1);
}
