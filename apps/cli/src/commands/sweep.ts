import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { databaseUrl, loadConfig, TASK_QUEUES, temporalAddress, temporalUiUrl } from '@a2v/config';
import { createPool, listSweeps, sweepStatus, type SweepStatusRow } from '@a2v/db';
import { connectClient, launchSweep, workflowUiUrl } from '@a2v/orchestrator';
import { readSweepSpec, SweepSpecError } from '@a2v/sweeps';
import { cancelSweepSignal, pauseSweepSignal, resumeSweepSignal } from '@a2v/workflows/api';
import { registerStoredBenchmarks } from './data.js';
import { action, printJson, UsageError } from '../output.js';

const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];

async function withPool<T>(fn: (pool: ReturnType<typeof createPool>) => Promise<T>): Promise<T> {
  const pool = createPool(databaseUrl(loadConfig()), 2);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

async function requireSweep(pool: ReturnType<typeof createPool>, id: string): Promise<SweepStatusRow> {
  const status = await sweepStatus(pool, id);
  if (!status) throw new UsageError(`no sweep '${id}' in the results database (see: a2v sweep list)`);
  return status;
}

function printStatus(s: SweepStatusRow): void {
  console.log(`sweep ${s.id}${s.name ? ` (${s.name})` : ''}: ${s.status}`);
  for (const p of s.pretraining) {
    const recon = p.heldOutReconstruction === null ? '' : `, held-out reconstruction ${(p.heldOutReconstruction * 100).toFixed(2)} %`;
    console.log(`pre-training ${p.space}: ${p.checkpointUri ? `done, checkpoint ${p.checkpointUri}${recon}` : `round ${p.round ?? 0} checkpointed`}`);
  }
  for (const [space, uri] of Object.entries(s.embeddings)) console.log(`embeddings ${space}: ${uri}`);
  console.log(`${'benchmark'.padEnd(18)} ${'method'.padEnd(14)} runs  done  run  fail  cancel  queries  best-val`);
  for (const m of s.methods) {
    console.log(`${m.benchmark.padEnd(18)} ${m.method.padEnd(14)} ${String(m.runs).padStart(4)}  ${String(m.completed).padStart(4)}  ${String(m.running).padStart(3)}  ${String(m.failed).padStart(4)}  ${String(m.cancelled).padStart(6)}  ${String(m.queries).padStart(7)}  ${m.bestValidation === null ? '-' : (m.bestValidation * 100).toFixed(2)}`);
  }
}

async function signal(id: string, which: 'cancel' | 'pause' | 'resume'): Promise<void> {
  const config = loadConfig();
  const client = await connectClient(temporalAddress(config), config.temporal.namespace);
  try {
    const definition = { cancel: cancelSweepSignal, pause: pauseSweepSignal, resume: resumeSweepSignal }[which];
    await client.workflow.getHandle(id).signal(definition);
  } finally {
    await client.connection.close();
  }
}

export function sweepCommand(): Command {
  const sweep = new Command('sweep').description('launch and follow sweeps (Temporal workflows recorded in PostgreSQL)');
  sweep.hook('preAction', () => registerStoredBenchmarks());

  sweep.command('launch').argument('<spec>', 'sweep spec, YAML or JSON').option('--id <sweepId>', 'choose the sweep id (default: generated)')
    .option('--pretrain-queue <name>', 'task queue of the pre-training workers (default a2v-pretrain)')
    .option('--embed-queue <name>', 'task queue of the embedding workers (default a2v-embed)')
    .option('--search-queue <name>', 'task queue of the search workers (default a2v-search)')
    .description('validate the spec, start the sweep workflow, print its id and the Temporal UI link')
    .action(action(async (file: string, opts: { id?: string; pretrainQueue?: string; embedQueue?: string; searchQueue?: string }) => {
      let spec;
      try {
        spec = readSweepSpec(file);
      } catch (error) {
        if (error instanceof SweepSpecError) throw new UsageError(error.message);
        throw error;
      }
      const config = loadConfig();
      const client = await connectClient(temporalAddress(config), config.temporal.namespace);
      try {
        const queues = { pretrain: opts.pretrainQueue, embed: opts.embedQueue, search: opts.searchQueue };
        const { sweepId, runId } = await launchSweep(client, spec, { sweepId: opts.id, taskQueue: TASK_QUEUES.control, queues });
        console.log(sweepId);
        const ui = temporalUiUrl(config);
        if (ui) console.error(`Temporal UI: ${workflowUiUrl(ui, config.temporal.namespace, sweepId, runId)}`);
      } finally {
        await client.connection.close();
      }
    }));

  sweep.command('status').argument('<sweepId>').option('--json', 'print JSON').description('runs, queries and best so far per method')
    .action(action(async (id: string, opts: { json?: boolean }) => {
      const status = await withPool((pool) => requireSweep(pool, id));
      if (opts.json) printJson(status);
      else printStatus(status);
    }));

  sweep.command('watch').argument('<sweepId>').option('--interval <seconds>', 'refresh interval', '2')
    .description('live progress until the sweep ends')
    .action(action(async (id: string, opts: { interval: string }) => {
      await withPool(async (pool) => {
        let status = await requireSweep(pool, id);
        const total = () => status.methods.reduce((n, m) => n + m.runs, 0);
        const done = () => status.methods.reduce((n, m) => n + m.completed + m.failed + m.cancelled, 0);
        const queries = () => status.methods.reduce((n, m) => n + m.queries, 0);
        const bar = new SingleBar({ format: '{phase} | runs {bar} {value}/{total} | queries {queries} | {best}', hideCursor: true }, Presets.shades_classic);
        const best = () => status.methods.map((m) => `${m.method} ${m.bestValidation === null ? '-' : (m.bestValidation * 100).toFixed(2)}`).join(', ');
        // Pre-training progress lives in the database too: the latest checkpointed round per space.
        const phase = () => {
          const training = status.pretraining.filter((p) => !p.checkpointUri);
          if (training.length) return training.map((p) => `pre-training ${p.space} round ${p.round ?? 0}`).join(', ');
          if (status.pretraining.length && Object.keys(status.embeddings).length === 0) return 'embedding';
          return status.status.toLowerCase();
        };
        bar.start(Math.max(total(), 1), done(), { queries: queries(), best: best(), phase: phase() });
        while (!TERMINAL.includes(status.status)) {
          await new Promise((r) => setTimeout(r, Number(opts.interval) * 1000));
          status = await requireSweep(pool, id);
          bar.setTotal(Math.max(total(), 1));
          bar.update(done(), { queries: queries(), best: best(), phase: phase() });
        }
        bar.stop();
        printStatus(status);
      });
    }));

  for (const which of ['cancel', 'pause', 'resume'] as const) {
    sweep.command(which).argument('<sweepId>').description(`${which} a sweep${which === 'pause' ? ' (no new runs start until resume)' : ''}`)
      .action(action(async (id: string) => {
        await signal(id, which);
        console.log(`${which} sent to ${id}`);
      }));
  }

  sweep.command('list').option('--limit <n>', 'how many', '20').description('recent sweeps')
    .action(action(async (opts: { limit: string }) => {
      const sweeps = await withPool((pool) => listSweeps(pool, Number(opts.limit)));
      for (const s of sweeps) console.log(`${s.id.padEnd(24)} ${s.status.padEnd(10)} ${String(s.runs).padStart(5)} runs  ${s.createdAt.toISOString()}  ${s.name ?? ''}`);
    }));
  return sweep;
}
