import { stripAnsi } from "../util/mod.ts";
import { LIVE_STATUS, PAGE_CSS } from "./_style.ts";
import type { LiveBuild, LiveTask } from "./live_state.ts";
import { graphSvg, withStatuses } from "./page.ts";
import type { ServeGraph } from "./types.ts";

/** Options of {@link renderReport}. */
export interface ReportOptions {
  title: string;
  /** Link to a task's notebook, relative to where the report is written (undefined: no link). */
  notebookLink?: (task: string) => string | undefined;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const secs = (s: number | undefined) => (s === undefined ? "" : `${s.toFixed(2)} s`);

const REPORT_CSS = `
main{display:block;padding:0 20px 20px}
section{margin:16px 0}
h2{font-size:15px;margin:18px 0 8px}
table.tasks{border-collapse:collapse;background:#fff;font-size:13px}
table.tasks th,table.tasks td{border:1px solid #e2e8f0;padding:3px 8px;text-align:left;vertical-align:top}
table.tasks td.num{text-align:right;font-variant-numeric:tabular-nums}
#graph{max-height:none;display:inline-block}
.timeline{background:#fff;border:1px solid #e2e8f0;border-radius:8px}
pre.tb{background:#fef2f2;border:1px solid #fecaca;border-radius:6px;padding:8px;white-space:pre-wrap;font-size:12px}
`;

/** Colours each node of the plot's SVG with its status in the build (at rest when not in it). */
function colouredSvg(graph: ServeGraph, build: LiveBuild): string {
  const rest = new Map(graph.plot.nodes.map((n) => [n.id, n.status ?? "unknown"]));
  return withStatuses(graphSvg(graph.plot), (id) => build.tasks.get(id)?.status ?? rest.get(id));
}

/** When each task ran, one row per worker slot: an SVG. */
export function timelineSvg(build: LiveBuild): string {
  const ran = [...build.tasks.values()].filter((t) => t.startedAt !== undefined && t.lane !== undefined);
  if (!ran.length) return "<p class=muted>No task ran in this build.</p>";
  const t0 = build.info.startedAt;
  const end = Math.max(...ran.map((t) => t.endedAt ?? build.lastEventAt), build.info.endedAt ?? 0);
  const span = Math.max(1, end - t0);
  const lanes = Math.max(...ran.map((t) => t.lane!)) + 1;
  const [left, width, row] = [80, 900, 26];
  const x = (ms: number) => left + ((ms - t0) / span) * width;
  const bars = ran.map((t: LiveTask) => {
    const [fill, stroke] = LIVE_STATUS[t.status] ?? LIVE_STATUS.unknown;
    const x0 = x(t.startedAt!);
    const w = Math.max(2, x(t.endedAt ?? end) - x0);
    const y = 24 + t.lane! * row;
    const label = w > 40
      ? `<text x="${(x0 + 4).toFixed(1)}" y="${y + 15}" font-size="11">${esc(t.name)}</text>`
      : "";
    return `<g><title>${esc(`${t.name}: ${t.status}, ${secs(t.seconds)}`)}</title><rect x="${
      x0.toFixed(1)
    }" ` +
      `y="${y}" width="${w.toFixed(1)}" height="${
        row - 6
      }" rx="3" fill="${fill}" stroke="${stroke}"/>${label}</g>`;
  });
  const rows = Array.from(
    { length: lanes },
    (_, i) => `<text x="6" y="${24 + i * row + 15}" font-size="12" fill="#475569">worker ${i + 1}</text>`,
  );
  const ticks = Array.from({ length: 6 }, (_, i) => {
    const ms = (span * i) / 5;
    return `<text x="${(left + (width * i) / 5).toFixed(1)}" y="14" font-size="11" fill="#64748b" ` +
      `text-anchor="middle">${(ms / 1000).toFixed(1)} s</text>`;
  });
  const h = 24 + lanes * row + 8;
  return `<svg class="timeline" width="${
    left + width + 30
  }" height="${h}" font-family="system-ui,sans-serif">` +
    [...ticks, ...rows, ...bars].join("") + `</svg>`;
}

function taskRows(build: LiveBuild, opts: ReportOptions): string {
  return [...build.tasks.values()].map((t) => {
    const link = opts.notebookLink?.(t.name);
    return `<tr><td>${esc(t.name)}</td><td><span class="badge sw-${esc(t.status)}">` +
      `${esc(LIVE_STATUS[t.status]?.[2] ?? t.status)}</span></td><td class="num">${secs(t.seconds)}</td>` +
      `<td class="num">${secs(t.kernelSeconds)}</td>` +
      `<td>${t.lane === undefined ? "" : t.lane + 1}</td><td>${esc(t.reasons.join("; "))}</td>` +
      `<td>${link ? `<a href="${esc(link)}">notebook</a>` : ""}</td></tr>`;
  }).join("\n");
}

function failures(build: LiveBuild, opts: ReportOptions): string {
  const failed = [...build.tasks.values()].filter((t) => t.failure);
  if (!failed.length) return "";
  return `<section><h2>Failures</h2>` + failed.map((t) => {
    const f = t.failure!;
    const link = opts.notebookLink?.(t.name);
    return `<h3 id="fail-${esc(t.name)}">${esc(t.name)}</h3><p>${esc(f.message)}` +
      (f.notebook
        ? ` (partial notebook: ${link ? `<a href="${esc(link)}">${esc(f.notebook)}</a>` : esc(f.notebook)})`
        : "") +
      `</p><pre class="tb">${esc(stripAnsi((f.traceback ?? []).join("\n")) || f.message)}</pre>`;
  }).join("") + `</section>`;
}

/**
 * One self-contained HTML file of a build: the graph coloured by outcome, a table of tasks, a
 * timeline by worker, and failures with tracebacks. No script and nothing fetched.
 */
export function renderReport(graph: ServeGraph, build: LiveBuild, opts: ReportOptions): string {
  const b = build.info;
  const total = b.seconds ?? ((b.endedAt ?? build.lastEventAt) - b.startedAt) / 1000;
  const counts = new Map<string, number>();
  for (const t of build.tasks.values()) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${LIVE_STATUS[s]?.[2] ?? s}`).join(", ");
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(opts.title)} build report</title>`,
    `<style>\n${PAGE_CSS}\n${REPORT_CSS}\n</style></head><body>`,
    `<header><h1>${esc(opts.title)}</h1><span id="build">build <b>${esc(b.id)}</b> \u00b7 ` +
    `${esc(b.command)} \u00b7 ${esc(new Date(b.startedAt).toISOString())} \u00b7 ${
      total.toFixed(2)
    } s \u00b7 ` +
    `${esc(b.state === "ok" ? "succeeded" : b.state)}</span></header>`,
    `<main><p>${esc(summary)} (${b.jobs} worker${b.jobs === 1 ? "" : "s"})</p>`,
    `<section><h2>Graph</h2><div id="graph">${colouredSvg(graph, build)}</div></section>`,
    `<section><h2>Timeline</h2>${timelineSvg(build)}</section>`,
    `<section><h2>Tasks</h2><table class="tasks"><tr><th>task</th><th>outcome</th><th>time</th>` +
    `<th>kernel wait</th><th>worker</th><th>why</th><th>notebook</th></tr>\n${
      taskRows(build, opts)
    }</table></section>`,
    failures(build, opts),
    "</main></body></html>",
    "",
  ].join("\n");
}
