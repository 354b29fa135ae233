import { renderSvg } from "../plot/mod.ts";
import type { PlotGraph } from "../plot/mod.ts";
import { CLIENT_JS } from "./_client.ts";
import { LIVE_STATUS, PAGE_CSS } from "./_style.ts";
import type { Snapshot } from "./api.ts";
import type { ServeGraph } from "./types.ts";

/** Options of {@link renderPage}. */
export interface PageOptions {
  title: string;
  token: string;
}

const escHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON safe inside `<script>`: no `</script>`, no `<!--`. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(
    /\u2029/g,
    "\\u2029",
  );
}

let cached: { key: string; svg: string; compact?: { svg: string; tips: Record<string, string> } } | undefined;

/**
 * The graph as `plot` lays it out, with no status baked in (the page colours each node from its
 * live state): laid out again only when the graph itself changed, not per request or build.
 */
export function graphSvg(plot: PlotGraph): string {
  const bare = { ...plot, title: undefined, nodes: plot.nodes.map((n) => ({ ...n, status: undefined })) };
  const key = JSON.stringify([bare.nodes, bare.edges]);
  if (cached?.key === key) return cached.svg;
  const svg = renderSvg(bare, { legend: false }).replaceAll("&#10;status: unknown", "");
  cached = { key, svg };
  return svg;
}

const unescapeXml = (s: string) =>
  s.replace(
    /&(lt|gt|quot|apos|amp|#10);/g,
    (_e, k: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&", "#10": "\n" })[k]!,
  );

/**
 * {@link graphSvg} made light for a page of a thousand tasks: no whitespace between tags and no
 * `<title>` per node (half the DOM nodes); the page adds a node's tooltip when the pointer first
 * reaches it, from `tips`.
 */
export function compactGraphSvg(plot: PlotGraph): { svg: string; tips: Record<string, string> } {
  const full = graphSvg(plot);
  if (cached?.compact) return cached.compact;
  const tips: Record<string, string> = {};
  const svg = full
    .replace(
      /(data-id="([^"]*)"[^>]*>)\n?<title>([^<]*)<\/title>/g,
      (_m, open: string, id: string, tip: string) => {
        tips[unescapeXml(id)] = unescapeXml(tip);
        return open;
      },
    )
    .replace(/>\s+</g, "><");
  return cached!.compact = { svg, tips };
}

/** The SVG with each node's `data-status` set by `statusOf(id)` (the page's CSS colours them). */
export function withStatuses(svg: string, statusOf: (id: string) => string | undefined): string {
  return svg.replace(/class="plait-node" data-id="([^"]*)" data-status="unknown"/g, (_m, id: string) => {
    const name = id.replace(
      /&(lt|gt|quot|apos|amp);/g,
      (_e, k: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[k]!,
    );
    return `class="plait-node" data-id="${id}" data-status="${statusOf(name) ?? "unknown"}"`;
  });
}

/** The live page: graph, legend, task panel; everything inlined (no CDN, no other file). */
export function renderPage(graph: ServeGraph, snapshot: Snapshot, opts: PageOptions): string {
  const labels = Object.fromEntries(Object.entries(LIVE_STATUS).map(([s, [, , label]]) => [s, label]));
  const legend = Object.entries(LIVE_STATUS).filter(([s]) => s !== "unknown").map(([s, [, , label]]) =>
    `<span><i class="sw-${s}"></i>${escHtml(label)}</span>`
  ).join("");
  const data = { token: opts.token, snapshot, labels, tips: compactGraphSvg(graph.plot).tips };
  const live = new Map(snapshot.tasks.map((t) => [t.name, t.status]));
  const compact = compactGraphSvg(graph.plot);
  const svg = withStatuses(compact.svg, (id) => live.get(id) ?? snapshot.rest[id]?.status);
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escHtml(opts.title)} \u00b7 plait</title>`,
    `<style>\n${PAGE_CSS}\n</style>`,
    "</head>",
    "<body>",
    `<header><h1>${
      escHtml(opts.title)
    }</h1><span id="build">no build yet</span><span class="spacer"></span>` +
    `<button id="run" title="build what is not up to date">Build</button>` +
    `<button id="force" title="run every task">Force build</button></header>`,
    `<div id="notice" hidden></div>`,
    `<div id="legend">${legend}</div>`,
    `<main><section id="graph">\n${svg}</section><aside id="panel" hidden></aside></main>`,
    `<script type="application/json" id="plait-data">${scriptJson(data)}</script>`,
    `<script>\n${CLIENT_JS}\n</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
