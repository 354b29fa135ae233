import type { BuildSummary, FailureLocation, TaskReport } from "../scheduler/mod.ts";
import { stripAnsi } from "../util/mod.ts";
import { makeStyle, type Style, table } from "./style.ts";

const RAN: Record<TaskReport["outcome"], string> = {
  "ran": "yes",
  "up-to-date": "no",
  "failed": "FAILED",
  "skipped": "skipped",
  "interrupted": "interrupted",
};

function paint(s: Style, outcome: TaskReport["outcome"], text: string): string {
  if (outcome === "ran") return s.green(text);
  if (outcome === "failed" || outcome === "interrupted") return s.red(text);
  if (outcome === "skipped") return s.yellow(text);
  return s.dim(text);
}

/** Options for {@link formatSummaryTable} and {@link formatFailures}. */
export interface FormatOptions {
  color?: boolean;
  /** Failures: the full traceback, library frames included. */
  verbose?: boolean;
}

/**
 * The end-of-build table: task, ran?, seconds (run time), kernel (wait for a kernel, when any
 * task waited), share of the total run time (so it agrees with the seconds column).
 */
export function formatSummaryTable(summary: BuildSummary, opts: FormatOptions = {}): string {
  const s = makeStyle(!!opts.color);
  const total = summary.tasks.reduce((a, t) => a + t.seconds, 0);
  const waited = summary.tasks.some((t) => (t.kernelSeconds ?? 0) > 0);
  const timed = (t: TaskReport) =>
    t.outcome === "ran" || t.outcome === "failed" || t.outcome === "interrupted";
  const rows = summary.tasks.map((t) => [
    t.name,
    paint(s, t.outcome, RAN[t.outcome]),
    timed(t) ? t.seconds.toFixed(2) : "",
    ...(waited ? [timed(t) && t.kernelSeconds !== undefined ? t.kernelSeconds.toFixed(2) : ""] : []),
    total > 0 && t.seconds > 0 ? `${((100 * t.seconds) / total).toFixed(1)}%` : "",
  ]);
  const header = ["task", "ran?", "seconds", ...(waited ? ["kernel"] : []), "share"];
  return table(header, rows, ["l", "l", "r", "r", "r"]);
}

/**
 * One paragraph per failed task, led by the user's `FILE:LINE` and the exception; then the
 * user's own frames (library frames folded, all of them with `verbose`) and the partial
 * notebook. An interrupted task gets one line.
 */
export function formatFailures(summary: BuildSummary, opts: FormatOptions = {}): string {
  const color = !!opts.color;
  const s = makeStyle(color);
  const out: string[] = [];
  for (const t of summary.tasks) {
    if (!t.failure) continue;
    const f = t.failure;
    if (t.outcome === "interrupted") {
      out.push(`${s.red(s.bold("interrupted"))} ${s.bold(t.name)}${f.cell ? ` in cell ${f.cell}` : ""}`);
      continue;
    }
    const where = f.location ? `${s.bold(locationText(f.location))}: ` : "";
    const cell = !f.location && f.cell ? ` (cell ${f.cell})` : ""; // no line to point at: the cell, at least
    const head = `${s.red(s.bold("failed"))} ${s.bold(t.name)}${cell}: ${where}${f.message}`;
    const lines = [head];
    const short = !opts.verbose && f.userTraceback?.length;
    const tb = short ? f.userTraceback! : f.traceback ?? [];
    lines.push(...tb.join("\n").split("\n").map((l) => `  ${color ? l : stripAnsi(l)}`));
    if (short && f.foldedFrames) {
      const n = f.foldedFrames;
      lines.push(
        s.dim(`  (${n} library frame${n > 1 ? "s" : ""} folded; --verbose shows the full traceback)`),
      );
    }
    if (f.notebook) lines.push(`  ${f.cell ? "partial notebook" : "notebook"}: ${f.notebook}`);
    out.push(lines.join("\n"));
  }
  return out.join("\n\n");
}

/** `tasks/clean.py:12`, or for a notebook `tasks/explore.ipynb, cell 3, line 2`. */
export function locationText(loc: FailureLocation): string {
  return loc.cell ? `${loc.file}, cell ${loc.cell}, line ${loc.line}` : `${loc.file}:${loc.line}`;
}

/** The closing line: counts and wall time. */
export function formatTotals(summary: BuildSummary, color = false): string {
  const s = makeStyle(color);
  const count = (o: TaskReport["outcome"]) => summary.tasks.filter((t) => t.outcome === o).length;
  const parts = [
    `${count("ran")} ran`,
    `${count("up-to-date")} up to date`,
    count("failed") ? s.red(`${count("failed")} failed`) : "",
    count("skipped") ? s.yellow(`${count("skipped")} skipped`) : "",
    count("interrupted") ? s.red(`${count("interrupted")} interrupted`) : "",
  ].filter(Boolean);
  const verdict = summary.interrupted ? s.red("interrupted") : summary.ok ? s.green("ok") : s.red("failed");
  return `build ${verdict}: ${parts.join(", ")} in ${summary.seconds.toFixed(2)} s`;
}
