import { escapeXml as esc } from "./_xml.ts";
import { normalizeGraph, type PlotGraph, type SvgOptions } from "./plot_graph.ts";
import { renderSvg } from "./render_svg.ts";

/** Options of {@link renderHtml}: those of {@link renderSvg} plus the page title. */
export interface HtmlOptions extends SvgOptions {
  /** Page title and heading (default: the graph's title, else "plait pipeline"). */
  title?: string;
}

const CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f8fafc; color: #0f172a;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header { padding: 16px 24px 8px; }
h1 { margin: 0; font-size: 18px; font-weight: 600; }
header p { margin: 4px 0 0; color: #64748b; font-size: 13px; }
main { padding: 8px 24px 24px; }
.plot { display: inline-block; max-width: 100%; overflow: auto; background: #fff;
  border: 1px solid #e2e8f0; border-radius: 8px; box-shadow: 0 1px 2px rgb(15 23 42 / 6%); }
.plot svg { display: block; }
.plait-node { cursor: default; }
.plait-node:hover .plait-box { stroke-width: 3; }
`.trim();

/**
 * Renders a standalone HTML page around {@link renderSvg}'s output: no scripts, no
 * network, hover a box to see its full name, source, status and tooltip.
 *
 * @example
 * ```ts
 * import { renderHtml } from "./mod.ts";
 * const html = renderHtml(
 *   { nodes: [{ id: "load", status: "failed" }], edges: [] },
 *   { title: "my pipeline" },
 * );
 * if (!html.includes("<svg")) throw new Error("no SVG in the page");
 * ```
 */
export function renderHtml(graph: PlotGraph, opts: HtmlOptions = {}): string {
  const { title: pageTitle, ...svgOpts } = opts;
  const title = pageTitle ?? graph.title ?? "plait pipeline";
  const svg = renderSvg({ ...graph, title: undefined }, svgOpts);
  const { nodes, edges } = normalizeGraph(graph);
  const count = nodes.length;
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    "</head>",
    "<body>",
    `<header><h1>${esc(title)}</h1><p>${count} task${count === 1 ? "" : "s"}, ` +
    `${edges.length} dependenc${edges.length === 1 ? "y" : "ies"}</p></header>`,
    `<main><div class="plot">\n${svg}</div></main>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
