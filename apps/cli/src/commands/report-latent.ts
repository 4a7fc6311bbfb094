/**
 * The latent-space part of `a2v report`: reads embedding sets (a file, or a file: / pg: artifact URI),
 * parses them with @a2v/model — imported only when a set is there, as it brings TensorFlow.js — and
 * runs @a2v/reports' analyses against benchmarks of the same space.
 */
import { ArtifactError } from '@a2v/artifacts';
import { getBenchmark, UnknownBenchmarkError } from '@a2v/benchmarks';
import {
  analyzeEmbedding,
  architecturesFromBenchmark,
  EmbeddingError,
  latentSections,
  readEmbeddingBytes,
  restrictEmbedding,
  type Embedding,
  type EmbeddingProvenance,
  type EncoderKind,
  type LatentAnalysis,
  type LatentAnalysisOptions,
  type ReportSection,
} from '@a2v/reports';
import type pg from 'pg';
import { UsageError } from '../output.js';

export type SpaceId = 'nb101' | 'nb201';

export interface LoadedEmbedding {
  space: SpaceId;
  embedding: Embedding;
  provenance: EmbeddingProvenance;
}

/** The benchmark an embedding set is analysed on when none is named. */
export const DEFAULT_BENCHMARK: Record<SpaceId, string> = { nb101: 'nb101-20k', nb201: 'nb201-cifar10' };

/** Bad input (an unreadable set, an unknown benchmark) becomes a usage error naming it; anything else is left as is. */
export function asUsageError(error: unknown): unknown {
  const bad = error instanceof EmbeddingError || error instanceof ArtifactError || error instanceof UnknownBenchmarkError
    || (error as Error)?.name === 'EmbeddingSetError';
  return bad ? new UsageError((error as Error).message) : error;
}

/** The `supervised` field a supervised encoder's set carries in its JSON header (after the 8-byte magic and 4-byte length). */
function supervisedHeader(bytes: Buffer): { benchmark?: string; labelledArchitectures?: number } | undefined {
  const header = JSON.parse(bytes.toString('utf8', 12, 12 + bytes.readUInt32LE(8))) as { supervised?: { kind?: string; benchmark?: string; labelledArchitectures?: number } };
  return header.supervised?.kind === 'supervised' ? header.supervised : undefined;
}

/**
 * Reads and checks an embedding set; which encoder made it comes from the set itself (a supervised
 * encoder's header says so), else from `hint` (a sweep artifact's meta), else arch2vec.
 */
export async function loadEmbedding(source: string, hint?: EncoderKind, pool?: pg.Pool): Promise<LoadedEmbedding> {
  try {
    const bytes = await readEmbeddingBytes(source, pool);
    const { parseEmbeddingSet } = await import('@a2v/model');
    const set = parseEmbeddingSet(bytes, source);
    const supervised = supervisedHeader(bytes);
    const encoder: EncoderKind = supervised ? 'supervised' : (hint ?? 'arch2vec');
    const space: SpaceId = set.space === 'nasbench101' ? 'nb101' : 'nb201';
    const id = set.checkpointSha256.slice(0, 12);
    const name = supervised
      ? `supervised (${supervised.labelledArchitectures} labels of ${supervised.benchmark}, weights ${id})`
      : `${encoder} (checkpoint ${id})`;
    return {
      space,
      embedding: { keys: [...set.keys], vectors: set.rows, dim: set.dim },
      provenance: { name, encoder, source, sha256: set.sha256, checkpointSha256: set.checkpointSha256, space, count: set.count, dim: set.dim },
    };
  } catch (error) {
    throw asUsageError(error);
  }
}

/** Refuses a supervised encoder's set (its header says so) given as the arch2vec set. */
export function expectArch2vec(set: LoadedEmbedding, flag: string): LoadedEmbedding {
  if (set.provenance.encoder === 'supervised') throw new UsageError(`${flag} ${set.provenance.source} is a supervised encoder's set: pass it as --supervised`);
  return set;
}

export interface LatentResult {
  analyses: LatentAnalysis[];
  sections: ReportSection[];
}

/**
 * Analyses every set on each benchmark `benchmarksFor` names for its space, restricted to the
 * architectures the benchmark labels (the whole NB101 space against the 20k table, say).
 */
export async function analyzeEmbeddings(sets: LoadedEmbedding[], benchmarksFor: (space: SpaceId) => Promise<string[]>, options: LatentAnalysisOptions, log: (line: string) => void): Promise<LatentResult> {
  const analyses: LatentAnalysis[] = [];
  for (const set of sets) {
    for (const name of await benchmarksFor(set.space)) {
      const benchmark = await getBenchmark(name).catch((error: unknown) => Promise.reject(asUsageError(error)));
      if (benchmark.space !== set.space) throw new UsageError(`embedding set ${set.provenance.source} is for ${set.space}, but benchmark ${name} is ${benchmark.space}`);
      const embedding = restrictEmbedding(set.embedding, (key) => benchmark.has(key));
      if (embedding.keys.length < 300) {
        throw new UsageError(`embedding set ${set.provenance.source}: only ${embedding.keys.length} of its keys are architectures of ${name} (at least 300 needed)`);
      }
      const started = performance.now();
      let analysis: LatentAnalysis;
      try {
        analysis = analyzeEmbedding(set.provenance.name, name, embedding, architecturesFromBenchmark(benchmark), { ...options, encoder: set.provenance.encoder as EncoderKind });
      } catch (error) {
        throw asUsageError(error);
      }
      log(`analysed ${set.provenance.name} on ${name} (${embedding.keys.length} architectures) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      analyses.push(analysis);
    }
  }
  return { analyses, sections: await latentSections(analyses) };
}

/** The sweep's benchmarks of that space (ones that no longer load are skipped), else the space's default. */
export async function sweepBenchmarksOf(names: string[], space: SpaceId): Promise<string[]> {
  const same: string[] = [];
  for (const name of names) {
    const benchmark = await getBenchmark(name).catch(() => undefined);
    if (benchmark?.space === space) same.push(name);
  }
  return same.length ? same : [DEFAULT_BENCHMARK[space]];
}

function parseGpSeeds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new UsageError(`--gp-seeds: '${value}' must be an integer from 1 to 50`);
  return n;
}

/** The analyses' settings from the command line (checked: a bad value is a usage error); the paper's by default. */
export function latentOptions(opts: { mapPoints: string; gpSeeds: string }): LatentAnalysisOptions {
  const seeds = parseGpSeeds(opts.gpSeeds);
  return { mapSample: parseMapPoints(opts.mapPoints), predictive: { seeds: Array.from({ length: seeds }, (_, i) => i + 1) } };
}

function parseMapPoints(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 4 || n > 5000) throw new UsageError(`--map-points: '${value}' must be an integer from 4 to 5000 (t-SNE is O(n²))`);
  return n;
}
