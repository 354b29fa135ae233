import { computedParam, type Pipeline, type Task } from "../graph/mod.ts";
import { type CodeFacts, type PythonImport, readCodeFacts, sourceMemo } from "../source/mod.ts";
import { type ContentMemo, path, sha256Hex, stableJson } from "../util/mod.ts";
import { ModuleGraph } from "./_modules.ts";
import { pathStat } from "./_tree.ts";
import type { FingerprintComponents, TaskInputs, TaskRecord } from "./types.ts";

/** Where upstream records come from: a {@link StateStore}, or anything with its `get`. */
export interface RecordSource {
  /** The record of the task's last success. */
  get(name: string): TaskRecord | undefined;
  /** The record of the task's success with this fingerprint, when several runs are remembered. */
  find?(name: string, fingerprint: string): TaskRecord | undefined;
}

/** Options for {@link FingerprintContext}. */
export interface FingerprintOptions {
  /** The recorded state: upstream product hashes are read from it (early cutoff). */
  readonly records: RecordSource;
  /** Identity of the Python interpreter (e.g. `"/usr/bin/python3 3.11.2"`); part of Python tasks' fingerprints. */
  readonly interpreter?: string;
}

/**
 * Caches for one build or one `status`: each source, module and dependency file is read once, however
 * many tasks (grid points) share it, and parsed only when the project's analysis memo has not seen its
 * content. Create one per build; {@link FingerprintContext.flush} saves what was learnt.
 */
export class FingerprintContext {
  readonly pipeline: Pipeline;
  readonly records: RecordSource;
  readonly interpreter: string;
  /** @internal */
  readonly modules: ModuleGraph;
  readonly #memo: ContentMemo;
  readonly #code = new Map<string, Promise<CodeFacts>>();
  readonly #files = new Map<string, Promise<string>>();
  readonly #imports = new Map<string, Promise<Record<string, string>>>();
  readonly #kernels = new Map<string, string>();
  readonly #inputs = new Map<string, Promise<TaskInputs>>();

  constructor(pipeline: Pipeline, options: FingerprintOptions) {
    this.pipeline = pipeline;
    this.records = options.records;
    this.interpreter = options.interpreter ?? "";
    this.#memo = sourceMemo(pipeline.root);
    this.modules = new ModuleGraph(pipeline.root, this.#memo);
  }

  /** @internal The hash and imports of a Python task's code, cached by source (and function). */
  codeOf(task: Task): Promise<CodeFacts> {
    const key = `${task.sourcePath}\0${task.kind === "function" ? task.dottedPath : ""}`;
    return cached(this.#code, key, () => loadCode(task, this.#memo));
  }

  /** A task's inputs ({@link computeInputs}), computed once per context. */
  inputsOf(task: Task): Promise<TaskInputs> {
    return cached(this.#inputs, task.name, () => computeInputs(task, this));
  }

  /**
   * The record an upstream task's products stand for: the run whose fingerprint matches its current
   * inputs (an earlier configuration switched back to), else its last success.
   */
  async upstreamRecord(name: string): Promise<TaskRecord | undefined> {
    const task = this.pipeline.tasks.get(name);
    if (!task || !this.records.find) return this.records.get(name);
    const { fingerprint } = await this.inputsOf(task);
    return this.records.find(name, fingerprint) ?? this.records.get(name);
  }

  /** Writes what was learnt about sources to the analysis memo (`.plait/analysis.json`), if anything. */
  flush(): Promise<void> {
    return this.#memo.flush();
  }

  /** @internal Project modules imported by a task's code, cached like {@link codeOf}. */
  importsOf(task: Task): Promise<Record<string, string>> {
    const key = `${task.sourcePath}\0${task.kind === "function" ? task.dottedPath : ""}`;
    return cached(this.#imports, key, async () => {
      const { imports } = await this.codeOf(task);
      const fromDir = path.relative(this.pipeline.root, path.dirname(task.sourcePath!));
      return this.modules.closure(imports, fromDir);
    });
  }

  /** @internal Hash of a kernel name plus the interpreter identity. */
  kernelHash(kernel: string): string {
    let h = this.#kernels.get(kernel);
    if (h === undefined) {
      h = sha256Hex(`${kernel}\n${this.interpreter}`);
      this.#kernels.set(kernel, h);
    }
    return h;
  }

  /** @internal Content hash of a declared dependency file (`"missing"` when absent). */
  fileHash(rel: string): Promise<string> {
    return cached(this.#files, rel, async () => {
      const stat = await pathStat(path.resolve(this.pipeline.root, rel));
      return stat?.hash ?? "missing";
    });
  }
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = load();
    map.set(key, p);
  }
  return p;
}

