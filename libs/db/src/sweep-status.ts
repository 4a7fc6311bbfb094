import type pg from 'pg';

export interface MethodStatus {
  benchmark: string;
  method: string;
  runs: number;
  completed: number;
  running: number;
  failed: number;
  cancelled: number;
  queries: number;
  /** Best validation accuracy recorded so far in any run of this method. */
  bestValidation: number | null;
}

/** Pre-training of one search space in a sweep, as its artifacts show it. */
export interface PretrainStatus {
  space: string;
  /** Rounds whose global state is stored (the latest checkpointed round). */
  round: number | null;
  checkpointUri: string | null;
  heldOutReconstruction: number | null;
}

export interface SweepStatusRow {
  id: string;
  name: string | null;
  status: string;
  createdAt: Date;
  finishedAt: Date | null;
  methods: MethodStatus[];
  pretraining: PretrainStatus[];
  /** Embedding-set URI per space the arch2vec runs search. */
  embeddings: Record<string, string>;
}

async function pretrainStatus(pool: pg.Pool, sweepId: string): Promise<PretrainStatus[]> {
  const { rows } = await pool.query<{ space: string; round: number | null; uri: string | null; recon: number | null }>(
    `select meta->>'space' as space,
            max(substring(uri from '/global-r([0-9]+)\\.ckpt$')::int) as round,
            max(uri) filter (where kind = 'CHECKPOINT') as uri,
            max((meta->'heldOut'->>'reconstructionAccuracy')::float8) filter (where kind = 'CHECKPOINT') as recon
     from artifact where meta->>'sweepId' = $1 and kind in ('CHECKPOINT', 'SHARD_WEIGHTS') group by 1 order by 1`,
    [sweepId],
  );
  return rows.map((r) => ({ space: r.space, round: r.round, checkpointUri: r.uri, heldOutReconstruction: r.recon }));
}

export async function sweepStatus(pool: pg.Pool, sweepId: string): Promise<SweepStatusRow | undefined> {
  const sweep = await pool.query('select id, name, status, created_at, finished_at, embeddings from sweep where id = $1', [sweepId]);
  if (!sweep.rows[0]) return undefined;
  const { rows } = await pool.query(
    `select r.benchmark, r.method, count(*)::int as runs,
            count(*) filter (where r.status = 'COMPLETED')::int as completed,
            count(*) filter (where r.status = 'RUNNING')::int as running,
            count(*) filter (where r.status = 'FAILED')::int as failed,
            count(*) filter (where r.status = 'CANCELLED')::int as cancelled,
            coalesce(sum(r.query_count), 0)::int as queries,
            (select max((q.metrics->>'validationAccuracy')::float8) from query q join search_run r2 on r2.id = q.run_id
              where r2.sweep_id = $1 and r2.benchmark = r.benchmark and r2.method = r.method) as best
     from search_run r where r.sweep_id = $1 group by r.benchmark, r.method order by r.benchmark, r.method`,
    [sweepId],
  );
  const s = sweep.rows[0];
  return {
    id: s.id, name: s.name, status: s.status, createdAt: s.created_at, finishedAt: s.finished_at,
    methods: rows.map((r) => ({
      benchmark: r.benchmark, method: r.method, runs: r.runs, completed: r.completed, running: r.running, failed: r.failed,
      cancelled: r.cancelled, queries: r.queries, bestValidation: r.best,
    })),
    pretraining: await pretrainStatus(pool, sweepId),
    embeddings: s.embeddings ?? {},
  };
}

export async function listSweeps(pool: pg.Pool, limit = 20): Promise<Array<{ id: string; name: string | null; status: string; createdAt: Date; runs: number }>> {
  const { rows } = await pool.query(
    `select s.id, s.name, s.status, s.created_at, (select count(*)::int from search_run r where r.sweep_id = s.id) as runs
     from sweep s order by s.created_at desc limit $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, status: r.status, createdAt: r.created_at, runs: r.runs }));
}
