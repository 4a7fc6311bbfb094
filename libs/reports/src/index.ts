/**
 * @a2v/reports: a sweep's results as the paper reports them — read from the results views in
 * PostgreSQL, laid out as Tables 2/3 beside the paper's numbers, plotted as SVG (vega-lite in Node)
 * and bound into a self-contained HTML report — plus the latent-space analyses of an embedding set.
 */
export { UnknownSweepError, type CurvePoint, type MethodCurve, type MethodResult, type Optimum, type RunResult, type Stat, type SweepInfo, type SweepResults } from './results-types.js';
export { benchmarkOptimum, loadSweepResults, regretOf, regretStat, type LoadOptions, type OptimumLookup } from './results-data.js';
export { paperComparison, paperMethodName, type MeanStd, type PaperComparison, type Table2Row, type Table3Row } from './paper-reference.js';
export { buildResultsTable, formatResultsCsv, formatResultsText, RESULTS_CSV_HEADER, type ResultsBlock, type ResultsRow, type ResultsTable } from './results-table.js';
export { CURVES_CSV_HEADER, curvesJson, formatCurvesCsv, loadRunCurves, type RunCurvePoint } from './curves-export.js';
export { cdfPoints, completePoints, LOG_FLOOR, regretCdfPlot, regretPlots, renderSvg, sweepPlots, type Plot, type PlotSet } from './plots.js';
export { benchmarkProvenance, codeVersion, collectProvenance, type BenchmarkProvenance, type CodeVersion, type EmbeddingProvenance, type Provenance } from './provenance.js';
export { escapeHtml, htmlPage, renderReportHtml, scriptJson, sectionHtml, type HtmlTable, type ReportInput, type ReportSection } from './report-html.js';
export { buildReport, writePlots, writeReport, type BuildReportOptions } from './report.js';

// Latent-space analyses over any embedding set (arch2vec's come from @a2v/model, via the caller)
export { checkEmbedding, EmbeddingError, keyIndex, l2Distance, meanStd, pearson, restrictEmbedding, type ArchitectureSet, type Embedding, type EncoderKind, type MeanStdN } from './latent/embedding.js';
export { readEmbeddingBytes, sweepEmbeddingSources, type SweepEmbeddingSource } from './latent/embedding-source.js';
export { pca2, type PcaResult, type Projection } from './latent/pca.js';
export { tsne2, type TsneOptions } from './latent/tsne.js';
export { distanceVersusEdit, type DistanceVsEdit, type DistanceVsEditOptions } from './latent/distance-vs-edit.js';
export { nearestNeighbourWalk, type NnWalk, type NnWalkOptions } from './latent/nn-walk.js';
export { gpPredictivePerformance, type PredictiveOptions, type PredictivePerformance, type PredictiveSeed } from './latent/predictive.js';
export { analyzeEmbedding, architecturesFromBenchmark, type BenchmarkArchitectures, type LatentAnalysis, type LatentAnalysisOptions } from './latent/analysis.js';
export { latentSection } from './latent/latent-section.js';
export { LATENT_ROWS, PAPER_LATENT, type LatentRow, type PaperLatentNumbers } from './latent/paper-latent.js';
export { encoderComparisonSection, MISSING_SUPERVISED } from './latent/comparison.js';
export { latentSections, renderEmbeddingReportHtml, writeEmbeddingReport, type EmbeddingReportInput } from './latent/embedding-report.js';
