import { type Layout, layoutGraph, type PlacedEdge, type PlacedNode } from "./_layout.ts";
import { STATUS_STYLE, textWidth, THEME } from "./_theme.ts";
import { wrapTall } from "./_wrap.ts";
import { escapeXml as esc, num } from "./_xml.ts";
import {
  type NodeStatus,
  normalizeGraph,
  type PlotGraph,
  presentStatuses,
  type SvgOptions,
} from "./plot_graph.ts";

const ARROW_ID = "plait-arrow";
const LEGEND_ROW = 34;
const TITLE_ROW = 28;

/**
 * Renders a pipeline graph as a standalone SVG document: boxes coloured by status, curved
 * edges with arrows, and a legend. Pure and deterministic: the same graph (in any node or
 * edge order) gives byte-identical output.
 *
 * @example
 * ```ts
 * import { renderSvg } from "./mod.ts";
 * const svg = renderSvg({
 *   nodes: [{ id: "load", status: "up-to-date" }, { id: "clean", status: "outdated" }],
 *   edges: [["load", "clean"]],
 * });
 * if (!svg.startsWith("<svg")) throw new Error("not an SVG");
 * ```
 */
export function renderSvg(graph: PlotGraph, opts: SvgOptions = {}): string {
  const normal = normalizeGraph(graph);
  const layout = wrapTall(layoutGraph(normal, opts.direction ?? "TB"));
  const statuses = presentStatuses(normal.nodes);
  const legend = opts.legend ?? statuses.length > 0;
  const shown = legend && statuses.length === 0 ? ["unknown" as const] : statuses;
  const { margin } = THEME;
  const titleWidth = normal.title ? textWidth(normal.title, 15) : 0;
  const legendWidth = legend ? legendItems(shown).width : 0;
  const inner = Math.max(layout.width, legendWidth, titleWidth, 120);
  const top = margin + (normal.title ? TITLE_ROW : 0) + (legend ? LEGEND_ROW : 0);
  const width = inner + 2 * margin;
  const height = top + Math.max(layout.height, 24) + margin;
  const dx = margin + (inner - layout.width) / 2;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" ` +
    `viewBox="0 0 ${num(width)} ${num(height)}" font-family="${esc(THEME.monoFont)}" role="img"` +
    (normal.title ? ` aria-label="${esc(normal.title)}"` : "") + ">",
    normal.title ? `<title>${esc(normal.title)}</title>` : "",
    `<defs><marker id="${ARROW_ID}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" ` +
    `markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,1L10,5L0,9Z" fill="${THEME.edge}"/>` +
    `</marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    normal.title ? renderTitle(normal.title, margin) : "",
    legend ? renderLegend(shown, margin, margin + (normal.title ? TITLE_ROW : 0)) : "",
    layout.nodes.length ? renderBody(layout, dx, top) : renderEmpty(margin, top),
    "</svg>",
  ];
  return parts.filter((p) => p !== "").join("\n") + "\n";
}

function renderBody(layout: Layout, dx: number, dy: number): string {
  const edges = layout.edges.map((e) => renderEdge(e, layout.direction));
  const nodes = layout.nodes.map(renderNode);
  return [
    `<g transform="translate(${num(dx)},${num(dy)})">`,
    `<g class="plait-edges" fill="none" stroke="${THEME.edge}" stroke-width="1.5">`,
    ...edges,
    `</g>`,
    `<g class="plait-nodes">`,
    ...nodes,
    `</g>`,
    `</g>`,
  ].join("\n");
}

function renderEmpty(x: number, y: number): string {
  return `<text x="${num(x)}" y="${num(y + 16)}" font-size="13" fill="${THEME.subtext}">(no tasks)</text>`;
}

function renderTitle(title: string, margin: number): string {
  return `<text x="${num(margin)}" y="${num(margin + 16)}" font-family="${esc(THEME.sansFont)}" ` +
    `font-size="15" font-weight="600" fill="${THEME.text}">${esc(title)}</text>`;
}

/** A smooth curve through the control points, tangent to the flow direction at every point. */
export function edgePath(points: readonly [number, number][], direction: "TB" | "LR"): string {
  let d = `M${num(points[0][0])},${num(points[0][1])}`;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    if (direction === "TB") {
      const ym = (y0 + y1) / 2;
      d += `C${num(x0)},${num(ym)} ${num(x1)},${num(ym)} ${num(x1)},${num(y1)}`;
    } else {
      const xm = (x0 + x1) / 2;
      d += `C${num(xm)},${num(y0)} ${num(xm)},${num(y1)} ${num(x1)},${num(y1)}`;
    }
  }
  return d;
}

function renderEdge(edge: PlacedEdge, direction: "TB" | "LR"): string {
  return `<path class="plait-edge" data-from="${esc(edge.from)}" data-to="${esc(edge.to)}" ` +
    `d="${edgePath(edge.points, direction)}" marker-end="url(#${ARROW_ID})"/>`;
}

function tooltipOf(p: PlacedNode): string {
  const { node } = p;
  const lines = [node.label && node.label !== node.id ? `${node.label} (${node.id})` : node.id];
  if (node.sublabel) lines.push(node.sublabel);
  lines.push(`status: ${STATUS_STYLE[node.status ?? "unknown"].label}`);
  if (node.tooltip) lines.push(node.tooltip);
  return lines.map(esc).join("&#10;");
}

function renderNode(p: PlacedNode): string {
  const status: NodeStatus = p.node.status ?? "unknown";
  const style = STATUS_STYLE[status];
  const { accent, radius: r, labelSize, sublabelSize } = THEME;
  const x = p.x - p.width / 2;
  const y = p.y - p.height / 2;
  const dash = style.dashed ? ` stroke-dasharray="5 3"` : "";
  const stripe = `M${num(x + accent)},${num(y)}H${num(x + r)}A${r},${r} 0 0 0 ${num(x)},${num(y + r)}` +
    `V${num(y + p.height - r)}A${r},${r} 0 0 0 ${num(x + r)},${num(y + p.height)}H${num(x + accent)}Z`;
  const tx = num(p.x + accent / 2);
  const text = p.sublabel === undefined
    ? [`<text x="${tx}" y="${num(p.y + 4.5)}" font-size="${labelSize}">${esc(p.label)}</text>`]
    : [
      `<text x="${tx}" y="${num(p.y - 2.5)}" font-size="${labelSize}">${esc(p.label)}</text>`,
      `<text x="${tx}" y="${num(p.y + 14)}" font-size="${sublabelSize}" fill="${THEME.subtext}">` +
      `${esc(p.sublabel)}</text>`,
    ];
  const link = p.node.href ? [`<a class="plait-link" href="${esc(p.node.href)}">`, `</a>`] : ["", ""];
  return [
    link[0],
    `<g class="plait-node" data-id="${esc(p.node.id)}" data-status="${status}" text-anchor="middle" ` +
    `fill="${THEME.text}">`,
    `<title>${tooltipOf(p)}</title>`,
    `<rect class="plait-box" x="${num(x)}" y="${num(y)}" width="${num(p.width)}" height="${num(p.height)}" ` +
    `rx="${r}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.5"${dash}/>`,
    style.dashed ? "" : `<path d="${stripe}" fill="${style.stroke}"/>`,
    ...text,
    `</g>`,
    link[1],
  ].filter((line) => line !== "").join("\n");
}

const LEGEND_FONT = 12;
const SWATCH = 14;

function legendItems(statuses: readonly NodeStatus[]): { width: number; xs: number[] } {
  const xs: number[] = [];
  let x = 0;
  for (const s of statuses) {
    xs.push(x);
    x += SWATCH + 6 + textWidth(STATUS_STYLE[s].label, LEGEND_FONT) + 18;
  }
  return { width: Math.max(0, x - 18), xs };
}

function renderLegend(statuses: readonly NodeStatus[], x0: number, y0: number): string {
  const { xs } = legendItems(statuses);
  const items = statuses.map((s, i) => {
    const style = STATUS_STYLE[s];
    const x = x0 + xs[i];
    const dash = style.dashed ? ` stroke-dasharray="3 2"` : "";
    return `<g data-status="${s}"><rect x="${num(x)}" y="${
      num(y0 + 2)
    }" width="${SWATCH}" height="${SWATCH}" ` +
      `rx="3" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.5"${dash}/>` +
      `<text x="${num(x + SWATCH + 6)}" y="${num(y0 + 13.5)}">${esc(style.label)}</text></g>`;
  });
  return [
    `<g class="plait-legend" font-size="${LEGEND_FONT}" fill="${THEME.subtext}">`,
    ...items,
    `</g>`,
  ].join("\n");
}
