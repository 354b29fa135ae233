import { formatLocation, type SourceLocation } from "./location.ts";

/** One problem in a user's input: where, what, and optionally how to fix it. */
export interface Issue {
  /** Where the problem is, when known. */
  location?: SourceLocation;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  hint?: string;
}

/** Formats an issue as `file:line:col: message` with an indented `hint:` line. */
export function formatIssue(issue: Issue): string {
  const where = formatLocation(issue.location);
  let out = where ? `${where}: ${issue.message}` : issue.message;
  if (issue.hint) out += `\n  hint: ${issue.hint}`;
  return out;
}

/**
 * Base class of every error caused by the user's input. The CLI prints these without a
 * stack trace; anything else is a bug in plait.
 */
export class PlaitError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number = 2;
  /** Every problem found (at least one), each with its location and hint. */
  readonly issues: Issue[];
  /** Creates the error from one issue or several. */
  constructor(issues: Issue | Issue[], options?: ErrorOptions) {
    const list = Array.isArray(issues) ? issues : [issues];
    super(list.map(formatIssue).join("\n"), options);
    this.name = "PlaitError";
    this.issues = list;
  }
}

/** A pipeline definition (pipeline.ts or pipeline.yaml) has one or more problems. */
export class SpecError extends PlaitError {
  /** Creates the error from one issue or several. */
  constructor(issues: Issue | Issue[], options?: ErrorOptions) {
    super(issues, options);
    this.name = "SpecError";
  }
}

/** The command line was used wrongly. */
export class UsageError extends PlaitError {
  constructor(issues: Issue | Issue[], options?: ErrorOptions) {
    super(issues, options);
    this.name = "UsageError";
  }
}

/** Something outside plait's control failed (a kernel, a file system operation). */
export class RuntimeError extends PlaitError {
  override readonly exitCode: number = 1;
  constructor(issues: Issue | Issue[], options?: ErrorOptions) {
    super(issues, options);
    this.name = "RuntimeError";
  }
}

/** A broken invariant inside plait itself: always a bug. */
export class BugError extends Error {
  constructor(message: string) {
    super(`${message} (this is a bug in plait; please report it)`);
    this.name = "BugError";
  }
}
