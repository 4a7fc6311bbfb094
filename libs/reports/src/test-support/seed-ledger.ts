/**
 * A small ledger with hand-computable answers for the results views. Accuracies are dyadic
 * fractions (0.875, 0.90625, …) so every sum and difference is exact in floating point.
 *
 * Sweep 'S1' (RUNNING) on nb201-cifar10, QUERIES budgets:
 *   random s1    COMPLETED  (val, test, seconds): (0.75, 0.8125, 10) (0.875, 0.90625, 20) (0.875, 0.96875, 5) (0.5, 0.5, 1)
 *                           — the tie at 0.875 keeps the earlier query, so its test stays 0.90625
 *   random s2    COMPLETED  (0.9375, 0.9375, 8) (0.5, 0.96875, 8)
 *   evolution s1 RUNNING    (0.625, 0.75, 4) (0.8125, 0.875, 4)                     — no summary yet
 *   evolution s2 PENDING    no query
 * The optimum (from the completed runs' summaries) is validation 0.9375, test 0.96875.
 * Sweep 'S2' (RUNNING) on nb201-cifar100: one run, one query (0.5, 0.5, 0): no completed run, so
 * no optimum in the database. Sweep 'S3' (COMPLETED) on 'other-bench' keeps the filters honest.
 */
import type pg from 'pg';

type Query = [validation: number, test: number, seconds: number];

interface SeedRun {
  sweep: string;
  benchmark: string;
  method: string;
  seed: number;
  queries: Query[];
  /** Completed with the summary the search runner would write against this optimum. */
  completeAgainst?: { validation: number; test: number };
}

export const SEED_OPTIMUM = { validation: 0.9375, test: 0.96875 };

export const SEED_RUNS: SeedRun[] = [
  { sweep: 'S1', benchmark: 'nb201-cifar10', method: 'random', seed: 1, queries: [[0.75, 0.8125, 10], [0.875, 0.90625, 20], [0.875, 0.96875, 5], [0.5, 0.5, 1]], completeAgainst: SEED_OPTIMUM },
  { sweep: 'S1', benchmark: 'nb201-cifar10', method: 'random', seed: 2, queries: [[0.9375, 0.9375, 8], [0.5, 0.96875, 8]], completeAgainst: SEED_OPTIMUM },
  { sweep: 'S1', benchmark: 'nb201-cifar10', method: 'evolution', seed: 1, queries: [[0.625, 0.75, 4], [0.8125, 0.875, 4]] },
  { sweep: 'S1', benchmark: 'nb201-cifar10', method: 'evolution', seed: 2, queries: [] },
  { sweep: 'S2', benchmark: 'nb201-cifar100', method: 'random', seed: 1, queries: [[0.5, 0.5, 0]] },
  { sweep: 'S3', benchmark: 'other-bench', method: 'random', seed: 1, queries: [[0.25, 0.25, 1]], completeAgainst: { validation: 0.5, test: 0.5 } },
];

export const runId = (r: Pick<SeedRun, 'sweep' | 'benchmark' | 'method' | 'seed'>) => `${r.sweep}.${r.benchmark}.${r.method}.s${r.seed}`;
export const archKey = (r: SeedRun, index: number) => `${runId(r)}#${index}`;

export async function seedLedger(pool: pg.Pool): Promise<void> {
  for (const [id, status] of [['S1', 'RUNNING'], ['S2', 'RUNNING'], ['S3', 'COMPLETED']]) {
    await pool.query(`insert into sweep (id, name, spec, status) values ($1, $2, $3, $4)`, [id, `seeded ${id}`, JSON.stringify({ name: `seeded ${id}`, budget: '4q' }), status]);
  }
  for (const r of SEED_RUNS) {
    await pool.query(
      `insert into search_run (id, sweep_id, space, benchmark, method, seed, budget_kind, budget_limit, status)
       values ($1, $2, 'nb201', $3, $4, $5, 'QUERIES', 4, $6)`,
      [runId(r), r.sweep, r.benchmark, r.method, r.seed, r.queries.length ? 'RUNNING' : 'PENDING'],
    );
    for (const [index, [validationAccuracy, testAccuracy, seconds]] of r.queries.entries()) {
      const arch = await pool.query(`insert into architecture (space, hash, encoding) values ('nb201', $1, '{}') returning id`, [archKey(r, index)]);
      await pool.query(
        `insert into query (run_id, query_index, architecture_id, metrics, simulated_cost) values ($1, $2, $3, $4, $5)`,
        [runId(r), index, arch.rows[0].id, JSON.stringify({ validationAccuracy, testAccuracy, trainingSeconds: seconds }), seconds],
      );
    }
    if (r.completeAgainst) {
      // The runner's summary: the incumbent (first best validation) and its regrets.
      let best = 0;
      r.queries.forEach((q, i) => { if (q[0] > r.queries[best][0]) best = i; });
      const [validationAccuracy, testAccuracy] = r.queries[best];
      const summary = {
        queries: r.queries.length, cost: { unit: 'QUERIES', used: r.queries.length, limit: 4 },
        simulatedSeconds: r.queries.reduce((s, q) => s + q[2], 0),
        best: { key: archKey(r, best), validationAccuracy, testAccuracy },
        regret: { validation: r.completeAgainst.validation - validationAccuracy, test: r.completeAgainst.test - testAccuracy },
      };
      await pool.query(`update search_run set status = 'COMPLETED', summary = $2 where id = $1`, [runId(r), JSON.stringify(summary)]);
    }
  }
}
