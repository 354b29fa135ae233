import { StateStore, type TaskStatus, taskStatus } from "../cache/mod.ts";
import { interpreterIdentity } from "../engine/mod.ts";
import type { Pipeline } from "../graph/mod.ts";
import type { NodeStatus, PlotGraph } from "../plot/mod.ts";
import { relative } from "../util/path.ts";
import { taskDocs } from "./status.ts";

/** A node colour from a task's status. */
export function nodeStatus(s: TaskStatus): NodeStatus {
  if (!s.outdated) return "up-to-date";
  const own = s.decision.reasons.map((r) => r.kind);
  if (own.includes("previous-failed")) return "failed";
  if (own.includes("never-run")) return "never-run";
  return "outdated";
}

/** The pipeline as a plot graph, with status colours when `withStatus` (reads .plait/ state). */
export async function plotGraphOf(pipeline: Pipeline, withStatus: boolean): Promise<PlotGraph> {
  const statuses = new Map<string, NodeStatus>();
  if (withStatus) {
    const store = await StateStore.open(pipeline.root);
    const list = await taskStatus(pipeline, store, { interpreter: await interpreterIdentity(pipeline) });
    for (const s of list) statuses.set(s.name, nodeStatus(s));
  }
  const docs = await taskDocs(pipeline);
  const nodes = pipeline.order.map((name) => {
    const t = pipeline.tasks.get(name)!;
    const src = t.dottedPath ?? (t.sourcePath ? relative(pipeline.root, t.sourcePath) : "TypeScript");
    return { id: name, sublabel: src, status: statuses.get(name), tooltip: docs.get(name) };
  });
  const edges = pipeline.order.flatMap((n) =>
    pipeline.tasks.get(n)!.upstream.map((u) => [u, n] as [string, string])
  );
  return { nodes, edges };
}
