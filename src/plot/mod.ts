/**
 * The pipeline plot: a graph and task statuses in, a deterministic SVG (or a standalone
 * HTML page) out. Layout by d3-dag's sugiyama; no I/O here, the CLI writes the file.
 *
 * @example
 * ```ts
 * import { renderSvg } from "./mod.ts";
 * const svg = renderSvg({
 *   title: "ml",
 *   nodes: [
 *     { id: "load", sublabel: "tasks/load.py", status: "up-to-date" },
 *     { id: "fit", sublabel: "4 grid points", status: "failed" },
 *   ],
 *   edges: [["load", "fit"]],
 * });
 * if (!svg.includes("failed")) throw new Error("the legend should name the failed status");
 * ```
 *
 * @module
 */
export {
  NODE_STATUSES,
  type NodeStatus,
  type PlotGraph,
  type PlotNode,
  type SvgOptions,
} from "./plot_graph.ts";
export { renderSvg } from "./render_svg.ts";
export { type HtmlOptions, renderHtml } from "./render_html.ts";
export { type PngFont, type PngOptions, renderPng } from "./render_png.ts";
