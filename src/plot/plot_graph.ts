import { type Issue, UsageError } from "../errors/mod.ts";

/** The state of one task as the plot shows it. */
export type NodeStatus =
  | "up-to-date"
  | "outdated"
  | "failed"
  | "never-run"
  | "skipped"
  | "running"
  | "unknown";

/** Every status, in the order the legend lists them. */
export const NODE_STATUSES: readonly NodeStatus[] = [
  "up-to-date",
  "outdated",
  "running",
  "failed",
  "skipped",
  "never-run",
  "unknown",
];

/** One box in the plot. */
export interface PlotNode {
  /** Unique name; edges refer to it. */
  id: string;
  /** Text in the box (default: the id). */
  label?: string;
  /** Smaller second line, e.g. `tasks/load.py` or `4 grid points`. */
  sublabel?: string;
  /** Colour of the box (default: `unknown`). */
  status?: NodeStatus;
  /** Extra text shown on hover (an SVG `<title>`). */
  tooltip?: string;
  /** A link the box opens (e.g. the task's executed notebook), relative to the written file. */
  href?: string;
  /** For a box standing for several tasks (a grid collapsed into one): their ids. */
  members?: string[];
}

/** A pipeline graph to plot: nodes, `[from, to]` edges and an optional title. */
export interface PlotGraph {
  nodes: PlotNode[];
  edges: [from: string, to: string][];
  title?: string;
}

/** Options of {@link renderSvg}. */
export interface SvgOptions {
  /** Draw the status legend (default: when any node has a status other than `unknown`). */
  legend?: boolean;
  /** Top-to-bottom (default) or left-to-right. */
  direction?: "TB" | "LR";
}

/** A graph in canonical form: nodes sorted by id, edges sorted and without duplicates. */
export interface NormalGraph {
  nodes: PlotNode[];
  edges: [string, string][];
  title?: string;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sorts nodes and edges so that the layout does not depend on input order, and reports
 * duplicate ids, edges to unknown nodes and self-loops all at once.
 */
export function normalizeGraph(graph: PlotGraph): NormalGraph {
  const issues: Issue[] = [];
  const ids = new Set<string>();
  for (const node of graph.nodes) {
    if (ids.has(node.id)) issues.push({ message: `Cannot plot node "${node.id}": its id is used twice` });
    ids.add(node.id);
  }
  const seen = new Set<string>();
  const edges: [string, string][] = [];
  for (const [from, to] of graph.edges) {
    for (const end of [from, to]) {
      if (!ids.has(end)) issues.push({ message: `Cannot plot edge "${from}" -> "${to}": no node "${end}"` });
    }
    const key = JSON.stringify([from, to]);
    if (!seen.has(key)) edges.push([from, to]);
    seen.add(key);
  }
  if (issues.length) throw new UsageError(issues);
  const cycle = findCycle(edges);
  if (cycle) throw new UsageError({ message: `Cannot plot a graph with a cycle: ${cycle.join(" -> ")}` });
  const nodes = [...graph.nodes].sort((a, b) => compare(a.id, b.id));
  edges.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  return { nodes, edges, title: graph.title };
}

/** Returns one cycle as a closed path (`a -> b -> a`), or undefined when the edges form a DAG. */
function findCycle(edges: readonly [string, string][]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, "open" | "done">();
  for (const start of [...next.keys()].sort(compare)) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const stack: string[][] = [[...(next.get(start) ?? [])].reverse()];
    state.set(start, "open");
    while (stack.length) {
      const to = stack[stack.length - 1].pop();
      if (to === undefined) {
        state.set(path.pop()!, "done");
        stack.pop();
      } else if (state.get(to) === "open") {
        return [...path.slice(path.indexOf(to)), to];
      } else if (!state.has(to)) {
        state.set(to, "open");
        path.push(to);
        stack.push([...(next.get(to) ?? [])].reverse());
      }
    }
  }
  return undefined;
}

/** The statuses present in a graph, in legend order (`unknown` only when others are present). */
export function presentStatuses(nodes: readonly PlotNode[]): NodeStatus[] {
  const present = new Set(nodes.map((n) => n.status ?? "unknown"));
  if (present.size === 1 && present.has("unknown")) return [];
  return NODE_STATUSES.filter((s) => present.has(s));
}