function loadCode(task: Task, memo: ContentMemo): Promise<CodeFacts> {
  if (task.kind !== "function") return readCodeFacts(task.sourcePath!, { memo });
  return functionFacts(task.sourcePath!, task.dottedPath?.split(".").pop() ?? "", memo);
}

/** A function task's code: the function and what it uses in its module (see `functionSlice`). */
function functionFacts(file: string, fn: string, memo: ContentMemo): Promise<CodeFacts> {
  const pick = async (module: string) => {
    const { functionSlice } = await import("./_function_source.ts");
    return functionSlice(module, fn) ?? module;
  };
  return readCodeFacts(file, { memo, part: { name: fn, pick } });
}

/**
 * Hash of a record's products, content only (so a rewrite with identical bytes changes nothing).
 * `ignore` leaves out one path: a script's executed notebook beside its data products, which holds
 * the script's own code and so changes with every code edit (early cutoff looks at the data).
 */
export function productsDigest(record: TaskRecord | undefined, ignore?: string): string {
  if (!record) return "none";
  const key = ignore ?? "";
  let byIgnore = digests.get(record);
  if (!byIgnore) digests.set(record, byIgnore = new Map());
  let d = byIgnore.get(key);
  if (d === undefined) {
    const hashes: Record<string, string> = {};
    for (const [p, s] of Object.entries(record.products)) if (p !== ignore) hashes[p] = s.hash;
    d = sha256Hex(stableJson(hashes));
    byIgnore.set(key, d);
  }
  return d;
}

const digests = new WeakMap<TaskRecord, Map<string, string>>();

/** The `nb` product of a script task that has other products too; `undefined` otherwise. */
function sideNotebook(task: Task | undefined): string | undefined {
  const p = task?.kind === "notebook" && task.notebook !== false ? task.product : undefined;
  return typeof p === "object" && Object.keys(p).length > 1 ? p.nb : undefined;
}

/**
 * Project modules a task names outside its code, whose code changes its results: the modules of
 * `module::function` params (called to compute a value) and of its serializer and unserializer.
 */
function referencedModules(task: Task): PythonImport[] {
  const modules = new Set<string>();
  for (const v of Object.values(task.params)) {
    const call = computedParam(v);
    if (call) modules.add(call.module);
  }
  for (const dotted of [task.serializer, task.unserializer]) {
    if (dotted?.includes(".")) modules.add(dotted.slice(0, dotted.lastIndexOf(".")));
  }
  return [...modules].map((module) => ({ module, level: 0, names: [] }));
}

/**
 * A task's current inputs: its fingerprint components and the overall fingerprint. Upstream
 * components use the products as recorded after each upstream last succeeded.
 *
 * @example
 * ```ts ignore
 * const ctx = new FingerprintContext(pipeline, { records: store, interpreter: "python3 3.11" });
 * const { fingerprint, components } = await computeInputs(pipeline.tasks.get("clean")!, ctx);
 * ```
 */
export async function computeInputs(task: Task, ctx: FingerprintContext): Promise<TaskInputs> {
  const python = task.kind !== "typescript";
  const [code, imports, referenced, deps] = await Promise.all([
    python ? ctx.codeOf(task).then((c) => c.hash) : sha256Hex(String(task.run)),
    python ? ctx.importsOf(task) : {},
    ctx.modules.closure(referencedModules(task), ""),
    Promise.all(task.deps.map(async (d) => [path.normalize(d), await ctx.fileHash(d)] as const)),
  ]);
  const upstream = await Promise.all(
    task.upstream.map(async (u) =>
      [u, productsDigest(await ctx.upstreamRecord(u), sideNotebook(ctx.pipeline.tasks.get(u)))] as const
    ),
  );
  const options = {
    kind: task.kind,
    dottedPath: task.dottedPath,
    product: task.product,
    serializer: task.serializer,
    unserializer: task.unserializer,
    upstreamRefs: task.upstreamRefs.map((r) => [r.key, r.tasks, r.multi]),
    // Only when set, so the fingerprints of tasks without them stay as they were.
    ...(task.nbconvert ? { nbconvert: task.nbconvert } : {}),
    ...(task.notebook === false ? { notebook: false } : {}),
  };
  const components: FingerprintComponents = {
    code,
    params: sha256Hex(stableJson(task.params)),
    options: sha256Hex(stableJson(options)),
    kernel: python ? ctx.kernelHash(task.kernel) : "deno",
    upstream: Object.fromEntries(upstream),
    deps: { ...imports, ...referenced, ...Object.fromEntries(deps) },
  };
  return { fingerprint: sha256Hex(stableJson({ v: 1, ...components })), components };
}
