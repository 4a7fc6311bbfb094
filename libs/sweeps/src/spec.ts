/**
 * The sweep spec: what a user writes (YAML or JSON) to launch a sweep. Validated with zod; every
 * problem is listed at once, and nothing starts until the whole spec is valid.
 */
import { readFileSync } from 'node:fs';
import { listBenchmarks } from '@a2v/benchmarks';
import { METHOD_NAMES, parseBudget, methodNeedsEmbeddings, type Budget, type MethodName } from '@a2v/search';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const seedList = z.array(z.number().int().min(0).max(0x7fffffff)).min(1);
const seedRange = z
  .object({ from: z.number().int().min(0), to: z.number().int().max(0x7fffffff) })
  .refine((r) => r.to >= r.from, { message: 'seeds.to must be ≥ seeds.from' })
  .refine((r) => r.to - r.from < 100_000, { message: 'at most 100,000 seeds per sweep' });

const budgetText = z.string().superRefine((text, ctx) => {
  try {
    parseBudget(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const pretrain = z.object({
  epochs: z.number().int().min(1).max(100).default(10),
  shards: z.number().int().min(1).max(64).default(1),
  mode: z.enum(['vae', 'reference']).optional(),
  seed: z.number().int().min(0).default(3),
});

export const sweepSpecSchema = z
  .object({
    name: z.string().min(1).max(120).optional(),
    // Checked per field (not in the object's superRefine) so a spec with other errors still lists these.
    benchmarks: z.array(z.string().superRefine((name, ctx) => {
      const known = listBenchmarks().map((b) => b.name);
      if (!known.includes(name)) ctx.addIssue({ code: 'custom', message: `unknown benchmark '${name}' (known: ${known.join(', ')})` });
    })).min(1),
    methods: z.array(z.enum(METHOD_NAMES)).min(1),
    seeds: z.union([seedList, seedRange]),
    budget: budgetText,
    mode: z.enum(['clean', 'reference']).default('clean'),
    pretrain: pretrain.optional(),
    /** Reuse an embedding set (artifact URI) instead of pre-training. */
    embeddings: z.string().min(1).optional(),
    parallelism: z.number().int().min(1).max(1000).default(4),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const spaces = new Set(listBenchmarks().filter((b) => spec.benchmarks.includes(b.name)).map((b) => b.space));
    if (spec.budget.trim().endsWith('s') && [...spaces].includes('nb201')) {
      ctx.addIssue({ code: 'custom', path: ['budget'], message: 'NAS-Bench-201 has no training times: use a query budget such as 100q' });
    }
    const needsEmbeddings = spec.methods.some((m) => methodNeedsEmbeddings(m));
    if (needsEmbeddings && spec.pretrain && spec.embeddings) {
      ctx.addIssue({ code: 'custom', path: ['embeddings'], message: 'give either pretrain or embeddings, not both' });
    }
    if (spec.methods.some((m) => m.startsWith('supervised-'))) {
      ctx.addIssue({ code: 'custom', path: ['methods'], message: 'supervised-rl / supervised-bo need a supervised encoder, which a2v does not train yet' });
    }
  });

export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.output<typeof sweepSpecSchema>;

export class SweepSpecError extends Error {
  override name = 'SweepSpecError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid sweep spec (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function validateSweepSpec(raw: unknown, source = 'spec'): SweepSpec {
  const parsed = sweepSpecSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SweepSpecError(source, parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(spec)'}: ${i.message}`));
  }
  return parsed.data;
}

export function readSweepSpec(path: string): SweepSpec {
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new SweepSpecError(path, [`cannot read it: ${(error as Error).message}`]);
  }
  return validateSweepSpec(raw, path);
}

export function expandSeeds(seeds: SweepSpec['seeds']): number[] {
  if (Array.isArray(seeds)) return [...new Set(seeds)];
  return Array.from({ length: seeds.to - seeds.from + 1 }, (_, i) => seeds.from + i);
}

export interface PlannedRun {
  benchmark: string;
  method: MethodName;
  seed: number;
  budget: Budget;
}

/** Every (benchmark, method, seed) run in a stable order: the order runs are created and scheduled. */
export function planRuns(spec: SweepSpec): PlannedRun[] {
  const budget = parseBudget(spec.budget);
  const runs: PlannedRun[] = [];
  for (const seed of expandSeeds(spec.seeds)) {
    for (const benchmark of spec.benchmarks) for (const method of spec.methods) runs.push({ benchmark, method, seed, budget });
  }
  return runs;
}

export function needsEmbeddings(spec: SweepSpec): boolean {
  return spec.methods.some((m) => methodNeedsEmbeddings(m));
}
