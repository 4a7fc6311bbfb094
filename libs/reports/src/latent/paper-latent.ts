/**
 * The paper's §4.1 latent-space numbers (NAS-Bench-101 only; /work/shared/reference/arch2vec.md §5.4)
 * and the summary rows of one analysis set beside them. The paper reports no latent analysis on
 * NAS-Bench-201, so on NB201 the paper's column is a reference scale, not a like-for-like target.
 */
import type { EncoderKind } from './embedding.js';
import type { LatentAnalysis } from './analysis.js';

export interface PaperLatentNumbers {
  nnWalkEditDistance: string;
  gpRmse: string;
  gpPearson: string;
  distanceVsEdit: string;
}

export const PAPER_LATENT: Record<EncoderKind, PaperLatentNumbers> = {
  arch2vec: { nnWalkEditDistance: '2.9', gpRmse: '0.018 ± 0.001', gpPearson: '0.67 ± 0.02', distanceVsEdit: 'monotonic' },
  supervised: { nnWalkEditDistance: '8.9', gpRmse: '0.038 ± 0.025', gpPearson: '0.53 ± 0.09', distanceVsEdit: '-' },
};

export const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const pm = (m: { mean: number; std: number }, digits: number) => `${fmt(m.mean, digits)} ± ${fmt(m.std, digits)}`;

export interface LatentRow {
  label: string;
  /** The value for one analysis ('-' when it was not computed). */
  value(a: LatentAnalysis): string;
  paper(encoder: EncoderKind): string;
}

/** The headline numbers, in the order the report's tables show them. */
export const LATENT_ROWS: LatentRow[] = [
  { label: 'NN-walk edit distance between neighbours', value: (a) => pm(a.nnWalk.editDistance, 2), paper: (e) => PAPER_LATENT[e].nnWalkEditDistance },
  { label: 'random pairs: edit distance (scale)', value: (a) => pm(a.nnWalk.randomPairEditDistance, 2), paper: () => '-' },
  { label: 'L2 vs edit distance: Pearson r / monotonic', value: (a) => `${fmt(a.distanceVsEdit.pearson)} / ${a.distanceVsEdit.monotonic ? 'yes' : 'no'}`, paper: (e) => PAPER_LATENT[e].distanceVsEdit },
  { label: 'GP RMSE (held-out, label > threshold)', value: (a) => (a.predictive ? pm(a.predictive.rmse, 4) : '-'), paper: (e) => PAPER_LATENT[e].gpRmse },
  { label: 'GP Pearson r', value: (a) => (a.predictive ? pm(a.predictive.pearson, 3) : '-'), paper: (e) => PAPER_LATENT[e].gpPearson },
];

export function timingNote(a: LatentAnalysis): string {
  const total = a.timingsMs.reduce((s, t) => s + t.ms, 0);
  return `Computed in ${fmt(total / 1000, 1)} s: ${a.timingsMs.map((t) => `${t.analysis} ${fmt(t.ms / 1000, 2)} s`).join(', ')}.`;
}
