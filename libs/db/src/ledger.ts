import type pg from 'pg';
import { withTransaction } from './transaction.js';
import { BudgetExceededError, LedgerConflictError, RunClosedError, SQLSTATE, sqlState } from './errors.js';

/** One sampled architecture and what the benchmark returned for it. */
export interface QueryRecord {
  runId: string;
  index: number;
  space: string;
  architectureHash: string;
  encoding: unknown;
  metrics: Record<string, number | null>;
  simulatedCost: number;
  wallClockMs?: number;
  workerId?: string;
  attempt?: number;
}

export interface RecordedQuery {
  index: number;
  architectureHash: string;
  charged: number;
  cumulativeCost: number;
  /** false when the row was already there (a retried activity replaying its work). */
  inserted: boolean;
}

const upsertArchitecture = `
  insert into architecture (space, hash, encoding) values ($1, $2, $3::jsonb)
  on conflict (space, hash) do update set hash = excluded.hash
  returning id`;

const insertQuery = `
  insert into query (run_id, query_index, architecture_id, metrics, simulated_cost, wall_clock_ms, worker_id, attempt)
  values ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
  returning charged, cumulative_cost`;

const existingAt = `
  select a.hash, q.charged, q.cumulative_cost
  from query q join architecture a on a.id = q.architecture_id
  where q.run_id = $1 and q.query_index = $2`;

async function replayed(client: pg.PoolClient | pg.Pool, record: QueryRecord): Promise<RecordedQuery | undefined> {
  const { rows } = await client.query(existingAt, [record.runId, record.index]);
  if (rows.length === 0) return undefined;
  const row = rows[0];
  if (row.hash !== record.architectureHash) {
    throw new LedgerConflictError(
      `run ${record.runId} query ${record.index} is already recorded as ${row.hash}, not ${record.architectureHash}: the search is not deterministic`,
    );
  }
  return { index: record.index, architectureHash: row.hash, charged: row.charged, cumulativeCost: row.cumulative_cost, inserted: false };
}

function translate(error: unknown, record: QueryRecord): Error {
  switch (sqlState(error)) {
    case SQLSTATE.budgetExceeded:
    case SQLSTATE.checkViolation:
      return new BudgetExceededError(`run ${record.runId}: query ${record.index} would exceed the budget (${(error as Error).message})`);
    case SQLSTATE.runClosed:
      return new RunClosedError((error as Error).message);
    case SQLSTATE.uniqueViolation:
      return new LedgerConflictError(`run ${record.runId}: ${(error as Error).message} (architecture ${record.architectureHash} already charged in this run?)`);
    default:
      return error as Error;
  }
}

/**
 * Records one query exactly once per (run, index) and charges its budget in the same transaction.
 * Replaying an index already recorded with the same architecture returns the stored row and charges
 * nothing, which is what makes a retried search activity idempotent.
 */
export async function recordQuery(pool: pg.Pool, record: QueryRecord): Promise<RecordedQuery> {
  const [result] = await recordQueries(pool, [record]);
  return result;
}

/** Records a batch in one transaction (one round trip per row, one commit): all or nothing. */
export function recordQueries(pool: pg.Pool, records: QueryRecord[]): Promise<RecordedQuery[]> {
  return withTransaction(pool, (client) => recordQueriesIn(client, records));
}

/**
 * The batch inside a transaction the caller owns (so it can commit other rows with it). A batch
 * of one run with consecutive new indexes goes in three statements; anything else (a replay, a
 * race with another writer) takes the row-by-row path, which sorts out each row on its own.
 */
export async function recordQueriesIn(client: pg.PoolClient, records: QueryRecord[]): Promise<RecordedQuery[]> {
  if (records.length > 1 && isOneRunInOrder(records)) {
    await client.query('savepoint batch');
    try {
      const fast = await recordBatch(client, records);
      await client.query('release savepoint batch');
      if (fast) return fast;
    } catch (error) {
      await client.query('rollback to savepoint batch');
      if (![SQLSTATE.uniqueViolation, SQLSTATE.indexOutOfOrder].includes(sqlState(error) as never)) throw translate(error, records[0]);
    }
  }
  return recordRowByRow(client, records);
}

function isOneRunInOrder(records: QueryRecord[]): boolean {
  return records.every((r, i) => r.runId === records[0].runId && r.space === records[0].space && r.index === records[0].index + i);
}

