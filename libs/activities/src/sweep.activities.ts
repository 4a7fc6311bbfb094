import { getBenchmark, listBenchmarks } from '@a2v/benchmarks';
import { createLogger } from '@a2v/config';
import { cancelOpenRuns, createSweepWithRuns, importArchitectures, runIdsPage, setSweepEmbeddings, setSweepStatus, loadRun, type NewRun } from '@a2v/db';
import { planRepresentations, planRuns, validateSweepSpec, type SpaceId } from '@a2v/sweeps';
import type { RunDescriptor, SweepControlActivities } from '@a2v/workflows/api';
import { checkReusedArtifacts } from './reused-artifacts.js';
import { ApplicationFailure } from '@temporalio/activity';
import type pg from 'pg';

const log = createLogger('sweep-activities');

/** Deterministic, so re-preparing a sweep after a crash finds the same rows. */
export function runIdOf(sweepId: string, benchmark: string, method: string, seed: number): string {
  return `${sweepId}.${benchmark}.${method}.s${seed}`;
}

function getBenchmarkSpace(name: string): SpaceId {
  const info = listBenchmarks().find((b) => b.name === name);
  if (!info) throw ApplicationFailure.nonRetryable(`unknown benchmark '${name}'`, 'SweepSpecError');
  return info.space as SpaceId;
}

export function createSweepControlActivities(pool: pg.Pool): SweepControlActivities {
  return {
    async prepareSweep({ sweepId, spec: rawSpec }) {
      let spec;
      try {
        spec = validateSweepSpec(rawSpec, `sweep ${sweepId}`);
      } catch (error) {
        throw ApplicationFailure.nonRetryable((error as Error).message, 'SweepSpecError');
      }
      const representations = planRepresentations(spec, (name) => getBenchmarkSpace(name));
      const problems = await checkReusedArtifacts(pool, representations);
      if (problems.length) {
        throw ApplicationFailure.nonRetryable(`sweep ${sweepId}: invalid sweep spec (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'SweepSpecError');
      }
      const planned = planRuns(spec);
      const spaces = new Map<string, string>();
      for (const name of spec.benchmarks) {
        const benchmark = await getBenchmark(name);
        spaces.set(name, benchmark.space);
        // Every architecture the runs may query exists before they start, so concurrent search
        // rounds only read the architecture table (no insert contention between runs).
        const rows = (function* () {
          for (const a of benchmark.architectures()) yield { hash: a.key, encoding: a.space === 'nb101' ? { matrix: a.cell.matrix, ops: a.cell.ops } : { arch: a.key, index: a.index } };
        })();
        await importArchitectures(pool, benchmark.space, rows);
      }
      const runs: NewRun[] = planned.map((r) => ({
        id: runIdOf(sweepId, r.benchmark, r.method, r.seed),
        space: spaces.get(r.benchmark)!,
        benchmark: r.benchmark,
        method: r.method,
        seed: r.seed,
        budgetKind: r.budget.kind === 'queries' ? 'QUERIES' : 'SECONDS',
        budgetLimit: r.budget.limit,
      }));
      const { created } = await createSweepWithRuns(pool, { id: sweepId, name: spec.name, spec }, runs);
      log.info({ sweepId, runs: runs.length, created }, 'sweep prepared');
      return { sweepId, runCount: runs.length, parallelism: spec.parallelism, mode: spec.mode, representations };
    },

    async listRuns({ sweepId, offset, limit }) {
      const ids = await runIdsPage(pool, sweepId, offset, limit);
      const runs: RunDescriptor[] = [];
      for (const id of ids) {
        const run = (await loadRun(pool, id))!;
        runs.push({ runId: id, benchmark: run.benchmark, space: run.space, method: run.method, seed: run.seed });
      }
      return runs;
    },

    async recordEmbeddings({ sweepId, embeddings }) {
      await setSweepEmbeddings(pool, sweepId, embeddings as Record<string, string>);
    },

    async finishSweep({ sweepId, status }) {
      // A cancelled sweep's open runs are closed in the database, so no straggler can charge them.
      if (status === 'CANCELLED') await cancelOpenRuns(pool, sweepId);
      await setSweepStatus(pool, sweepId, status);
    },
  };
}
