/**
 * The arch2vec paper's headline numbers (Yan et al., NeurIPS 2020; transcribed in
 * /work/shared/reference/arch2vec.md §5), to print beside ours where the benchmark matches.
 * Accuracies and regrets are fractions 0..1, like everything else in a2v.
 */
import { listBenchmarks } from '@a2v/benchmarks';

export interface MeanStd {
  mean: number;
  /** Absent where the paper gives a mean only (Table 2). */
  std?: number;
}

/** Table 3: NAS-Bench-201, mean ± std over 500 runs of the final incumbent's accuracies. */
export interface Table3Row {
  method: string;
  validation: MeanStd;
  test: MeanStd;
}

/** Table 2: NAS-Bench-101, mean test accuracy at #queries; final test regret at ≈1e6 s. */
export interface Table2Row {
  method: string;
  queries: number;
  testAccuracy: number;
  /** Mean test regret at ≈1e6 simulated seconds, read from the arch2vec repo's results/*.json (not printed in the paper). */
  finalTestRegret?: number;
}

export type PaperComparison =
  | { table: 'Table 3'; dataset: string; note: string; rows: Table3Row[] }
  | { table: 'Table 2'; dataset: string; note: string; rows: Table2Row[] };

// Percent in the paper; rounded so 91.08 becomes exactly 0.9108, not 0.9107999999999999.
const ms = (mean: number, std: number): MeanStd => ({ mean: Math.round(mean * 100) / 10_000, std: Math.round(std * 100) / 10_000 });

const TABLE3: Record<string, Array<[string, MeanStd, MeanStd]>> = {
  'CIFAR-10': [
    ['RE', ms(91.08, 0.43), ms(93.84, 0.43)], ['RS', ms(90.94, 0.38), ms(93.75, 0.37)],
    ['REINFORCE', ms(91.03, 0.33), ms(93.82, 0.31)], ['BOHB', ms(90.82, 0.53), ms(93.61, 0.52)],
    ['arch2vec-RL', ms(91.32, 0.42), ms(94.12, 0.42)], ['arch2vec-BO', ms(91.41, 0.22), ms(94.18, 0.24)],
  ],
  'CIFAR-100': [
    ['RE', ms(73.02, 0.46), ms(72.86, 0.55)], ['RS', ms(72.17, 0.64), ms(72.05, 0.77)],
    ['REINFORCE', ms(72.35, 0.63), ms(72.13, 0.79)], ['BOHB', ms(72.59, 0.82), ms(72.37, 0.9)],
    ['arch2vec-RL', ms(73.13, 0.72), ms(73.15, 0.78)], ['arch2vec-BO', ms(73.35, 0.32), ms(73.37, 0.3)],
  ],
  'ImageNet16-120': [
    ['RE', ms(45.78, 0.56), ms(45.63, 0.64)], ['RS', ms(45.47, 0.65), ms(45.33, 0.79)],
    ['REINFORCE', ms(45.58, 0.62), ms(45.3, 0.86)], ['BOHB', ms(45.44, 0.7), ms(45.26, 0.83)],
    ['arch2vec-RL', ms(46.22, 0.3), ms(46.16, 0.38)], ['arch2vec-BO', ms(46.34, 0.18), ms(46.27, 0.37)],
  ],
};

const TABLE2: Table2Row[] = [
  { method: 'RS', queries: 1000, testAccuracy: 0.9354, finalTestRegret: 0.00858 },
  { method: 'REINFORCE', queries: 1000, testAccuracy: 0.9358, finalTestRegret: 0.00837 },
  { method: 'BOHB', queries: 1000, testAccuracy: 0.9372, finalTestRegret: 0.0072 },
  { method: 'RE', queries: 1000, testAccuracy: 0.9372, finalTestRegret: 0.00751 },
  { method: 'NAO', queries: 1000, testAccuracy: 0.9374 },
  { method: 'BANANAS', queries: 500, testAccuracy: 0.9408 },
  { method: 'supervised-RL', queries: 400, testAccuracy: 0.9374, finalTestRegret: 0.0062 },
  { method: 'supervised-BO', queries: 400, testAccuracy: 0.9379, finalTestRegret: 0.00596 },
  { method: 'arch2vec-RL', queries: 400, testAccuracy: 0.941, finalTestRegret: 0.00209 },
  { method: 'arch2vec-BO', queries: 400, testAccuracy: 0.9405, finalTestRegret: 0.00275 },
];

/** Our method names → the paper's row names. */
const PAPER_METHOD: Record<string, string> = {
  random: 'RS', evolution: 'RE', 'arch2vec-rl': 'arch2vec-RL', 'arch2vec-bo': 'arch2vec-BO',
  'supervised-rl': 'supervised-RL', 'supervised-bo': 'supervised-BO',
};

export function paperMethodName(method: string): string | undefined {
  return PAPER_METHOD[method];
}

/**
 * The paper table that matches a benchmark: Table 3 for NAS-Bench-201 on CIFAR-10 / CIFAR-100 /
 * ImageNet16-120, Table 2 for any NAS-Bench-101 benchmark on CIFAR-10; undefined otherwise
 * (also for a name that is not registered, whose space and data set are unknown).
 */
export function paperComparison(benchmark: string): PaperComparison | undefined {
  const listing = listBenchmarks().find((b) => b.name === benchmark);
  if (!listing) return undefined;
  if (listing.space === 'nb201' && TABLE3[listing.dataset]) {
    return {
      table: 'Table 3', dataset: listing.dataset,
      note: 'paper: 500 runs, budgets in simulated seconds (about the same number of queries on all three data sets), search on the 200-epoch (CIFAR-10: converged 12-epoch) validation accuracy',
      rows: TABLE3[listing.dataset].map(([method, validation, test]) => ({ method, validation, test })),
    };
  }
  if (listing.space === 'nb101' && listing.dataset === 'CIFAR-10') {
    return {
      table: 'Table 2', dataset: listing.dataset,
      note: 'paper: mean test accuracy over 500 runs at the given number of queries (mean of 3 repeats); final test regret at ≈1e6 s read from the arch2vec repo results/*.json',
      rows: TABLE2,
    };
  }
  return undefined;
}
