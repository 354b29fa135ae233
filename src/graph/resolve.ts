import { didYouMean, type Issue, PlaitError, SpecError } from "../errors/mod.ts";
import { globToRegExp, isGlob } from "../util/glob.ts";
import { mapPool } from "../util/pool.ts";
import { resolve as resolvePath } from "../util/path.ts";
import type { PipelineBuilder } from "./builder.ts";
import { classifySource, type SourceKind } from "./classify.ts";
import { expandGrid, gridGroupName } from "./grid.ts";
import { topoSort } from "./topo.ts";
import {
  type HookSpec,
  type Pipeline,
  type Product,
  productPaths,
  type Task,
  type TaskDefinition,
  type UpstreamRef,
} from "./types.ts";

/** Hooks the graph layer needs from the outside world, injected so it stays free of I/O policy. */
export interface ResolveOptions {
  /** Absolute path of the pipeline folder. */
  root: string;
  /** The pipeline file, for messages. */
  file: string;
  /**
   * Reads `upstream` from a Python source's parameters cell: names (globs allowed), or
   * `undefined` when the source declares none. May throw a PlaitError, which becomes issues.
   */
  extractUpstream?: (sourcePath: string) => Promise<readonly string[] | undefined>;
  /** Whether a path exists (defaults to a synchronous stat). */
  exists?: (path: string) => boolean;
}

interface Instance {
  name: string;
  def: TaskDefinition;
  kind: SourceKind;
  product: Product;
  params: Record<string, unknown>;
  grid?: Task["grid"];
}

function statExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

const asList = (h: HookSpec | readonly HookSpec[] | undefined): HookSpec[] =>
  h === undefined ? [] : Array.isArray(h) ? [...h] : [h as HookSpec];

/**
 * Turns a builder's definitions into a validated {@link Pipeline}: grids expanded, upstream
 * read and resolved (globs and grid groups included), and every problem reported at once.
 */
