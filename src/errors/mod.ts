/**
 * Errors plait reports to users: located issues, collected and printed at once.
 * @module
 */
export { formatLocation, lineColAt, type SourceLocation } from "./location.ts";
export {
  BugError,
  formatIssue,
  type Issue,
  PlaitError,
  RuntimeError,
  SpecError,
  UsageError,
} from "./plait_error.ts";
export { closest, didYouMean, editDistance } from "./suggest.ts";
