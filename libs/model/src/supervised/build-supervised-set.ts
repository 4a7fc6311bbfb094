/**
 * Builds a supervised embedding set for a benchmark: draw a seeded uniform sample of its labelled
 * architectures, train the supervised encoder on their validation accuracies (the search signal,
 * never the test accuracy), and embed every architecture of the space with it.
 *
 * Label budget: the reference's supervised baselines learn only from the architectures their search
 * queried (and pay for). Here the encoder's labels are drawn up front and are not charged to any
 * search, so the supervised baselines get them for free; the default sample is the size of the
 * paper's search budget on that space (100 on NAS-Bench-201, 400 on NAS-Bench-101), i.e. as many
 * labels as one search sees.
 */
import type { BenchmarkArchitecture, TabularBenchmark } from '@a2v/benchmarks';
import { encodeNb101Cell, encodeNb201Cell, type ArchEncoding } from '@a2v/search-spaces';
import { graphEmbeddings } from '../embeddings.js';
import { ModelConfigError } from '../errors.js';
import { datasetFromEncodings } from '../graph-data.js';
import { modelConfig, type SpaceName } from '../model-config.js';
import { SeededRng } from '../rng.js';
import { loadDataset, sourceFor, type ArchitectureSource } from '../space-data.js';
import { SUPERVISED_DEFAULTS, trainSupervisedEncoder } from './supervised-encoder.js';
import { weightsSha256, writeSupervisedEmbeddingSet, type SupervisedProvenance } from './supervised-embeddings.js';

export const DEFAULT_LABELLED: Record<SpaceName, number> = { nasbench201: 100, nasbench101: 400 };

export interface BuildSupervisedOptions {
  readonly benchmark: TabularBenchmark;
  /** Labelled architectures to train on (default: DEFAULT_LABELLED of the space). */
  readonly labelled?: number;
  readonly seed: number;
  readonly epochs?: number;
  /** Architectures to embed (default: the whole space, sourceFor). */
  readonly source?: ArchitectureSource;
  /** Embedded at a time. */
  readonly chunkSize?: number;
  readonly log?: (line: string) => void;
}

function encodingOf(architecture: BenchmarkArchitecture): ArchEncoding {
  return architecture.space === 'nb101' ? encodeNb101Cell(architecture.cell) : encodeNb201Cell(architecture.cell);
}

/** Trains the encoder and writes the set to `path`; returns what the file's provenance says, and its sha256. */
export function buildSupervisedEmbeddingSet(path: string, options: BuildSupervisedOptions): SupervisedProvenance & { sha256: string; count: number } {
  const { benchmark, seed } = options;
  const space: SpaceName = benchmark.space === 'nb101' ? 'nasbench101' : 'nasbench201';
  const labelled = options.labelled ?? DEFAULT_LABELLED[space];
  if (!Number.isInteger(labelled) || labelled < 2 || labelled > benchmark.size) {
    throw new ModelConfigError(`labelled architectures must be an integer in 2..${benchmark.size} (the size of ${benchmark.name}), got ${labelled}`);
  }
  const source = options.source ?? sourceFor(space);
  if (source.space !== space) throw new ModelConfigError(`source is ${source.space}, benchmark ${benchmark.name} is ${space}`);

  // A seeded sample (Fisher–Yates prefix over the benchmark's stable order).
  const all = [...benchmark.architectures()];
  const order = SeededRng.fromSeed(seed).shuffle(Uint32Array.from(all, (_, i) => i));
  const sample = Array.from(order.subarray(0, labelled), (i) => all[i]);
  const model = modelConfig(space);
  const data = datasetFromEncodings(sample.map(encodingOf), model.N, model.K);
  const accuracies = sample.map((a) => benchmark.query(a.key).validationAccuracy);
  const epochs = options.epochs ?? SUPERVISED_DEFAULTS.epochs;
  const started = performance.now();
  const encoder = trainSupervisedEncoder({ space, data, accuracies, seed, epochs });
  const finalLoss = encoder.losses.at(-1)!;
  options.log?.(`supervised encoder: ${labelled} labels of ${benchmark.name}, ${epochs} epochs, final MSE (z-scored) ${finalLoss.toFixed(4)}, ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const chunkSize = options.chunkSize ?? 8192;
  const rows = new Float32Array(source.count * encoder.model.latent);
  for (let from = 0; from < source.count; from += chunkSize) {
    rows.set(graphEmbeddings(encoder.model, encoder.weights, loadDataset(source, chunkSize, from)), from * encoder.model.latent);
  }
  const keys = Array.from({ length: source.count }, (_, i) => source.keyAt(i));
  const provenance: SupervisedProvenance = { kind: 'supervised', benchmark: benchmark.name, labelledArchitectures: labelled, seed, epochs, finalLoss };
  const written = writeSupervisedEmbeddingSet(path, {
    space,
    dim: encoder.model.latent,
    keys,
    rows,
    weightsSha256: weightsSha256(encoder.weights.params, encoder.weights.running, encoder.head),
    provenance,
  });
  return { ...provenance, ...written };
}
