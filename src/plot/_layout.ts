import {
  graphStratify,
  layeringLongestPath,
  layeringSimplex,
  type LayoutResult,
  sugiyama,
} from "../deps_plot.ts";
import { coordBySize, decrossById } from "./_order.ts";
import type { NormalGraph, PlotNode } from "./plot_graph.ts";
import { charsFitting, textWidth, THEME } from "./_theme.ts";

/** A node with its box: centre, size, and the label text as it fits in the box. */
export interface PlacedNode {
  node: PlotNode;
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  sublabel?: string;
}

/** An edge as a polyline of control points, from the source box's border to the target's. */
export interface PlacedEdge {
  from: string;
  to: string;
  points: [number, number][];
}

/** A laid-out graph; coordinates start at (0, 0). */
export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  direction: "TB" | "LR";
}

/** Graphs up to this size get simplex layering (fewest dummy nodes; an LP, so super-linear). */
const SMALL_NODES = 60;
const SMALL_EDGES = 150;

/** Lays out a normalized graph with d3-dag's sugiyama; pure and deterministic. */
export function layoutGraph(graph: NormalGraph, direction: "TB" | "LR"): Layout {
  const boxes = graph.nodes.map(sizeBox);
  if (boxes.length === 0) return { width: 0, height: 0, nodes: [], edges: [], direction };
  const tb = direction === "TB";
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const size = (id: string): [number, number] => {
    const box = boxes[order.get(id)!];
    return tb ? [box.width, box.height] : [box.height, box.width];
  };
  const dag = stratify(graph);
  const small = graph.nodes.length <= SMALL_NODES && graph.edges.length <= SMALL_EDGES;
  const result = runSugiyama(dag, { small, order, size, gap: tb ? [24, 44] : [14, 56] });
  const flip = ([a, b]: [number, number]): [number, number] => (tb ? [a, b] : [b, a]);
  const byId = new Map<string, PlacedNode>();
  const layerHalf = new Map<string, number>();
  for (const n of dag.nodes()) {
    const [x, y] = flip([n.x, n.y]);
    byId.set(n.data.id, { ...boxes[order.get(n.data.id)!], x, y });
    const layer = n.y.toFixed(1);
    layerHalf.set(layer, Math.max(layerHalf.get(layer) ?? 0, size(n.data.id)[1] / 2));
  }
  const edges: PlacedEdge[] = [];
  for (const link of dag.links()) {
    const from = byId.get(link.source.data.id)!;
    const to = byId.get(link.target.data.id)!;
    const points = straightenDummies(link.points, layerHalf).map(flip);
    edges.push({ from: from.node.id, to: to.node.id, points: clip(points, from, to, tb) });
  }
  edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  const [width, height] = flip([result.width, result.height]);
  return { width, height, nodes: graph.nodes.map((n) => byId.get(n.id)!), edges, direction };
}

function stratify(graph: NormalGraph) {
  const parents = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const [from, to] of graph.edges) parents.get(to)!.push(from);
  return graphStratify()(graph.nodes.map((n) => ({ id: n.id, parentIds: parents.get(n.id)! })));
}

interface SugiyamaOptions {
  /** Use simplex layering rather than longest-path. */
  small: boolean;
  /** Position of each node id in the sorted node list. */
  order: Map<string, number>;
  /** Node size in layout space: [across layers, along layers]. */
  size: (id: string) => [number, number];
  gap: [number, number];
}

/** Runs sugiyama on `dag` in place (x, y, link points), returning the layout's size. */
function runSugiyama(dag: ReturnType<typeof stratify>, opts: SugiyamaOptions): LayoutResult {
  const base = sugiyama()
    .decross(decrossById(opts.order))
    .coord(coordBySize())
    .nodeSize((n: { data: { id: string } }) => opts.size(n.data.id))
    .gap(opts.gap);
  return (opts.small ? base.layering(layeringSimplex()) : base.layering(layeringLongestPath()))(dag);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Replaces each bend point of a long edge (a dummy node in a layer) by a straight run as
 * deep as that layer's boxes, so that curves happen only between layers, never beside a box.
 */
function straightenDummies(points: [number, number][], layerHalf: Map<string, number>): [number, number][] {
  const out: [number, number][] = [points[0]];
  for (const [x, y] of points.slice(1, -1)) {
    const half = layerHalf.get(y.toFixed(1)) ?? 0;
    out.push([x, y - half], [x, y + half]);
  }
  out.push(points[points.length - 1]);
  return out;
}

/** Moves an edge's ends from the box centres to the box borders (bottom/top, or right/left). */
function clip(points: [number, number][], from: PlacedNode, to: PlacedNode, tb: boolean): [number, number][] {
  const out = points.map(([x, y]): [number, number] => [x, y]);
  const first = out[0];
  const last = out[out.length - 1];
  if (tb) {
    out[0] = [first[0], from.y + from.height / 2];
    out[out.length - 1] = [last[0], to.y - to.height / 2];
  } else {
    out[0] = [from.x + from.width / 2, first[1]];
    out[out.length - 1] = [to.x - to.width / 2, last[1]];
  }
  return out;
}

/** Box size from the label length; over-long text is shortened with an ellipsis. */
function sizeBox(node: PlotNode): Omit<PlacedNode, "x" | "y"> {
  const { labelSize, sublabelSize, padX, accent, minWidth, maxWidth } = THEME;
  const room = maxWidth - 2 * padX - accent;
  const label = truncateMiddle(node.label ?? node.id, charsFitting(room, labelSize));
  const sublabel = node.sublabel === undefined
    ? undefined
    : truncateStart(node.sublabel, charsFitting(room, sublabelSize));
  const text = Math.max(textWidth(label, labelSize), textWidth(sublabel ?? "", sublabelSize));
  const width = Math.min(maxWidth, Math.max(minWidth, Math.ceil(text + 2 * padX + accent)));
  const height = node.sublabel === undefined ? THEME.height : THEME.heightWithSublabel;
  return { node, width, height, label, sublabel };
}

/** `fit-n_estimators-10-criterion-gini` -> `fit-n_estim…rion-gini`: both ends stay readable. */
export function truncateMiddle(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return chars.slice(0, head).join("") + "…" + chars.slice(chars.length - (keep - head)).join("");
}

/** `very/long/path/tasks/load.py` -> `…/tasks/load.py`: the file name stays readable. */
export function truncateStart(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return "…" + chars.slice(chars.length - (max - 1)).join("");
}
