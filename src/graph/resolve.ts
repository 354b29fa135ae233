import { type Issue, SpecError } from "../errors/mod.ts";
import { existsSync } from "../util/fs.ts";
import { isAbsolute, relative, resolve as resolvePath } from "../util/path.ts";
import type { PipelineBuilder } from "./builder.ts";
import { checkNames, checkProducts, expandDefinitions, type Instance } from "./_instances.ts";
import { declaredUpstream, type ExtractUpstream, groupMembers, resolveRefs } from "./_upstream.ts";
import { taskResources } from "./resources.ts";
import { topoSort } from "./topo.ts";
import type { HookSpec, Pipeline, Product, Task, UpstreamRef } from "./types.ts";

export type { ExtractUpstream, UpstreamDeclaration } from "./_upstream.ts";

/** Hooks the graph layer needs from the outside world, injected so it stays free of I/O policy. */
export interface ResolveOptions {
  /** Absolute path of the pipeline folder. */
  root: string;
  /** The pipeline file, for messages. */
  file: string;
  /**
   * Reads `upstream` from a Python source's parameters cell (or, given a function name, from that
   * function's `upstream["name"]` subscripts): names (globs allowed), optionally
   * with where they were written, or `undefined` when the source declares none. May throw a
   * PlaitError, whose issues are reported with the others.
   */
  extractUpstream?: ExtractUpstream;
  /** Whether a path exists (defaults to a synchronous stat). */
  exists?: (path: string) => boolean;
  /**
   * Names of tasks whose definitions could not be made (their problems are reported by the
   * caller); references to them are not reported as unknown.
   */
  undefinedNames?: Iterable<string>;
}

const asList = (h: HookSpec | readonly HookSpec[] | undefined): HookSpec[] =>
  h === undefined ? [] : Array.isArray(h) ? [...h] : [h as HookSpec];

/**
 * Turns a builder's definitions into a validated {@link Pipeline}: grids expanded, upstream
 * read and resolved (globs and grid groups included), and every problem reported at once
 * as one {@link SpecError}.
 *
 * @example
 * ```ts
 * import { pipeline, resolvePipeline } from "./mod.ts";
 * const b = pipeline()
 *   .task("load", { run: () => {}, product: "out/raw.csv" })
 *   .task("clean", { run: () => {}, upstream: ["load"], product: "out/clean.csv" });
 * const p = await resolvePipeline(b, { root: "/project", file: "pipeline.ts" });
 * if (p.order.join() !== "load,clean") throw new Error("unexpected order");
 * ```
 */
export async function resolvePipeline(
  builder: PipelineBuilder<string>,
  opts: ResolveOptions,
): Promise<Pipeline> {
  const issues: Issue[] = [];
  const { instances, dropped } = expandDefinitions(
    builder.definitions,
    opts.root,
    opts.exists ?? existsSync,
    issues,
  );
  for (const n of opts.undefinedNames ?? []) dropped.add(n);
  const byName = checkNames(instances, issues);
  const extract = builder.options.extractUpstream !== false ? opts.extractUpstream : undefined;
  const declared = await declaredUpstream(instances, extract, issues);
  const table = { byName, groups: groupMembers(instances), dropped };
  const tasks = new Map<string, Task>();
  const reported = new Set<string>();
  for (const inst of instances) {
    if (byName.get(inst.name) !== inst) continue;
    const refs = resolveRefs(inst, declared.get(inst), table, issues, reported);
    const resources = taskResources(inst.def, inst.name, inst.params, issues);
    const task = toTask(inst, refs, builder, opts.root);
    tasks.set(inst.name, resources ? { ...task, resources } : task);
  }
  checkProducts(instances, byName, issues);
  const sorted = topoSort([...tasks.keys()], new Map([...tasks].map(([n, t]) => [n, t.upstream])));
  for (const cycle of sorted.ok ? [] : sorted.cycles) {
    issues.push({
      location: tasks.get(cycle[0])!.location,
      message: `Cannot order tasks: they form a cycle: ${cycle.join(" -> ")}`,
      hint: "remove one of these upstream links",
    });
  }
  if (issues.length || !sorted.ok) throw new SpecError(issues);
  const downstream = new Map<string, string[]>([...tasks.keys()].map((n) => [n, []]));
  for (const t of tasks.values()) for (const u of t.upstream) downstream.get(u)!.push(t.name);
  for (const list of downstream.values()) list.sort();
  const executor = builder.options.executor ?? "serial";
  return {
    root: opts.root,
    file: opts.file,
    executor: typeof executor === "string"
      ? { kind: executor }
      : "kind" in executor
      ? { kind: "slurm", jobs: executor.jobs ?? 50, sbatch: [...(executor.sbatch ?? [])] }
      : { kind: "parallel", jobs: executor.parallel },
    tasks,
    order: sorted.order,
    layers: sorted.layers,
    options: builder.options,
    downstream,
  };
}

/** A path relative to the pipeline folder when it lies inside it (absolute ones from `{{here}}`, say). */
function underRoot(root: string, path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(root, path);
  return rel.startsWith("..") ? path : rel;
}

function relativeProduct(root: string, product: Product): Product {
  if (typeof product === "string") return underRoot(root, product);
  return Object.fromEntries(Object.entries(product).map(([k, p]) => [k, underRoot(root, p)]));
}

function toTask(inst: Instance, refs: UpstreamRef[], builder: PipelineBuilder<string>, root: string): Task {
  const o = inst.def.options;
  const kind = inst.kind ?? { kind: "notebook", sourcePath: undefined };
  return {
    name: inst.name,
    kind: kind.kind,
    sourcePath: kind.kind === "typescript" ? undefined : kind.sourcePath,
    dottedPath: kind.kind === "function" ? kind.dottedPath : undefined,
    run: o.run,
    product: relativeProduct(root, inst.product),
    params: inst.params,
    grid: inst.grid,
    upstream: [...new Set(refs.flatMap((r) => r.tasks))].sort(),
    upstreamRefs: refs,
    onFinish: asList(o.onFinish),
    onFailure: asList(o.onFailure),
    onRender: asList(o.onRender),
    serializer: o.serializer ?? builder.options.serializer,
    unserializer: o.unserializer ?? builder.options.unserializer,
    deps: (o.deps ?? []).map((d) => underRoot(root, resolvePath(root, d))),
    doc: o.doc,
    kernel: o.kernel ?? builder.options.kernel ?? "python3",
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
    ...(o.notebook === false && kind.kind === "notebook" ? { notebook: false as const } : {}),
    ...(o.nbconvert && kind.kind === "notebook" ? { nbconvert: o.nbconvert } : {}),
    location: inst.def.where.task,
  };
}
