import { fileURLToPath } from 'node:url';
import { createEmbedActivities, createPretrainActivities, createRoundTripActivities, createSearchActivities, createSweepControlActivities } from '@a2v/activities';
import { createLogger, TASK_QUEUES } from '@a2v/config';
import { createPool, createPrisma, type PrismaClient } from '@a2v/db';
import type pg from 'pg';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';

export interface A2vWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  /** Pre-built bundle (tests build it once); otherwise the worker bundles the workflows lib itself. */
  workflowBundle?: WorkflowBundle;
  identity?: string;
  maxConcurrentActivities?: number;
  /** What the worker serves; by default derived from the queue name (an unknown name serves control work). */
  role?: WorkerRole;
}

export type WorkerRole = 'control' | 'search' | 'pretrain' | 'embed';

function roleOf(taskQueue: string): WorkerRole {
  const byQueue: Record<string, WorkerRole> = { [TASK_QUEUES.search]: 'search', [TASK_QUEUES.pretrain]: 'pretrain', [TASK_QUEUES.embed]: 'embed' };
  return byQueue[taskQueue] ?? 'control';
}

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped (after shutdown() or a fatal error). */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

export function workflowsEntry(): string {
  return fileURLToPath(import.meta.resolve('@a2v/workflows'));
}

const noop = (): void => undefined;
let runtimeInstalled = false;
function quietRuntime(): void {
  // Core's own logs go through our level so test output stays readable.
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  // Core is chatty at INFO (every worker state change): show its warnings unless debugging.
  const level = ['debug', 'trace'].includes(process.env.A2V_LOG_LEVEL ?? '') ? 'DEBUG' : 'WARN';
  const known = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
  Runtime.install({ logger: new (class {
    log(lvl: string, message: string) {
      // Activity-only workers (search, pretrain, embed) are meant to register no workflows.
      if (message.startsWith('No workflows registered')) return;
      if (known.indexOf(lvl) >= known.indexOf(level)) process.stderr.write(`[temporal ${lvl}] ${message}\n`);
    }
    trace = noop;
    debug = noop;
    info(m: string) { this.log('INFO', m); }
    warn(m: string) { this.log('WARN', m); }
    error(m: string) { this.log('ERROR', m); }
  })() });
}

export async function bundleWorkflows(): Promise<WorkflowBundle> {
  quietRuntime();
  const silent = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
  return bundleWorkflowCode({ workflowsPath: workflowsEntry(), logger: silent });
}

function activitiesFor(role: WorkerRole, pool: pg.Pool, prisma: PrismaClient): object {
  switch (role) {
    case 'search':
      return createSearchActivities(pool);
    case 'pretrain':
      return createPretrainActivities(pool);
    case 'embed':
      return createEmbedActivities(pool);
    default:
      return { ...createRoundTripActivities(prisma), ...createSweepControlActivities(pool) };
  }
}

/** A worker serving one task queue with every a2v activity bound to the results database. */
export async function startA2vWorker(o: A2vWorkerOptions): Promise<RunningWorker> {
  quietRuntime();
  const log = createLogger('worker');
  const connection = await NativeConnection.connect({ address: o.address });
  const prisma = createPrisma(o.databaseUrl);
  const pool = createPool(o.databaseUrl, 4);
  // Workflows run on the control queue; each other queue serves only its own activities, so GPU
  // machines can serve pretrain/embed and CPU machines search.
  const role = o.role ?? roleOf(o.taskQueue);
  const isControl = role === 'control';
  const activities = activitiesFor(role, pool, prisma);
  const worker = await Worker.create({
    connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    activities,
    ...(o.identity ? { identity: o.identity } : {}),
    ...(o.maxConcurrentActivities ? { maxConcurrentActivityTaskExecutions: o.maxConcurrentActivities } : {}),
    ...(isControl ? { workflowBundle: o.workflowBundle ?? (await bundleWorkflows()) } : {}),
  });
  log.info({ taskQueue: o.taskQueue, role, namespace: o.namespace }, 'worker started');
  const done = worker.run().finally(async () => {
    await prisma.$disconnect();
    await pool.end();
    await connection.close();
  });
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