/** Three statements for a whole round; undefined when some index is already recorded (a replay). */
async function recordBatch(client: pg.PoolClient, records: QueryRecord[]): Promise<RecordedQuery[] | undefined> {
  const first = records[0];
  const taken = await client.query('select 1 from query where run_id = $1 and query_index = any($2::int[]) limit 1', [first.runId, records.map((r) => r.index)]);
  if (taken.rowCount) return undefined;
  // Sorted, and DO NOTHING (no row locks on existing architectures): concurrent runs never deadlock here.
  const byHash = [...records].sort((a, b) => (a.architectureHash < b.architectureHash ? -1 : 1));
  await client.query(
    `insert into architecture (space, hash, encoding) select $1, h, e::jsonb from unnest($2::text[], $3::text[]) as t(h, e)
     on conflict (space, hash) do nothing`,
    [first.space, byHash.map((r) => r.architectureHash), byHash.map((r) => JSON.stringify(r.encoding))],
  );
  const { rows } = await client.query(
    `insert into query (run_id, query_index, architecture_id, metrics, simulated_cost, wall_clock_ms, worker_id, attempt)
     select $1, t.idx, a.id, t.m::jsonb, t.c, t.w, t.wid, t.att
     from unnest($2::int[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::int[]) as t(idx, h, m, c, w, wid, att)
     join architecture a on a.space = $9 and a.hash = t.h
     order by t.idx
     returning query_index, charged, cumulative_cost`,
    [
      first.runId, records.map((r) => r.index), records.map((r) => r.architectureHash), records.map((r) => JSON.stringify(r.metrics)),
      records.map((r) => r.simulatedCost), records.map((r) => r.wallClockMs ?? null), records.map((r) => r.workerId ?? null),
      records.map((r) => r.attempt ?? 1), first.space,
    ],
  );
  if (rows.length !== records.length) throw new LedgerConflictError(`run ${first.runId}: batch wrote ${rows.length} of ${records.length} rows`);
  const byIndex = new Map(rows.map((r) => [r.query_index as number, r]));
  return records.map((r) => ({ index: r.index, architectureHash: r.architectureHash, charged: byIndex.get(r.index)!.charged, cumulativeCost: byIndex.get(r.index)!.cumulative_cost, inserted: true }));
}

async function recordRowByRow(client: pg.PoolClient, records: QueryRecord[]): Promise<RecordedQuery[]> {
  const results: RecordedQuery[] = [];
  for (const record of records) {
    const earlier = await replayed(client, record);
    if (earlier) {
      results.push(earlier);
      continue;
    }
    await client.query('savepoint q');
    try {
      const arch = await client.query(upsertArchitecture, [record.space, record.architectureHash, JSON.stringify(record.encoding)]);
      const { rows } = await client.query(insertQuery, [
        record.runId, record.index, arch.rows[0].id, JSON.stringify(record.metrics), record.simulatedCost,
        record.wallClockMs ?? null, record.workerId ?? null, record.attempt ?? 1,
      ]);
      await client.query('release savepoint q');
      results.push({ index: record.index, architectureHash: record.architectureHash, charged: rows[0].charged, cumulativeCost: rows[0].cumulative_cost, inserted: true });
    } catch (error) {
      await client.query('rollback to savepoint q');
      // A concurrent writer may have recorded this very index between our check and insert.
      const raced = [SQLSTATE.uniqueViolation, SQLSTATE.indexOutOfOrder].includes(sqlState(error) as never)
        ? await replayed(client, record)
        : undefined;
      if (raced) results.push(raced);
      else throw translate(error, record);
    }
  }
  return results;
}

export interface RunBudget {
  budgetKind: 'QUERIES' | 'SECONDS';
  budgetLimit: number;
  budgetCharged: number;
  queryCount: number;
  status: string;
}

export async function runBudget(pool: pg.Pool, runId: string): Promise<RunBudget> {
  const { rows } = await pool.query(
    'select budget_kind, budget_limit, budget_charged, query_count, status from search_run where id = $1',
    [runId],
  );
  if (rows.length === 0) throw new RunClosedError(`search run ${runId} does not exist`);
  const r = rows[0];
  return { budgetKind: r.budget_kind, budgetLimit: r.budget_limit, budgetCharged: r.budget_charged, queryCount: r.query_count, status: r.status };
}