export async function resolvePipeline(builder: PipelineBuilder<string>, opts: ResolveOptions): Promise<Pipeline> {
  const issues: Issue[] = [];
  const exists = opts.exists ?? statExists;
  const instances = expand(builder.definitions, opts.root, exists, issues);
  const byName = checkNames(instances, issues);
  const declared = await upstreamNames(instances, builder, opts, issues);
  const tasks = new Map<string, Task>();
  const groups = groupMembers(instances);
  for (const inst of instances) {
    if (byName.get(inst.name) !== inst) continue;
    const refs = resolveRefs(inst, declared.get(inst) ?? [], byName, groups, issues);
    tasks.set(inst.name, toTask(inst, refs, builder, opts.root));
  }
  checkProducts(instances, byName, issues);
  const deps = new Map([...tasks].map(([n, t]) => [n, t.upstream]));
  const sorted = topoSort([...tasks.keys()], deps);
  if (!sorted.ok) {
    const first = tasks.get(sorted.cycle[0])!;
    issues.push({
      location: first.location,
      message: `Cannot order tasks: they form a cycle: ${sorted.cycle.join(" -> ")}`,
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
    executor: typeof executor === "string" ? { kind: executor } : { kind: "parallel", jobs: executor.parallel },
    tasks,
    order: sorted.order,
    layers: sorted.layers,
    options: builder.options,
    downstream,
  };
}

function expand(defs: readonly TaskDefinition[], root: string, exists: (p: string) => boolean, issues: Issue[]): Instance[] {
  const out: Instance[] = [];
  for (const def of defs) {
    const kind = classifySource(def, root, exists, issues);
    if (!kind) continue;
    const params = { ...(def.options.params ?? {}) };
    if (!def.options.grid) {
      out.push({ name: def.name, def, kind, product: def.options.product, params });
      continue;
    }
    const where = def.where.fields?.grid ?? def.where.task;
    for (const point of expandGrid(def.name, def.options.grid, def.options.product, where, issues)) {
      out.push({
        name: point.name,
        def,
        kind,
        product: point.product,
        params: { ...params, ...point.values },
        grid: { group: gridGroupName(def.name), index: point.index, values: point.values },
      });
    }
  }
  return out;
}

function checkNames(instances: Instance[], issues: Issue[]): Map<string, Instance> {
  const byName = new Map<string, Instance>();
  for (const inst of instances) {
    const first = byName.get(inst.name);
    if (!first) {
      byName.set(inst.name, inst);
      continue;
    }
    const at = first.def.where.task;
    issues.push({
      location: inst.def.where.fields?.name ?? inst.def.where.task,
      message: `Cannot add task "${inst.name}": a task of that name is already defined at ${at.file}:${at.line ?? "?"}`,
      hint: "give each task a unique name (in pipeline.yaml, with `name:`)",
    });
  }
  return byName;
}

async function upstreamNames(
  instances: Instance[],
  builder: PipelineBuilder<string>,
  opts: ResolveOptions,
  issues: Issue[],
): Promise<Map<Instance, readonly string[]>> {
  const out = new Map<Instance, readonly string[]>();
  const extract = builder.options.extractUpstream !== false ? opts.extractUpstream : undefined;
  const cache = new Map<string, Promise<readonly string[] | undefined>>();
  await mapPool(instances, 32, async (inst) => {
    const declared = inst.def.options.upstream;
    if (declared) return void out.set(inst, declared);
    if (!extract || inst.kind.kind !== "notebook") return;
    const path = inst.kind.sourcePath;
    if (!cache.has(path)) cache.set(path, extract(path));
    try {
      const names = await cache.get(path)!;
      if (names) out.set(inst, names);
    } catch (e) {
      if (!(e instanceof PlaitError)) throw e;
      if (inst.grid && inst.grid.index > 0) return; // reported once per source
      issues.push(...e.issues);
    }
  });
  return out;
}

function groupMembers(instances: Instance[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const inst of instances) {
    if (!inst.grid) continue;
    for (const key of new Set([inst.def.name, inst.grid.group])) {
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(inst.name);
    }
  }
  return groups;
}

function resolveRefs(
  inst: Instance,
  names: readonly string[],
  byName: Map<string, Instance>,
  groups: Map<string, string[]>,
  issues: Issue[],
): UpstreamRef[] {
  const where = inst.def.where.fields?.upstream ?? inst.def.where.task;
  const refs: UpstreamRef[] = [];
  for (const key of names) {
    if (isGlob(key)) {
      const re = globToRegExp(key);
      const tasks = [...byName.keys()].filter((n) => n !== inst.name && re.test(n)).sort();
      if (tasks.length) refs.push({ key, tasks, multi: true });
      else issues.push({ location: where, message: `Cannot resolve upstream "${key}" of task "${inst.name}": no task matches it`, hint: "check the pattern against the task names (`plait status` lists them)" });
    } else if (byName.has(key) && key !== inst.name) refs.push({ key, tasks: [key], multi: false });
    else if (groups.has(key)) refs.push({ key, tasks: [...groups.get(key)!].sort(), multi: true });
    else {
      const known = [...byName.keys(), ...groups.keys()].filter((n) => n !== inst.name);
      issues.push({
        location: where,
        message: key === inst.name
          ? `Cannot use "${key}" as an upstream of itself`
          : `unknown upstream "${key}" in task "${inst.name}"${didYouMean(key, known)}`,
        hint: key === inst.name ? "remove it from upstream" : "name a task defined in this pipeline, or fix the spelling",
      });
    }
  }
  return refs;
}

function checkProducts(instances: Instance[], byName: Map<string, Instance>, issues: Issue[]): void {
  const owner = new Map<string, string>();
  for (const inst of instances) {
    if (byName.get(inst.name) !== inst) continue;
    for (const p of productPaths(inst.product)) {
      const prev = owner.get(p);
      if (prev === undefined) owner.set(p, inst.name);
      else {
        issues.push({
          location: inst.def.where.fields?.product ?? inst.def.where.task,
          message: `Cannot use product "${p}" for task "${inst.name}": task "${prev}" writes it too`,
          hint: inst.def.options.grid ? "put a grid placeholder such as [[param]] in the path" : "give each task its own product paths",
        });
      }
    }
  }
}

function toTask(inst: Instance, refs: UpstreamRef[], builder: PipelineBuilder<string>, root: string): Task {
  const o = inst.def.options;
  const upstream = [...new Set(refs.flatMap((r) => r.tasks))].sort();
  return {
    name: inst.name,
    kind: inst.kind.kind,
    sourcePath: inst.kind.kind === "typescript" ? undefined : inst.kind.sourcePath,
    dottedPath: inst.kind.kind === "function" ? inst.kind.dottedPath : undefined,
    run: o.run,
    product: inst.product,
    params: inst.params,
    grid: inst.grid,
    upstream,
    upstreamRefs: refs,
    onFinish: asList(o.onFinish),
    onFailure: asList(o.onFailure),
    serializer: o.serializer ?? builder.options.serializer,
    unserializer: o.unserializer ?? builder.options.unserializer,
    deps: (o.deps ?? []).map((d) => resolvePath(root, d)).map((d) => d.slice(root.length + 1)),
    doc: o.doc,
    kernel: o.kernel ?? builder.options.kernel ?? "python3",
    location: inst.def.where.task,
  };
}
