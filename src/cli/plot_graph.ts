import { StateStore, type TaskStatus, taskStatus } from "../cache/mod.ts";
import { interpreterIdentity } from "../engine/mod.ts";
import type { Pipeline, Task } from "../graph/mod.ts";
import type { NodeStatus, PlotGraph, PlotNode } from "../plot/mod.ts";
import { exists } from "../util/fs.ts";
import { dirname, isAbsolute, join, relative } from "../util/path.ts";
import { taskDocs } from "./status.ts";

/** A node colour from a task's status. */
export function nodeStatus(s: TaskStatus): NodeStatus {
  if (!s.outdated) return "up-to-date";
  const own = s.decision.reasons.map((r) => r.kind);
  if (own.includes("previous-failed")) return "failed";
  if (own.includes("never-run")) return "never-run";
  return "outdated";
}

/** Options of {@link plotGraphOf}. */
export interface PlotGraphOptions {
  /** The file being written: each box links to its task's executed notebook, relative to it. */
  linksFrom?: string;
  /** Grid groups with more points than this are drawn as one box (default 8; Infinity: never). */
  clusterAbove?: number;
}

/** The pipeline as a plot graph, with status colours when `withStatus` (reads .plait/ state). */
export async function plotGraphOf(
  pipeline: Pipeline,
  withStatus: boolean,
  opts: PlotGraphOptions = {},
): Promise<PlotGraph> {
  const statuses = new Map<string, NodeStatus>();
  if (withStatus) {
    const store = await StateStore.open(pipeline.root);
    const list = await taskStatus(pipeline, store, { interpreter: await interpreterIdentity(pipeline) });
    for (const s of list) statuses.set(s.name, nodeStatus(s));
  }
  const docs = await taskDocs(pipeline);
  const nodes: PlotNode[] = [];
  for (const name of pipeline.order) {
    const t = pipeline.tasks.get(name)!;
    const src = t.dottedPath ?? (t.sourcePath ? relative(pipeline.root, t.sourcePath) : "TypeScript");
    const href = opts.linksFrom ? await notebookLink(pipeline, t, opts.linksFrom) : undefined;
    nodes.push({ id: name, sublabel: src, status: statuses.get(name), tooltip: docs.get(name), href });
  }
  const edges = pipeline.order.flatMap((n) =>
    pipeline.tasks.get(n)!.upstream.map((u) => [u, n] as [string, string])
  );
  return clusterGrids(pipeline, { nodes, edges }, opts.clusterAbove ?? 8);
}

/** The task's executed notebook (HTML preferred), relative to `from`'s folder, if it exists. */
async function notebookLink(pipeline: Pipeline, task: Task, from: string): Promise<string | undefined> {
  if (task.kind !== "notebook") return undefined;
  const nb = typeof task.product === "string" ? task.product : task.product.nb;
  if (!nb || !/\.(html|ipynb)$/.test(nb)) return undefined;
  const abs = join(pipeline.root, nb);
  if (!(await exists(abs))) return undefined;
  return relative(dirname(isAbsolute(from) ? from : join(Deno.cwd(), from)), abs);
}

const WORST: readonly NodeStatus[] = ["failed", "outdated", "never-run", "skipped", "unknown", "up-to-date"];

/** Replaces each grid group bigger than `limit` by one box `group ×N`, its status the worst of its points. */
export function clusterGrids(pipeline: Pipeline, graph: PlotGraph, limit: number): PlotGraph {
  const groups = new Map<string, string[]>();
  for (const t of pipeline.tasks.values()) {
    if (t.grid) groups.set(t.grid.group, [...(groups.get(t.grid.group) ?? []), t.name]);
  }
  const into = new Map<string, string>();
  for (const [group, names] of groups) {
    if (names.length > limit) { for (const n of names) into.set(n, `${group} ×${names.length}`); }
  }
  if (!into.size) return graph;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const clusters = new Map<string, PlotNode[]>();
  for (const [name, cluster] of into) {
    clusters.set(cluster, [...(clusters.get(cluster) ?? []), byId.get(name)!]);
  }
  const nodes = graph.nodes.filter((n) => !into.has(n.id));
  for (const [id, members] of clusters) nodes.push(clusterNode(id, members));
  const seen = new Set<string>();
  const edges: [string, string][] = [];
  for (const [a, b] of graph.edges) {
    const e: [string, string] = [into.get(a) ?? a, into.get(b) ?? b];
    if (e[0] !== e[1] && !seen.has(e.join("\0"))) edges.push(e), seen.add(e.join("\0"));
  }
  return { ...graph, nodes, edges };
}

function clusterNode(id: string, members: PlotNode[]): PlotNode {
  const count = new Map<NodeStatus, number>();
  for (const m of members) count.set(m.status ?? "unknown", (count.get(m.status ?? "unknown") ?? 0) + 1);
  const status = WORST.find((s) => count.has(s));
  const counts = WORST.filter((s) => count.has(s)).map((s) => `${count.get(s)} ${s}`).join(", ");
  return {
    id,
    sublabel: `${members.length} grid points`,
    status: status === "unknown" && !members.some((m) => m.status) ? undefined : status,
    tooltip: `${counts}\n${members.map((m) => m.id).join("\n")}`,
    members: members.map((m) => m.id),
  };
}
