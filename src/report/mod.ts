/**
 * Build events -> terminal progress, end-of-build tables and failure reports.
 * @module
 */
export { ProgressView, type ProgressOptions } from "./progress.ts";
export { formatFailures, formatSummaryTable, formatTotals } from "./summary.ts";
export { makeStyle, stripAnsi, type Style, table } from "./style.ts";
