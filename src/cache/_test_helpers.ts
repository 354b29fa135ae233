import type { Pipeline, Product, Task, TaskFunction } from "../graph/mod.ts";
import { path } from "../util/mod.ts";

/** A task as the tests declare it; the rest is filled in. */
export interface TaskSpec {
  name: string;
  /** Relative to the root. */
  source?: string;
  kind?: Task["kind"];
  dottedPath?: string;
  run?: TaskFunction;
  product: Product;
  upstream?: string[];
  params?: Record<string, unknown>;
  deps?: string[];
  kernel?: string;
  serializer?: string;
}

/** A pipeline over `root` with the tasks given in a topological order. */
export function makePipeline(root: string, specs: TaskSpec[]): Pipeline {
  const tasks = new Map<string, Task>();
  const downstream = new Map<string, string[]>();
  for (const s of specs) {
    const upstream = [...(s.upstream ?? [])].sort();
    const task: Task = {
      name: s.name,
      kind: s.kind ?? (s.run ? "typescript" : "notebook"),
      sourcePath: s.source ? path.join(root, s.source) : undefined,
      dottedPath: s.dottedPath,
      run: s.run,
      product: s.product,
      params: s.params ?? {},
      upstream,
      upstreamRefs: upstream.map((u) => ({ key: u, tasks: [u], multi: false })),
      onFinish: [],
      onFailure: [],
      serializer: s.serializer,
      deps: s.deps ?? [],
      kernel: s.kernel ?? "python3",
      location: { file: "pipeline.ts" },
    };
    tasks.set(s.name, task);
    downstream.set(s.name, []);
    for (const u of upstream) downstream.get(u)!.push(s.name);
  }
  return {
    root,
    file: path.join(root, "pipeline.ts"),
    executor: { kind: "serial" },
    tasks,
    order: specs.map((s) => s.name),
    layers: [specs.map((s) => s.name)],
    options: {},
    downstream,
  };
}

/** A temporary project folder, removed on dispose; `write` creates files with their folders. */
export async function tempProject(): Promise<
  AsyncDisposable & { root: string; write(rel: string, text: string): Promise<void> }
> {
  const root = await Deno.makeTempDir({ prefix: "plait-cache-" });
  return {
    root,
    async write(rel: string, text: string) {
      const abs = path.join(root, rel);
      await Deno.mkdir(path.dirname(abs), { recursive: true });
      await Deno.writeTextFile(abs, text);
    },
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}
