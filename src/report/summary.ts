import type { BuildSummary, TaskReport } from "../scheduler/mod.ts";
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

/** The end-of-build table: task, ran?, seconds, share of the total task time. */
export function formatSummaryTable(summary: BuildSummary, color = false): string {
  const s = makeStyle(color);
  const total = summary.tasks.reduce((a, t) => a + t.seconds, 0);
  const rows = summary.tasks.map((t) => [
    t.name,
    paint(s, t.outcome, RAN[t.outcome]),
    t.outcome === "ran" || t.outcome === "failed" ? t.seconds.toFixed(2) : "",
    total > 0 && t.seconds > 0 ? `${((100 * t.seconds) / total).toFixed(1)}%` : "",
  ]);
  return table(["task", "ran?", "seconds", "share"], rows, ["l", "l", "r", "r"]);
}

/** One paragraph per failed task: where it failed, the Python traceback, the partial notebook. */
export function formatFailures(summary: BuildSummary, color = false): string {
  const s = makeStyle(color);
  const out: string[] = [];
  for (const t of summary.tasks) {
    if (!t.failure) continue;
    const f = t.failure;
    const head = `${s.red(s.bold(t.outcome === "interrupted" ? "interrupted" : "failed"))} ${s.bold(t.name)}${
      f.cell ? ` (cell ${f.cell})` : ""
    }: ${f.message}`;
    const lines = [head];
    if (f.traceback?.length) {
      lines.push(...f.traceback.join("\n").split("\n").map((l) => `  ${color ? l : stripAnsi(l)}`));
    }
    if (f.notebook) lines.push(`  ${f.cell ? "partial notebook" : "notebook"}: ${f.notebook}`);
    out.push(lines.join("\n"));
  }
  return out.join("\n\n");
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
