import { ZOOM_SCRIPT } from "./_html_script.ts";
import { escapeXml as esc } from "./_xml.ts";
import { normalizeGraph, type PlotGraph, type SvgOptions } from "./plot_graph.ts";
import { renderSvg } from "./render_svg.ts";

/** Options of {@link renderHtml}: those of {@link renderSvg} plus the page title. */
export interface HtmlOptions extends SvgOptions {
  /** Page title and heading (default: the graph's title, else "plait pipeline"). */
  title?: string;
  /**
   * The same pipeline with nothing collapsed (every grid point a box), when `graph` draws big
   * grid groups as one box: the page then has a checkbox to switch between the two.
   */
  expanded?: PlotGraph;
}

const CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f8fafc; color: #0f172a;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header { padding: 16px 24px 8px; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
h1 { margin: 0; font-size: 18px; font-weight: 600; }
header p { margin: 4px 0 0; color: #64748b; font-size: 13px; }
.tools { margin-left: auto; display: flex; gap: 6px; align-items: center; font-size: 13px; }
.tools button { min-width: 32px; padding: 2px 8px; border: 1px solid #cbd5e1; border-radius: 6px;
  background: #fff; cursor: pointer; }
main { padding: 8px 24px 24px; }
.plot { position: relative; height: calc(100vh - 110px); min-height: 300px; overflow: hidden; background: #fff;
  border: 1px solid #e2e8f0; border-radius: 8px; box-shadow: 0 1px 2px rgb(15 23 42 / 6%);
  cursor: grab; touch-action: none; }
.stage { transform-origin: 0 0; position: absolute; left: 0; top: 0; }
.plot svg { display: block; }
.plait-node { cursor: default; }
a .plait-node { cursor: pointer; }
.plait-node:hover .plait-box { stroke-width: 3; }
`.trim();

/**
 * Renders a standalone HTML page around {@link renderSvg}'s output: zoom (wheel, buttons), pan
 * (drag), hover a box for its name, source, status and doc, click it to open the task's executed
 * notebook. One inline script, no network.
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
  const { title: pageTitle, expanded, ...svgOpts } = opts;
  const title = pageTitle ?? graph.title ?? "plait pipeline";
  const svg = renderSvg({ ...graph, title: undefined }, svgOpts);
  const { nodes, edges } = normalizeGraph(expanded ?? graph);
  const count = nodes.length;
  const graphs = [`<div class="graph" data-expanded="false">\n${svg}</div>`];
  if (expanded) {
    const all = renderSvg({ ...expanded, title: undefined }, svgOpts);
    graphs.push(`<div class="graph" data-expanded="true" hidden>\n${all}</div>`);
  }
  const toggle = expanded ? `<label><input type="checkbox" id="every-point"> every grid point</label>` : "";
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
    `<header><div><h1>${esc(title)}</h1><p>${count} task${count === 1 ? "" : "s"}, ` +
    `${edges.length} dependenc${edges.length === 1 ? "y" : "ies"}</p></div>` +
    `<div class="tools">${toggle}<button data-zoom="1.25" title="zoom in">+</button>` +
    `<button data-zoom="0.8" title="zoom out">−</button><button data-zoom="fit" title="fit">fit</button>` +
    `</div></header>`,
    `<main><div class="plot"><div class="stage">\n${graphs.join("\n")}\n</div></div></main>`,
    `<script>\n${ZOOM_SCRIPT}\n</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
