import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@a2v/testing';
import type pg from 'pg';
import { BudgetExceededError, createPool, LedgerConflictError, recordQueries, recordQuery, runBudget, type QueryRecord } from './index.js';

let db: TestDatabase;
let pool: pg.Pool;

before(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url);
  await pool.query(`insert into sweep (id, spec) values ('s1', '{}')`);
});
after(async () => {
  await pool.end();
  await db.drop();
});

async function newRun(budgetKind: 'QUERIES' | 'SECONDS', budgetLimit: number): Promise<string> {
  const id = `run-${randomUUID().slice(0, 8)}`;
  await pool.query(
    `insert into search_run (id, sweep_id, space, benchmark, method, seed, budget_kind, budget_limit)
     values ($1, 's1', 'nb201', 'nb201-cifar10', 'random', $2, $3, $4)`,
    [id, Number.parseInt(randomUUID().slice(0, 7), 16), budgetKind, budgetLimit],
  );
  return id;
}

const query = (runId: string, index: number, hash = `arch-${index}`, simulatedCost = 10): QueryRecord => ({
  runId, index, space: 'nb201', architectureHash: hash, encoding: { hash }, metrics: { validationAccuracy: 0.9 }, simulatedCost,
});

describe('query ledger', () => {
  test('charges each query and keeps a running total', async () => {
    const run = await newRun('SECONDS', 100);
    const first = await recordQuery(pool, query(run, 0, 'a', 30));
    const second = await recordQuery(pool, query(run, 1, 'b', 25));
    assert.equal(first.cumulativeCost, 30);
    assert.equal(second.cumulativeCost, 55);
    assert.deepEqual(await runBudget(pool, run), { budgetKind: 'SECONDS', budgetLimit: 100, budgetCharged: 55, queryCount: 2, status: 'PENDING' });
  });

  test('rejects a query that would exceed the budget, and charges nothing for it', async () => {
    const run = await newRun('SECONDS', 100);
    await recordQuery(pool, query(run, 0, 'a', 90));
    await assert.rejects(recordQuery(pool, query(run, 1, 'b', 20)), BudgetExceededError);
    const budget = await runBudget(pool, run);
    assert.equal(budget.budgetCharged, 90);
    assert.equal(budget.queryCount, 1);
  });

  test('rejects the same architecture charged twice in a run', async () => {
    const run = await newRun('QUERIES', 10);
    await recordQuery(pool, query(run, 0, 'same'));
    await assert.rejects(recordQuery(pool, query(run, 1, 'same')), LedgerConflictError);
    assert.equal((await runBudget(pool, run)).budgetCharged, 1);
  });

  test('replaying a recorded index is idempotent; a different architecture there is a conflict', async () => {
    const run = await newRun('QUERIES', 10);
    const original = await recordQuery(pool, query(run, 0, 'x'));
    const replay = await recordQuery(pool, { ...query(run, 0, 'x'), attempt: 2 });
    assert.equal(original.inserted, true);
    assert.equal(replay.inserted, false);
    assert.equal((await runBudget(pool, run)).budgetCharged, 1);
    await assert.rejects(recordQuery(pool, query(run, 0, 'y')), LedgerConflictError);
  });

  test('two concurrent writers never exceed the budget nor double-charge', async () => {
    const run = await newRun('QUERIES', 25);
    const second = createPool(db.url);
    try {
      // Both writers try to record the same 40 queries as fast as they can.
      const writer = async (p: pg.Pool) => {
        const outcomes: string[] = [];
        for (let i = 0; i < 40; i++) {
          try {
            const r = await recordQuery(p, query(run, i, `h${i}`));
            outcomes.push(r.inserted ? 'inserted' : 'replayed');
          } catch (error) {
            assert.ok(error instanceof BudgetExceededError, `unexpected ${(error as Error).message}`);
            outcomes.push('over-budget');
            break; // a search stops at its budget
          }
        }
        return outcomes;
      };
      const [a, b] = await Promise.all([writer(pool), writer(second)]);
      const inserted = [...a, ...b].filter((o) => o === 'inserted').length;
      assert.equal(inserted, 25, 'exactly the budget was charged, once per query');
      const budget = await runBudget(pool, run);
      assert.equal(budget.budgetCharged, 25);
      assert.equal(budget.queryCount, 25);
      const { rows } = await pool.query('select count(*)::int as n, count(distinct query_index)::int as d from query where run_id = $1', [run]);
      assert.deepEqual(rows[0], { n: 25, d: 25 });
    } finally {
      await second.end();
    }
  });

  test('a batch is all or nothing', async () => {
    const run = await newRun('QUERIES', 3);
    await assert.rejects(recordQueries(pool, [0, 1, 2, 3].map((i) => query(run, i))), BudgetExceededError);
    assert.equal((await runBudget(pool, run)).queryCount, 0);
    const ok = await recordQueries(pool, [0, 1, 2].map((i) => query(run, i)));
    assert.deepEqual(ok.map((r) => r.cumulativeCost), [1, 2, 3]);
  });

  test('the database itself refuses out-of-order indexes and direct budget edits', async () => {
    const run = await newRun('QUERIES', 10);
    await assert.rejects(
      pool.query(`insert into architecture (space, hash, encoding) values ('nb201', 'zz', '{}') on conflict do nothing;
                  insert into query (run_id, query_index, architecture_id, metrics, simulated_cost)
                  select '${run}', 5, id, '{}', 1 from architecture where hash = 'zz'`),
      /out of order/,
    );
    await recordQuery(pool, query(run, 0, 'q0'));
    await assert.rejects(pool.query('update search_run set budget_charged = 0 where id = $1', [run]), /maintained by the ledger/);
    await assert.rejects(pool.query('update query set simulated_cost = 0 where run_id = $1', [run]), /append-only/);
  });

  test('a closed run takes no more queries', async () => {
    const run = await newRun('QUERIES', 10);
    await pool.query(`update search_run set status = 'CANCELLED' where id = $1`, [run]);
    await assert.rejects(recordQuery(pool, query(run, 0)), /takes no more queries/);
  });
});
