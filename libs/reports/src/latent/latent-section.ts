/**
 * A LatentAnalysis as a report section: tables of the numbers (beside the paper's arch2vec values
 * on NB101, for reference) and the maps and curves as SVG.
 */
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg, type Plot } from '../plots.js';
import type { ReportSection } from '../report-html.js';
import type { LatentAnalysis } from './analysis.js';
import { fmt, LATENT_ROWS, timingNote } from './paper-latent.js';
import type { Projection } from './pca.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const f = fmt;

function mapSpec(title: string, projection: Projection, labels: Array<number | null>, labelName: string): TopLevelSpec {
  const values = projection.indices.map((_, k) => ({ x: projection.points[2 * k], y: projection.points[2 * k + 1], label: labels[k] }));
  return {
    $schema: SCHEMA, title, width: 360, height: 300, data: { values },
    mark: { type: 'circle', size: 14, opacity: 0.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', axis: { title: null } },
      y: { field: 'y', type: 'quantitative', axis: { title: null } },
      color: { field: 'label', type: 'quantitative', title: labelName, scale: { scheme: 'viridis' } },
    },
  };
}

export async function latentSection(a: LatentAnalysis): Promise<ReportSection> {
  const id = `latent-${a.benchmark}-${a.name}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const plots: Plot[] = [];
  const add = async (suffix: string, title: string, series: string[], spec: TopLevelSpec, note?: string) =>
    plots.push({ id: `${id}-${suffix}`, title, series, svg: await renderSvg(spec), note });
  await add('pca', `${a.name}: PCA`, ['architectures'], mapSpec(`PCA (${a.pca.indices.length} points)`, a.pca, a.mapLabels, a.labelName),
    `explained variance ${f(a.pca.explained[0] * 100, 1)}% + ${f(a.pca.explained[1] * 100, 1)}%`);
  if (a.tsne) await add('tsne', `${a.name}: t-SNE`, ['architectures'], mapSpec(`t-SNE (${a.tsne.indices.length} points)`, a.tsne, a.mapLabels, a.labelName));
  const ed = a.distanceVsEdit.byEditDistance.map((g) => ({ editDistance: g.editDistance, mean: g.l2.mean, low: g.l2.mean - g.l2.std, high: g.l2.mean + g.l2.std, pairs: g.l2.n }));
  await add('l2-vs-edit', `${a.name}: L2 vs edit distance`, ['mean L2'], {
    $schema: SCHEMA, title: 'L2 distance vs edit distance (random walk)', width: 360, height: 260, data: { values: ed },
    layer: [
      { mark: 'rule', encoding: { x: { field: 'editDistance', type: 'quantitative', title: 'graph edit distance' }, y: { field: 'low', type: 'quantitative', title: 'L2 distance (mean ± std)' }, y2: { field: 'high' } } },
      { mark: { type: 'line', point: true }, encoding: { x: { field: 'editDistance', type: 'quantitative' }, y: { field: 'mean', type: 'quantitative' } } },
    ],
  }, `${a.distanceVsEdit.pairs} pairs; Pearson r ${f(a.distanceVsEdit.pearson)}; ${a.distanceVsEdit.monotonic ? 'monotonic' : 'not monotonic'}`);
  if (a.predictive) {
    await add('gp-scatter', `${a.name}: GP predicted vs true`, ['held-out architectures'], {
      $schema: SCHEMA, title: `GP prediction of ${a.labelName} (seed ${a.predictive.perSeed[0].seed})`, width: 360, height: 300,
      data: { values: a.predictive.scatter },
      mark: { type: 'circle', size: 10, opacity: 0.5 },
      encoding: { x: { field: 'truth', type: 'quantitative', title: `true ${a.labelName}`, scale: { zero: false } }, y: { field: 'predicted', type: 'quantitative', title: 'predicted', scale: { zero: false } } },
    });
  }
  const summary = {
    caption: `${a.name} on ${a.benchmark}: ${a.count} embeddings of dimension ${a.dim}`,
    header: ['analysis', 'this embedding', `paper, ${a.encoder} on NB101 (for reference)`],
    rows: LATENT_ROWS.filter((r) => a.predictive || !r.label.startsWith('GP')).map((r) => [r.label, r.value(a), r.paper(a.encoder)]),
  };
  const edTable = {
    caption: 'L2 distance by graph edit distance along the random walk',
    header: ['edit distance', 'pairs', 'mean L2', 'std L2'],
    rows: a.distanceVsEdit.byEditDistance.map((g) => [String(g.editDistance), String(g.l2.n), f(g.l2.mean), f(g.l2.std)]),
  };
  return {
    id, title: `Latent space: ${a.name} (${a.benchmark})`, tables: [summary, edTable], plots,
    notes: [`Labels: ${a.labelName}. The paper's numbers are for ${a.encoder} on NAS-Bench-101 and are shown for reference only.`, timingNote(a)],
  };
}
