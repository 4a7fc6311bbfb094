/**
 * Speed of @a2v/search at NAS-Bench-101 scale (423,624 candidates, 16-d embeddings):
 * - one arch2vec-BO round: train DNGO on 400 observations, fit the Bayesian linear regression,
 *   predict mean and variance for every unvisited candidate and pick the top 5 by EI
 *   (goal ≤ 0.7 s on one core; the reference PyTorch + NumPy round takes ~1.4 s);
 * - arch2vec-RL's environment step: nearest unvisited embedding in L2 (goal ≤ 5 ms per query);
 * - one full arch2vec-RL and one arch2vec-BO run on nb101-20k at 1e6 simulated seconds (20,001
 *   candidates; on the stand-in embedding, so the figure does not wait for an NB101 checkpoint).
 * The table is synthetic (seeded Gaussian rows, a smooth made-up accuracy), so the figures do not
 * depend on the model or the NB101 data being present. Wall and CPU milliseconds are both printed
 * because shared machines make wall time noisy. Run: `npx tsx tools/bench/search.bench.ts`.
 * `runSearchBench()` returns the figures for a caller that collects several bench files.
 */
import { pathToFileURL } from 'node:url';
import { getBenchmark } from '@a2v/benchmarks';
import { DNGO_NETWORK_DEFAULTS, NearestNeighbourIndex, SeededRng, createStandInEmbeddingSet, dngoRound, runSearch } from '@a2v/search';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const CANDIDATES = 423_624;
const DIM = 16;
const OBSERVED = 400;
const NN_QUERIES = 200;

function cpuMillis(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

export function runSearchBench(): BenchFigure[] {
  const rng = SeededRng.fromSeed(2020);
  const rows = Float32Array.from({ length: CANDIDATES * DIM }, () => rng.normal());
  // A smooth made-up accuracy around 0.9, so the regression has structure to find.
  const accuracy = (i: number): number => {
    let s = 0;
    for (let d = 0; d < DIM; d++) s += Math.sin(rows[i * DIM + d] * (1 + d / 8));
    return 0.9 + 0.01 * s / Math.sqrt(DIM) + 0.002 * rng.normal();
  };
  const observed = rng.sampleIndices(CANDIDATES, OBSERVED);
  const values = observed.map(accuracy);
  const visited = new Uint8Array(CANDIDATES);
  for (const i of observed) visited[i] = 1;

  const figures: BenchFigure[] = [];
  for (const mode of (process.env.BENCH_MODES ?? 'clean,reference').split(',') as ('clean' | 'reference')[]) {
    // One warm-up round (JIT), then the measured one.
    const input = { rows, dim: DIM, observed, values, visited, picks: 5, network: DNGO_NETWORK_DEFAULTS, mode, referenceIncumbent: 0.95 };
    dngoRound({ ...input, rng: SeededRng.fromSeed(1) });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const round = dngoRound({ ...input, rng: SeededRng.fromSeed(2) });
    const wall = performance.now() - started;
    figures.push({ name: `DNGO round (${mode}), 400 obs → top-5 of ${CANDIDATES.toLocaleString('en-US')}: wall`, value: wall, unit: 'ms' });
    figures.push({ name: `DNGO round (${mode}): cpu`, value: cpuMillis(cpu), unit: 'ms' });
    figures.push({ name: `  train network (100 epochs)`, value: round.timings.train, unit: 'ms' });
    figures.push({ name: `  regression (eigendecomposition, α/β fit)`, value: round.timings.regression, unit: 'ms' });
    figures.push({ name: `  predict + EI top-5 over all candidates`, value: round.timings.acquisition, unit: 'ms' });
    figures.push({ name: `  candidates needing the full variance`, value: round.acquisition.full, unit: `of ${round.acquisition.scanned}` });
  }

  const nnVisited = new Uint8Array(CANDIDATES);
  for (const i of observed) nnVisited[i] = 1;
  const built = performance.now();
  const index = new NearestNeighbourIndex(rows, DIM);
  figures.push({ name: 'nearest-neighbour index build (once per embedding table)', value: performance.now() - built, unit: 'ms' });
  const point = new Float64Array(DIM);
  for (let w = 0; w < 20; w++) index.nearestUnvisited(point, nnVisited); // warm-up
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let q = 0; q < NN_QUERIES; q++) {
    // Policy-like actions: near the table's bulk, and each found row becomes visited.
    for (let d = 0; d < DIM; d++) point[d] = rng.normal();
    nnVisited[index.nearestUnvisited(point, nnVisited)] = 1;
  }
  figures.push({ name: `nearest unvisited of ${CANDIDATES.toLocaleString('en-US')} × 16 (L2): wall per query`, value: (performance.now() - started) / NN_QUERIES, unit: 'ms' });
  figures.push({ name: 'nearest unvisited: cpu per query', value: cpuMillis(cpu) / NN_QUERIES, unit: 'ms' });
  return figures;
}

/** Whole runs at the paper's NB101 budget (seconds of CPU; the query count says how many rounds). */
export async function runFullSearchBench(): Promise<BenchFigure[]> {
  const benchmark = await getBenchmark('nb101-20k');
  const embeddings = createStandInEmbeddingSet(benchmark);
  const figures: BenchFigure[] = [];
  for (const method of ['arch2vec-rl', 'arch2vec-bo']) {
    const cpu = process.cpuUsage();
    const run = await runSearch({ benchmark, method, seed: 1, budget: '1e6s', embeddings });
    figures.push({ name: `one ${method} run, nb101-20k, 1e6 s budget (${run.summary.queries} queries): cpu`, value: cpuMillis(cpu) / 1000, unit: 's' });
  }
  return figures;
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const figure of [...runSearchBench(), ...(await runFullSearchBench())]) console.log(`${figure.name}: ${format(figure.value)} ${figure.unit}`);
}
