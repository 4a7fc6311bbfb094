/** The text report of `a2v pretrain`: our Table-1 metrics beside the paper's (arch2vec Table 1). */
import type { ReconstructionMetrics, SampleMetrics, SpaceName } from '@a2v/model';

export interface PretrainSummary {
  backend: string;
  /** The training step: 'kernel' (the fused CPU step), 'graph' (the exported TensorFlow graph) or 'eager' (tfjs ops). */
  step?: string;
  space: SpaceName;
  mode: string;
  epochs: number;
  graphs: number;
  shards: number;
  trainSeconds: number;
  finalLoss?: number;
  heldOut?: ReconstructionMetrics;
  prior?: SampleMetrics;
  checkpoint?: { path: string; sha256?: string };
  embeddings?: { path: string; sha256: string; count: number; seconds: number };
}

/** arch2vec Table 1 (%): reconstruction accuracy, validity, uniqueness. */
export const PAPER_TABLE1: Record<SpaceName, { reconstruction: number; validity: number; uniqueness: number }> = {
  nasbench101: { reconstruction: 100, validity: 44.97, uniqueness: 99.69 },
  nasbench201: { reconstruction: 100, validity: 79.41, uniqueness: 98.72 },
};

const pct = (share: number | undefined): string => (share === undefined ? '–' : (100 * share).toFixed(2));

export function formatTable1(s: PretrainSummary): string {
  const paper = PAPER_TABLE1[s.space];
  const lines = [`${s.space} · ${s.mode} mode · ${s.epochs} epochs · ${s.graphs.toLocaleString('en')} graphs · ${s.shards === 1 ? '1 process' : `${s.shards} shards`} · ${s.backend}${s.step ? ` (${s.step} step)` : ''} · ${s.trainSeconds} s training`];
  const rows: [string, string, string][] = [['metric (%)', 'a2v', 'paper']];
  rows.push(['reconstruction accuracy', pct(s.heldOut?.reconstructionAccuracy), String(paper.reconstruction)]);
  // NB201: Table 1 counted a sample valid by the official code's ops-only rule; the space's own rules also need its fixed adjacency.
  const official = s.prior?.referenceRule;
  rows.push([official ? 'validity (official rule)' : 'validity', pct(official?.validity ?? s.prior?.validity), String(paper.validity)]);
  rows.push([official ? 'uniqueness (official rule)' : 'uniqueness', pct(official?.uniqueness ?? s.prior?.uniqueness), String(paper.uniqueness)]);
  if (official) rows.push(['validity (space rules)', pct(s.prior?.validity), '–']);
  rows.push(['op accuracy (element-wise)', pct(s.heldOut?.opAccuracy), '–']);
  rows.push(['adjacency accuracy (element-wise)', pct(s.heldOut?.adjAccuracy), '–']);
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, ours, theirs] of rows) lines.push(`  ${name.padEnd(width)}  ${ours.padStart(7)}  ${theirs.padStart(6)}`);
  if (s.heldOut) lines.push(`  (${s.heldOut.graphs.toLocaleString('en')} held-out graphs, ${s.prior?.samples.toLocaleString('en')} prior samples)`);
  if (s.checkpoint) lines.push(`checkpoint ${s.checkpoint.path} (sha256 ${s.checkpoint.sha256})`);
  if (s.embeddings) lines.push(`embeddings ${s.embeddings.path}: ${s.embeddings.count.toLocaleString('en')} architectures (sha256 ${s.embeddings.sha256}) in ${s.embeddings.seconds} s`);
  return `${lines.join('\n')}\n`;
}
