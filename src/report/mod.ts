/**
 * Build events -> terminal progress, end-of-build tables and failure reports.
 * @module
 */
export { type ProgressOptions, ProgressView } from "./progress.ts";
export {
  formatFailures,
  type FormatOptions,
  formatSummaryTable,
  formatTotals,
  locationText,
} from "./summary.ts";
export { makeStyle, type Style, table } from "./style.ts";
export { type ColumnFit, fitTable, type FitTableOptions } from "./fit_table.ts";
export { truncateMiddle } from "./_text.ts";
