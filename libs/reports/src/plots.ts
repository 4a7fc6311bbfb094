/**
 * The sweep plots as SVG strings, rendered in Node with vega-lite → vega (no browser, no canvas):
 * regret vs queries and vs simulated seconds on log-log axes like the paper's Fig. 6 (mean over
 * seeds with a ±1 std band), and the CDF of final regret per method (Fig. 6 right).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { MethodCurve, RunResult, SweepResults } from './results-types.js';

export interface Plot {
  id: string;
  title: string;
  /** The series drawn (one per method), in legend order. */
  series: string[];
  svg: string;
  /** Why a plot is absent or what to keep in mind reading it. */
  note?: string;
}

export interface PlotSet {
  plots: Plot[];
  /** Plots that could not be drawn, and why (e.g. a benchmark with no training times). */
  omitted: Array<{ title: string; reason: string }>;
}

/** Regret 0 cannot sit on a log axis: it is drawn at this floor (noted under the plot). */
export const LOG_FLOOR = 1e-5;

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Points every run of the method reached (the paper averages up to the shortest run). */
export function completePoints(curve: MethodCurve): MethodCurve['points'] {
  const most = Math.max(0, ...curve.points.map((p) => p.runs));
  return curve.points.filter((p) => p.runs === most);
}

export interface CurveDatum {
  method: string;
  x: number;
  mean: number;
  low: number;
  high: number;
}

export function curveData(curves: MethodCurve[], x: 'queries' | 'seconds', metric: 'test' | 'validation'): CurveDatum[] {
  const data: CurveDatum[] = [];
  for (const curve of curves) {
    for (const p of completePoints(curve)) {
      const mean = metric === 'test' ? p.meanRegretTest : p.meanRegretValidation;
      const std = (metric === 'test' ? p.stdRegretTest : p.stdRegretValidation) ?? 0;
      const xValue = x === 'queries' ? p.queries : p.meanSimulatedSeconds;
      if (mean === null || !(xValue > 0)) continue;
      data.push({ method: curve.method, x: xValue, mean: Math.max(mean, LOG_FLOOR), low: Math.max(mean - std, LOG_FLOOR), high: Math.max(mean + std, LOG_FLOOR) });
    }
  }
  return data;
}

function curveSpec(title: string, xTitle: string, yTitle: string, data: CurveDatum[]): TopLevelSpec {
  const x = { field: 'x', type: 'quantitative' as const, scale: { type: 'log' as const }, title: xTitle };
  const color = { field: 'method', type: 'nominal' as const, title: 'method' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title, width: 420, height: 280, data: { values: data },
    layer: [
      { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'low', type: 'quantitative', scale: { type: 'log' }, title: yTitle }, y2: { field: 'high' }, color } },
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color } },
    ],
  };
}

/** Regret (test where the benchmark has it, else validation) vs queries and vs simulated seconds. */
export async function regretPlots(results: SweepResults, benchmark: string): Promise<PlotSet> {
  const curves = results.curves.filter((c) => c.benchmark === benchmark);
  const series = curves.map((c) => c.method);
  const hasTest = curves.some((c) => c.points.some((p) => p.meanRegretTest !== null));
  const metric = hasTest ? 'test' : 'validation';
  const yTitle = `${metric} regret (mean ± 1 std over seeds)`;
  const note = `regret = optimum − incumbent's ${metric} accuracy; 0 is drawn at ${LOG_FLOOR}; indexes every run reached`;
  const plots: Plot[] = [];
  const omitted: PlotSet['omitted'] = [];
  const byQueries = curveData(curves, 'queries', metric);
  if (byQueries.length === 0) return { plots, omitted: [{ title: `${benchmark}: regret curves`, reason: 'no query recorded yet, or no optimum known for this benchmark' }] };
  plots.push({ id: `${benchmark}-regret-queries`, title: `${benchmark}: regret vs queries`, series, note,
    svg: await renderSvg(curveSpec(`${benchmark}: regret vs queries`, 'queries', yTitle, byQueries)) });
  const bySeconds = curveData(curves, 'seconds', metric);
  if (bySeconds.length > 0) {
    plots.push({ id: `${benchmark}-regret-seconds`, title: `${benchmark}: regret vs simulated seconds`, series, note,
      svg: await renderSvg(curveSpec(`${benchmark}: regret vs simulated seconds`, 'simulated training seconds (mean over seeds)', yTitle, bySeconds)) });
  } else {
    omitted.push({ title: `${benchmark}: regret vs simulated seconds`, reason: 'the benchmark has no training times (every query cost 0 simulated seconds)' });
  }
  return { plots, omitted };
}

/** Empirical CDF points of one method's final regrets: (regret, share of runs ≤ it), sorted. */
export function cdfPoints(regrets: number[]): Array<{ regret: number; cdf: number }> {
  const sorted = [...regrets].sort((a, b) => a - b);
  return sorted.map((regret, i) => ({ regret, cdf: (i + 1) / sorted.length }));
}

export async function regretCdfPlot(results: SweepResults, benchmark: string): Promise<Plot | undefined> {
  const runs = results.runs.filter((r) => r.benchmark === benchmark && r.bestValidation !== null);
  const hasTest = runs.some((r) => r.regretTest !== null);
  const regretOfRun = (r: RunResult) => (hasTest ? r.regretTest : r.regretValidation);
  const methods = [...new Set(runs.map((r) => r.method))];
  const data = methods.flatMap((method) =>
    cdfPoints(runs.filter((r) => r.method === method).map(regretOfRun).filter((x): x is number => x !== null)).map((p) => ({ method, ...p })));
  if (data.length === 0) return undefined;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${benchmark}: CDF of final regret`, width: 420, height: 280, data: { values: data },
    mark: { type: 'line', interpolate: 'step-after', point: true },
    encoding: {
      x: { field: 'regret', type: 'quantitative', title: `final ${hasTest ? 'test' : 'validation'} regret` },
      y: { field: 'cdf', type: 'quantitative', title: 'share of runs', scale: { domain: [0, 1] } },
      color: { field: 'method', type: 'nominal', title: 'method' },
    },
  };
  return { id: `${benchmark}-regret-cdf`, title: `${benchmark}: CDF of final regret`, series: methods, svg: await renderSvg(spec),
    note: results.partial ? 'unfinished runs are counted at their incumbent so far' : undefined };
}

/** Every sweep plot, benchmark by benchmark. */
export async function sweepPlots(results: SweepResults): Promise<PlotSet> {
  const set: PlotSet = { plots: [], omitted: [] };
  for (const benchmark of [...new Set(results.runs.map((r) => r.benchmark))]) {
    const curves = await regretPlots(results, benchmark);
    set.plots.push(...curves.plots);
    set.omitted.push(...curves.omitted);
    const cdf = await regretCdfPlot(results, benchmark);
    if (cdf) set.plots.push(cdf);
    else set.omitted.push({ title: `${benchmark}: CDF of final regret`, reason: 'no run has a regret yet' });
  }
  return set;
}
