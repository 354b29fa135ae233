import { plainValue } from "../util/mod.ts";
import type { HistoryPoint, Hub } from "./hub.ts";
import type { BuildInfo, LiveTask, OutputChunk } from "./live_state.ts";
import { insideRoot, productSize } from "./files.ts";
import type { ServeGraph } from "./types.ts";

/** The at-rest statuses and the newest build, as a page starts from. */
export interface Snapshot {
  rest: Record<string, { status: string; reasons: readonly string[] }>;
  build: BuildInfo | null;
  tasks: LiveTask[];
}

/** What a page needs to draw its state before any change arrives. */
export function snapshotOf(hub: Hub, graph: ServeGraph): Snapshot {
  const rest: Snapshot["rest"] = {};
  for (const n of graph.plot.nodes) {
    rest[n.id] = { status: n.status ?? "unknown", reasons: graph.tasks.get(n.id)?.reasons ?? [] };
  }
  const latest = hub.latest;
  return {
    rest,
    build: latest ? { ...latest.info } : null,
    tasks: latest ? [...latest.tasks.values()] : [],
  };
}

/** A task's panel: source, params, products, its state in the newest build, output, history. */
export interface TaskDetail {
  name: string;
  doc?: string;
  source: { label: string; text?: string };
  params: unknown;
  upstream: readonly string[];
  reasons: readonly string[];
  products: { key: string; path: string; size?: number; url?: string }[];
  notebook?: string;
  build?: string;
  live?: LiveTask;
  output: { chunks: OutputChunk[]; dropped: boolean };
  history: HistoryPoint[];
}

const SOURCE_LIMIT = 200_000;

/** The detail of one task, or undefined when the pipeline has no such task. */
export async function taskDetail(
  root: string,
  graph: ServeGraph,
  hub: Hub,
  name: string,
  token: string,
): Promise<TaskDetail | undefined> {
  const task = graph.tasks.get(name);
  if (!task) return undefined;
  const q = `?token=${token}`;
  const products = await Promise.all(task.products.map(async (p) => {
    const size = await productSize(root, p.path);
    const url = size === undefined
      ? undefined
      : `/file/${encodeURIComponent(name)}/${encodeURIComponent(p.key)}${q}`;
    return { ...p, size, url };
  }));
  let text: string | undefined;
  if (task.sourcePath) {
    text = await Deno.readTextFile(task.sourcePath).catch(() => undefined);
    if (text && text.length > SOURCE_LIMIT) text = text.slice(0, SOURCE_LIMIT) + "\n[... cut]";
  }
  const latest = hub.latest;
  const hasNotebook = products.some((p) => p.size !== undefined && /\.(ipynb|html)$/i.test(p.path));
  return {
    name,
    doc: task.doc,
    source: { label: task.sourceLabel, text },
    params: plainValue(task.params),
    upstream: task.upstream,
    reasons: task.reasons,
    products,
    notebook: hasNotebook ? `/nb/${encodeURIComponent(name)}${q}` : undefined,
    build: latest?.info.id,
    live: latest?.tasks.get(name),
    output: latest ? hub.output(latest.info.id, name) : { chunks: [], dropped: false },
    history: hub.history(name),
  };
}

/** The executed notebook of a task as HTML (its `.ipynb` product rendered, or its `.html` product). */
export async function notebookPage(
  root: string,
  graph: ServeGraph,
  name: string,
  render?: (file: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  const task = graph.tasks.get(name);
  if (!task) return undefined;
  for (const p of task.products) {
    if (!/\.(ipynb|html)$/i.test(p.path)) continue;
    const real = await insideRoot(root, p.path);
    if (!real) continue;
    if (/\.html$/i.test(p.path)) return await Deno.readTextFile(real);
    const html = await render?.(real);
    if (html !== undefined) return html;
  }
  return undefined;
}
