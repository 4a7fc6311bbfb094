import type pg from 'pg';
import { withTransaction } from './transaction.js';
import { recordQueriesIn, type QueryRecord, type RecordedQuery } from './ledger.js';

export interface NewRun {
  id: string;
  space: string;
  benchmark: string;
  method: string;
  seed: number;
  budgetKind: 'QUERIES' | 'SECONDS';
  budgetLimit: number;
}

/** Creates the sweep and all its runs, or finds them: safe to repeat after a crash (ids are deterministic). */
export function createSweepWithRuns(pool: pg.Pool, sweep: { id: string; name?: string; spec: unknown }, runs: NewRun[]): Promise<{ created: number }> {
  return withTransaction(pool, async (client) => {
    await client.query(
      `insert into sweep (id, name, spec, status) values ($1, $2, $3::jsonb, 'RUNNING') on conflict (id) do nothing`,
      [sweep.id, sweep.name ?? null, JSON.stringify(sweep.spec)],
    );
    let created = 0;
    for (let i = 0; i < runs.length; i += 2000) {
      const page = runs.slice(i, i + 2000);
      const result = await client.query(
        `insert into search_run (id, sweep_id, space, benchmark, method, seed, budget_kind, budget_limit)
         select r.id, $1, r.space, r.benchmark, r.method, r.seed, r.kind::"BudgetKind", r.lim
         from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::float8[])
           as r(id, space, benchmark, method, seed, kind, lim)
         on conflict (id) do nothing`,
        [sweep.id, ...(['id', 'space', 'benchmark', 'method', 'seed', 'budgetKind', 'budgetLimit'] as const).map((k) => page.map((r) => r[k]))],
      );
      created += result.rowCount ?? 0;
    }
    return { created };
  });
}

export interface RunRow {
  id: string;
  sweepId: string;
  space: string;
  benchmark: string;
  method: string;
  seed: number;
  budgetKind: 'QUERIES' | 'SECONDS';
  budgetLimit: number;
  budgetCharged: number;
  queryCount: number;
  status: string;
  state: unknown;
  stateQueryCount: number | null;
}

export async function loadRun(pool: pg.Pool, runId: string): Promise<RunRow | undefined> {
  const { rows } = await pool.query(
    `select id, sweep_id, space, benchmark, method, seed, budget_kind, budget_limit, budget_charged, query_count, status, state, state_query_count
     from search_run where id = $1`,
    [runId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id, sweepId: r.sweep_id, space: r.space, benchmark: r.benchmark, method: r.method, seed: r.seed,
    budgetKind: r.budget_kind, budgetLimit: r.budget_limit, budgetCharged: r.budget_charged, queryCount: r.query_count,
    status: r.status, state: r.state, stateQueryCount: r.state_query_count,
  };
}

/**
 * One search round, atomically: its queries (charged by the ledger trigger) and, when given, the
 * strategy state (serialised JSON) that follows them. A crash before COMMIT leaves neither, so a
 * retry re-proposes the same round. Without a state, the stored one stays behind the ledger and a
 * resumed run replays the queries since it (see @a2v/activities' search activity).
 */
export function recordRound(pool: pg.Pool, runId: string, records: QueryRecord[], stateJson: string | undefined): Promise<RecordedQuery[]> {
  return withTransaction(pool, async (client) => {
    const recorded = await recordQueriesIn(client, records);
    if (stateJson !== undefined) {
      await client.query(
        `update search_run set state = $2::jsonb, state_query_count = $3, status = 'RUNNING' where id = $1`,
        [runId, stateJson, records.length ? records.at(-1)!.index + 1 : null],
      );
    } else if (records.length) {
      await client.query(`update search_run set status = 'RUNNING' where id = $1 and status = 'PENDING'`, [runId]);
    }
    return recorded;
  });
}

export async function setRunStatus(pool: pg.Pool, runId: string, status: 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED', summary?: unknown): Promise<void> {
  await pool.query(
    `update search_run set status = $2::"RunStatus", summary = coalesce($3::jsonb, summary),
       finished_at = case when $2 in ('COMPLETED', 'FAILED', 'CANCELLED') then coalesce(finished_at, now()) else finished_at end
     where id = $1`,
    [runId, status, summary === undefined ? null : JSON.stringify(summary)],
  );
}

export async function setSweepStatus(pool: pg.Pool, sweepId: string, status: 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'FAILED' | 'CANCELLED'): Promise<void> {
  await pool.query(
    `update sweep set status = $2::"SweepStatus",
       finished_at = case when $2 in ('COMPLETED', 'FAILED', 'CANCELLED') then coalesce(finished_at, now()) else null end
     where id = $1`,
    [sweepId, status],
  );
}

/** Records the embedding set (artifact URI) per search space that the sweep's arch2vec runs search. */
export async function setSweepEmbeddings(pool: pg.Pool, sweepId: string, embeddings: Record<string, string>): Promise<void> {
  await pool.query('update sweep set embeddings = $2::jsonb where id = $1', [sweepId, JSON.stringify(embeddings)]);
}

/** The sweep's embedding-set URI per space ({} when it has none or does not exist). */
export async function sweepEmbeddings(pool: pg.Pool, sweepId: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ embeddings: Record<string, string> | null }>('select embeddings from sweep where id = $1', [sweepId]);
  return rows[0]?.embeddings ?? {};
}

/** Marks every unfinished run of a sweep cancelled (a cancelled run takes no more queries). */
export async function cancelOpenRuns(pool: pg.Pool, sweepId: string): Promise<number> {
  const result = await pool.query(
    `update search_run set status = 'CANCELLED', finished_at = now() where sweep_id = $1 and status in ('PENDING', 'RUNNING')`,
    [sweepId],
  );
  return result.rowCount ?? 0;
}

export async function runIdsPage(pool: pg.Pool, sweepId: string, offset: number, limit: number): Promise<string[]> {
  const { rows } = await pool.query(
    `select id from search_run where sweep_id = $1 order by seed, benchmark, method, id offset $2 limit $3`,
    [sweepId, offset, limit],
  );
  return rows.map((r) => r.id);
}

/** The recorded trajectory of a run, in query order: what summaries and resumes are computed from. */
export async function runQueries(pool: pg.Pool, runId: string): Promise<Array<{ index: number; hash: string; metrics: Record<string, number>; cumulativeCost: number }>> {
  const { rows } = await pool.query(
    `select q.query_index, a.hash, q.metrics, q.cumulative_cost from query q join architecture a on a.id = q.architecture_id
     where q.run_id = $1 order by q.query_index`,
    [runId],
  );
  return rows.map((r) => ({ index: r.query_index, hash: r.hash, metrics: r.metrics, cumulativeCost: r.cumulative_cost }));
}
