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

/** Absent epochs/seed/mode take the paper's settings for the space (NB101: 8 epochs, NB201: 10). */
const pretrain = z
  .object({
    epochs: z.number().int().min(1).max(100).optional(),
    seed: z.number().int().min(0).max(0x7fffffff).optional(),
    mode: z.enum(['vae', 'reference']).optional(),
    /** Pre-train on the first `subset` architectures of the space only (quick runs). */
    subset: z.number().int().min(64).optional(),
    shards: z.number().int().min(1).max(64).default(1),
    /** Local Adam steps per shard between two weight averagings (one Temporal round). */
    stepsPerRound: z.number().int().min(1).max(100_000).default(200),
  })
  .strict();

const SPACE_IDS = ['nb101', 'nb201'] as const;
/** One artifact URI (the sweep has one search space) or one per space. */
const uriPerSpace = z.union([z.string().min(1), z.partialRecord(z.enum(SPACE_IDS), z.string().min(1))]);

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
    /** Reuse a checkpoint (artifact URI or file path) instead of pre-training; it is still embedded. */
    checkpoint: uriPerSpace.optional(),
    /** Reuse an embedding set (artifact URI or file path) instead of pre-training and embedding. */
    embeddings: uriPerSpace.optional(),
    /** Embedding activities per space (default: the pre-training shards, else 1). */
    embedShards: z.number().int().min(1).max(64).optional(),
    parallelism: z.number().int().min(1).max(1000).default(4),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const spaces = new Set(listBenchmarks().filter((b) => spec.benchmarks.includes(b.name)).map((b) => b.space));
    if (spec.budget.trim().endsWith('s') && [...spaces].includes('nb201')) {
      ctx.addIssue({ code: 'custom', path: ['budget'], message: 'NAS-Bench-201 has no training times: use a query budget such as 100q' });
    }
    const given = (['pretrain', 'checkpoint', 'embeddings'] as const).filter((k) => spec[k] !== undefined);
    if (given.length > 1) ctx.addIssue({ code: 'custom', path: [given[1]], message: `give one of pretrain, checkpoint, embeddings — not ${given.join(' and ')}` });
    for (const key of ['checkpoint', 'embeddings'] as const) {
      const value = spec[key];
      if (value === undefined) continue;
      const named = typeof value === 'string' ? [...spaces] : Object.keys(value);
      if (typeof value === 'string' && spaces.size > 1) {
        ctx.addIssue({ code: 'custom', path: [key], message: `the sweep spans ${[...spaces].join(' and ')}: give one URI per space, e.g. {nb201: …}` });
      }
      const missing = [...spaces].filter((space) => !named.includes(space));
      if (missing.length) ctx.addIssue({ code: 'custom', path: [key], message: `no URI for space ${missing.join(', ')}` });
    }
    if (spec.methods.some((m) => m.startsWith('supervised-'))) {
      ctx.addIssue({ code: 'custom', path: ['methods'], message: 'supervised-rl / supervised-bo search a per-benchmark supervised encoder, which sweeps do not train yet: run them with a2v search (a2v search supervised-encoder builds the set)' });
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

export type SpaceId = (typeof SPACE_IDS)[number];

/** How the sweep gets one space's embedding set (mirrors the workflows lib's RepresentationPlan). */
export interface PlannedRepresentation {
  space: SpaceId;
  embeddingsUri?: string;
  checkpointUri?: string;
  pretrain?: z.output<typeof pretrain>;
  embedShards: number;
}

/**
 * One entry per search space of the sweep when any method searches an embedding: reuse the given
 * set, embed with the given checkpoint, or pre-train (the paper's settings when the spec says nothing).
 */
export function planRepresentations(spec: SweepSpec, spaceOf: (benchmark: string) => SpaceId): PlannedRepresentation[] {
  if (!needsEmbeddings(spec)) return [];
  const spaces = [...new Set(spec.benchmarks.map(spaceOf))];
  const pick = (value: SweepSpec['embeddings'], space: SpaceId): string | undefined => (typeof value === 'string' ? value : value?.[space]);
  return spaces.map((space) => {
    const embeddingsUri = pick(spec.embeddings, space);
    const checkpointUri = pick(spec.checkpoint, space);
    const embedShards = spec.embedShards ?? spec.pretrain?.shards ?? 1;
    if (embeddingsUri) return { space, embeddingsUri, embedShards };
    if (checkpointUri) return { space, checkpointUri, embedShards };
    return { space, pretrain: spec.pretrain ?? pretrain.parse({}), embedShards };
  });
}
