/**
 * The latent-space analyses of one embedding set over one benchmark (the paper's §4.1): PCA and
 * t-SNE maps coloured by accuracy, L2 vs edit distance, nearest-neighbour walk smoothness and GP
 * predictive performance — computed here, from whatever embedding the caller hands in. a2v makes
 * no arch2vec numbers of its own: no embedding set, no section.
 */
import type { TabularBenchmark } from '@a2v/benchmarks';
import { nasBench101, nasBench201, type SearchSpace } from '@a2v/search-spaces';
import { distanceVersusEdit, type DistanceVsEdit, type DistanceVsEditOptions } from './distance-vs-edit.js';
import { checkEmbedding, Rng, type ArchitectureSet, type Embedding, type EncoderKind } from './embedding.js';
import { nearestNeighbourWalk, type NnWalk, type NnWalkOptions } from './nn-walk.js';
import { pca2, type PcaResult, type Projection } from './pca.js';
import { gpPredictivePerformance, type PredictiveOptions, type PredictivePerformance } from './predictive.js';
import { tsne2, type TsneOptions } from './tsne.js';

export interface LatentAnalysisOptions {
  /** Which paper column the numbers are set beside (default arch2vec). */
  encoder?: EncoderKind;
  /** Points drawn in the PCA / t-SNE maps (a seeded sample; t-SNE is O(n²)). */
  mapSample?: number;
  seed?: number;
  tsne?: TsneOptions | false;
  distanceVsEdit?: DistanceVsEditOptions;
  nnWalk?: NnWalkOptions;
  predictive?: PredictiveOptions | false;
}

export interface LatentAnalysis {
  /** What the embedding is, e.g. 'arch2vec (checkpoint 3f2a…)'. */
  name: string;
  encoder: EncoderKind;
  benchmark: string;
  count: number;
  dim: number;
  /** Label of each map point (test accuracy, else validation), null when the benchmark has none. */
  labelName: string;
  mapLabels: Array<number | null>;
  pca: PcaResult;
  tsne?: Projection;
  distanceVsEdit: DistanceVsEdit;
  nnWalk: NnWalk;
  predictive?: PredictivePerformance;
  /** Wall-clock milliseconds of each analysis, in the order run (measured, for the report and the bench). */
  timingsMs: Array<{ analysis: string; ms: number }>;
}

export interface BenchmarkArchitectures {
  archs: ArchitectureSet<unknown>;
  labelOf(key: string): number | undefined;
  labelName: string;
}

/** Cells and labels from a benchmark: test accuracy where it has one (as in the paper), else validation. */
export function architecturesFromBenchmark(benchmark: TabularBenchmark): BenchmarkArchitectures {
  const cells = new Map<string, unknown>();
  for (const a of benchmark.architectures()) cells.set(a.key, a.cell);
  const space = (benchmark.space === 'nb101' ? nasBench101 : nasBench201) as unknown as SearchSpace<unknown>;
  const useTest = benchmark.optimum.testAccuracy !== undefined;
  return {
    archs: { space, cellOf: (key) => cells.get(key) },
    labelOf: (key) => {
      if (!benchmark.has(key)) return undefined;
      const r = benchmark.query(key);
      return useTest ? r.testAccuracy : r.validationAccuracy;
    },
    labelName: useTest ? 'test accuracy' : 'validation accuracy',
  };
}

export function analyzeEmbedding(name: string, benchmark: string, e: Embedding, source: BenchmarkArchitectures, options: LatentAnalysisOptions = {}): LatentAnalysis {
  checkEmbedding(e);
  const seed = options.seed ?? 1;
  const timingsMs: LatentAnalysis['timingsMs'] = [];
  const timed = <T>(analysis: string, run: () => T): T => {
    const started = performance.now();
    const result = run();
    timingsMs.push({ analysis, ms: performance.now() - started });
    return result;
  };
  const sample = new Rng(seed).sample(e.keys.length, options.mapSample ?? 1000).sort((a, b) => a - b);
  const tsneOptions = options.tsne;
  const predictiveOptions = options.predictive;
  return {
    name, encoder: options.encoder ?? 'arch2vec', benchmark, count: e.keys.length, dim: e.dim, labelName: source.labelName,
    mapLabels: sample.map((i) => source.labelOf(e.keys[i]) ?? null),
    pca: timed('PCA', () => pca2(e, sample)),
    tsne: tsneOptions === false ? undefined : timed('t-SNE', () => tsne2(e, sample, { seed, ...tsneOptions })),
    distanceVsEdit: timed('L2 vs edit distance', () => distanceVersusEdit(e, source.archs, { seed, ...options.distanceVsEdit })),
    nnWalk: timed('nearest-neighbour walk', () => nearestNeighbourWalk(e, source.archs, { seed, ...options.nnWalk })),
    predictive: predictiveOptions === false ? undefined : timed('GP predictive performance', () => gpPredictivePerformance(e, source.labelOf, predictiveOptions)),
    timingsMs,
  };
}
