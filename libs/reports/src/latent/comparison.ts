/**
 * arch2vec vs the supervised encoder on one benchmark, as the paper's §4.1 compares them: the
 * headline numbers side by side (with the paper's NB101 values beside), and Fig. 3's two L2-vs-edit
 * curves on one plot. A missing supervised set is said so, never filled in.
 */
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg, type Plot } from '../plots.js';
import type { ReportSection } from '../report-html.js';
import type { LatentAnalysis } from './analysis.js';
import { LATENT_ROWS } from './paper-latent.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const MISSING_SUPERVISED =
  'No supervised embedding set was given, so the arch2vec vs supervised comparison has only the arch2vec column; '
  + 'a2v fills in no supervised numbers it did not compute.';

async function l2VersusEditPlot(id: string, analyses: LatentAnalysis[]): Promise<Plot> {
  const values = analyses.flatMap((a) => a.distanceVsEdit.byEditDistance.map((g) => ({ encoder: a.encoder, editDistance: g.editDistance, mean: g.l2.mean })));
  const spec: TopLevelSpec = {
    $schema: SCHEMA, title: 'Mean L2 distance vs edit distance, per encoder (Fig. 3)', width: 360, height: 260, data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'editDistance', type: 'quantitative', title: 'graph edit distance' },
      y: { field: 'mean', type: 'quantitative', title: 'mean L2 distance' },
      color: { field: 'encoder', type: 'nominal', title: 'encoder' },
    },
  };
  return { id, title: 'L2 vs edit distance: arch2vec and supervised', series: analyses.map((a) => a.encoder), svg: await renderSvg(spec) };
}

export async function encoderComparisonSection(benchmark: string, arch2vec: LatentAnalysis, supervised?: LatentAnalysis): Promise<ReportSection> {
  const id = `latent-compare-${benchmark}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const rows = LATENT_ROWS.map((r) => [r.label, r.value(arch2vec), supervised ? r.value(supervised) : 'missing', r.paper('arch2vec'), r.paper('supervised')]);
  return {
    id,
    title: `Latent space: arch2vec vs supervised (${benchmark})`,
    tables: [{
      caption: `${arch2vec.name}${supervised ? ` vs ${supervised.name}` : ''} on ${benchmark}`,
      header: ['analysis', 'arch2vec (ours)', 'supervised (ours)', 'paper arch2vec (NB101)', 'paper supervised (NB101)'],
      rows,
    }],
    plots: supervised ? [await l2VersusEditPlot(`${id}-l2-vs-edit`, [arch2vec, supervised])] : [],
    notes: supervised ? [] : [MISSING_SUPERVISED],
  };
}
