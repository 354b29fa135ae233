import { type Issue, type SourceLocation, SpecError } from "../errors/mod.ts";
import {
  pipeline,
  type PipelineBuilder,
  type PipelineOptions,
  type Product,
  type TaskOptions,
} from "../graph/mod.ts";
import {
  basename,
  dirname,
  displayPath,
  extname,
  isAbsolute,
  join,
  normalize,
  relative,
} from "../util/path.ts";
import { envFileFor, fillPlaceholders, makeEnv, unknownOverrides } from "./env.ts";
import { exportOptions } from "./export_schema.ts";
import { parseLenient } from "./_lenient.ts";
import {
  IGNORED_TASK_KEYS,
  PipelineTopSchema,
  type PipelineYaml,
  TaskSchema,
  type TaskYaml,
  UNSUPPORTED_META_KEYS,
  UNSUPPORTED_TASK_KEYS,
} from "./schema.ts";
import { locate, type LocatedYaml, parseLocatedYaml } from "./yaml_value.ts";

/** Options for {@link loadYamlPipeline}. */
export interface LoadYamlOptions {
  /** `--env--key value` overrides, keys dotted for nesting (`a.b`). */
  envOverrides?: Record<string, string>;
  /**
   * For `meta.extract_product`: the product a script declares in its parameters cell (the source's
   * absolute path in), or the located problem that prevents it.
   */
  extractProduct?: (sourcePath: string) => Promise<{ product: Product } | { issue: Issue }>;
  /** The YAML text itself, when the pipeline is not read from `file` (a glob of scripts, `-e "*.py"`). */
  text?: string;
}

/** A YAML pipeline turned into builder calls, plus notices about keys plait ignores. */
export interface LoadedYaml {
  builder: PipelineBuilder<string>;
  notices: Issue[];
}

/** What {@link readYamlPipeline} found: the builder of every valid task, and every problem. */
export interface ReadYaml extends LoadedYaml {
  issues: Issue[];
  /** Names of tasks left out because of their problems (so references to them are not reported again). */
  undefinedNames: string[];
}

/** The env file's values; `undefined` when there is no such file. */
async function readEnv(file: string, issues: Issue[]): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch {
    return undefined;
  }
  const parsed = parseLocatedYaml(text, displayPath(file), issues);
  const value = parsed?.value;
  if (parsed && value !== null && (typeof value !== "object" || Array.isArray(value))) {
    issues.push({
      location: { file: displayPath(file), line: 1, col: 1 },
      message: `Cannot read "${displayPath(file)}": it must be a mapping of keys to values`,
    });
    return {};
  }
  return (value ?? {}) as Record<string, unknown>;
}

/** Ploomber's older format is a bare list of tasks: read it as `tasks:`. */
function asDocument(yaml: LocatedYaml): LocatedYaml {
  if (!Array.isArray(yaml.value)) return yaml;
  const locations = new Map([...yaml.locations].map(([k, v]) => [k ? `tasks.${k}` : "tasks", v]));
  return { value: { tasks: yaml.value }, locations };
}

/**
 * Reads a Ploomber `pipeline.yaml` without throwing for problems in it: parses it keeping
 * positions, fills `{{placeholders}}` from `env.yaml` and built-ins, validates the top level and
 * each task separately, and makes the same builder calls a TypeScript user makes for every
 * task that is usable. Only an unreadable file throws.
 */
export async function readYamlPipeline(file: string, opts: LoadYamlOptions = {}): Promise<ReadYaml> {
  const shown = displayPath(file);
  const issues: Issue[] = [];
  let text: string;
  try {
    text = opts.text ?? await Deno.readTextFile(file);
  } catch (e) {
    throw new SpecError({
      location: { file: shown },
      message: `Cannot read pipeline "${shown}": ${(e as Error).message}`,
    });
  }
  const here = dirname(file);
  const envFile = envFileFor(file, issues);
  const found = await readEnv(envFile, issues);
  const envValues = found ?? {};
  issues.push(...unknownOverrides(envValues, opts.envOverrides ?? {}, found && displayPath(envFile)));
  const parsed = parseLocatedYaml(text, shown, issues);
  const empty = pipeline({}, { file: shown, line: 1, col: 1 }) as PipelineBuilder<string>;
  if (!parsed) return { builder: empty, notices: [], issues, undefinedNames: [] };
  const yaml = asDocument(parsed);
  const env = makeEnv(here, envValues, opts.envOverrides ?? {});
  const filled = fillPlaceholders(yaml.value, env, (path) => locate(yaml, path, shown), issues);
  const top = parseLenient(PipelineTopSchema, filled ?? {}, [], yaml, shown, issues);
  const notices: Issue[] = [];
  const undefinedNames: string[] = [];
  const sinks = { issues, notices, undefinedNames };
  if (!top) return { builder: empty, notices, issues, undefinedNames };
  const from = top.meta?.import_tasks_from;
  const imported = from === undefined ? undefined : await readImportedTasks(
    join(here, from),
    locate(yaml, ["meta", "import_tasks_from"], shown),
    { here, fill: (value, at) => fillPlaceholders(value, env, at, issues), issues },
  );
  if (top.meta?.extract_product) {
    const at = locate(yaml, ["meta", "extract_product"], shown);
    top.tasks = await withExtractedProducts(top.tasks, here, at, opts.extractProduct, sinks);
    if (imported) {
      imported.tasks = await withExtractedProducts(imported.tasks, here, at, opts.extractProduct, sinks);
    }
  }
  let builder = build(top, yaml, shown, sinks);
  if (imported) builder = addTasks(builder, imported.tasks, imported.yaml, imported.shown, top, sinks);
  return { builder, notices, issues, undefinedNames };
}

/** Marks a task entry already reported and left out. */
const LEFT_OUT = Symbol("left out");

/**
 * Ploomber's `meta.extract_product`: each script or notebook task without a `product:` takes the
 * one its parameters cell declares. Tasks that give `product:` keep it.
 */
async function withExtractedProducts(
  tasks: unknown[],
  here: string,
  at: SourceLocation,
  extract: LoadYamlOptions["extractProduct"],
  s: Sinks,
): Promise<unknown[]> {
  if (!extract) {
    s.issues.push({
      location: at,
      message: "meta.extract_product needs the task sources, which this loader does not read",
    });
    return tasks;
  }
  const out: unknown[] = [];
  for (const t of tasks) {
    const task = t as { source?: unknown; product?: unknown } | null;
    const source = task && typeof task === "object" ? task.source : undefined;
    if (task?.product !== undefined || typeof source !== "string" || !FILE_EXT.test(extname(source))) {
      out.push(t);
      continue;
    }
    const got = await extract(isAbsolute(source) ? source : join(here, source));
    if ("product" in got) out.push({ ...task, product: got.product });
    else {
      // The task is left out (its place kept, for locations), so that only this problem is reported.
      s.issues.push(got.issue);
      const name = taskName(task as TaskYaml);
      if (name) s.undefinedNames.push(name);
      out.push(LEFT_OUT);
    }
  }
  return out;
}

/**
 * Ploomber's `meta.import_tasks_from`: a YAML list of tasks in another file, placeholders filled
 * as in pipeline.yaml, each relative script or notebook `source` taken relative to that file.
 * Problems are located in that file.
 */
async function readImportedTasks(
  file: string,
  from: SourceLocation,
  ctx: {
    here: string;
    fill: (value: unknown, at: (path: string[]) => SourceLocation) => unknown;
    issues: Issue[];
  },
): Promise<{ tasks: unknown[]; yaml: LocatedYaml; shown: string } | undefined> {
  const shown = displayPath(file);
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    ctx.issues.push({
      location: from,
      message: `Cannot read "${shown}" (meta.import_tasks_from): ${(e as Error).message.split(":")[0]}`,
      hint: "the path is relative to the pipeline's folder",
    });
    return;
  }
  const parsed = parseLocatedYaml(text, shown, ctx.issues);
  if (!parsed) return;
  if (!Array.isArray(parsed.value)) {
    ctx.issues.push({
      location: { file: shown, line: 1, col: 1 },
      message: `Cannot import tasks from "${shown}": it must be a list of tasks`,
      hint: "write one `- source: ...` entry a task, as under tasks: in pipeline.yaml",
    });
    return;
  }
  const yaml = asDocument(parsed);
  const filled = ctx.fill(parsed.value, (path) => locate(yaml, ["tasks", ...path], shown)) as unknown[];
  const base = relative(ctx.here, dirname(file)) || ".";
  const tasks = filled.map((t) => {
    if (!t || typeof t !== "object" || Array.isArray(t)) return t;
    const source = (t as { source?: unknown }).source;
    if (typeof source !== "string" || isAbsolute(source) || !FILE_EXT.test(extname(source))) return t;
    return { ...t, source: normalize(join(base, source)) };
  });
  return { tasks, yaml, shown };
}

/**
 * Loads a Ploomber `pipeline.yaml` into the builder a TypeScript user would have written.
 * Every problem is collected and thrown at once as a {@link SpecError}.
 */
export async function loadYamlPipeline(file: string, opts: LoadYamlOptions = {}): Promise<LoadedYaml> {
  const { builder, notices, issues } = await readYamlPipeline(file, opts);
  if (issues.length) throw new SpecError(issues);
  return { builder, notices };
}

const FILE_EXT = /^\.(py|ipynb|r|rmd|sql|sh)$/i;

/**
 * The task name Ploomber derives: `name`, else the source's file name without extension
 * (`tasks/load.py` -> `load`), else a dotted path's function name (`tasks.features.sepal` -> `sepal`).
 */
export function taskName(t: { name?: unknown; source?: unknown }): string | undefined {
  if (typeof t.name === "string") return t.name;
  if (typeof t.source !== "string") return;
  const ext = extname(t.source);
  if (FILE_EXT.test(ext) || t.source.includes("/")) return basename(t.source, ext);
  return t.source.split(".").pop();
}

function pipelineOptions(p: Top): PipelineOptions {
  const ex = p.executor;
  let executor: PipelineOptions["executor"];
  if (ex === undefined || typeof ex === "string") executor = ex;
  else if ("kind" in ex && ex.kind === "slurm") {
    const slurm = ex as { jobs?: number; sbatch?: string[] };
    executor = { kind: "slurm", jobs: slurm.jobs, sbatch: slurm.sbatch };
  } else if ("dotted_path" in ex && typeof ex.dotted_path === "string") {
    const procs = typeof ex.processes === "number" ? ex.processes : undefined;
    executor = /serial/i.test(ex.dotted_path) ? "serial" : procs ? { parallel: procs } : "parallel";
  } else executor = { parallel: Number((ex as { parallel: number }).parallel) };
  return {
    executor,
    extractUpstream: p.meta?.extract_upstream ?? true,
    serializer: p.serializer,
    unserializer: p.unserializer,
    onFinish: p.on_finish,
    onFailure: p.on_failure,
    onRender: p.on_render,
    kernel: p.kernel,
    preload: p.preload,
    export: exportOptions(p.export),
  };
}

type Top = Omit<PipelineYaml, "tasks"> & { tasks: unknown[] };
interface Sinks {
  issues: Issue[];
  notices: Issue[];
  undefinedNames: string[];
}

function checkTopLevel(p: Top, yaml: LocatedYaml, file: string, s: Sinks): void {
  for (const key of UNSUPPORTED_META_KEYS) {
    if (p.meta && (p.meta as Record<string, unknown>)[key] !== undefined) {
      s.issues.push({
        location: locate(yaml, ["meta", key], file),
        message: `meta.${key} is not supported by plait`,
        hint: "declare products and tasks in pipeline.yaml itself",
      });
    }
  }
  if (p.clients !== undefined) {
    s.issues.push({
      location: locate(yaml, ["clients"], file),
      message: "clients is not supported by plait (SQL clients)",
      hint: 'remove "clients"',
    });
  }
  if (p.config !== undefined) {
    s.notices.push({ location: locate(yaml, ["config"], file), message: "config is ignored by plait" });
  }
}

function build(p: Top, yaml: LocatedYaml, file: string, s: Sinks): PipelineBuilder<string> {
  checkTopLevel(p, yaml, file, s);
  const b = pipeline(pipelineOptions(p), { file, line: 1, col: 1 }) as PipelineBuilder<string>;
  return addTasks(b, p.tasks, yaml, file, p, s);
}

/** Validates each entry of `tasks` (located in `yaml` of `file`) and adds the usable ones to `b`. */
function addTasks(
  b: PipelineBuilder<string>,
  tasks: unknown[],
  yaml: LocatedYaml,
  file: string,
  p: Top,
  s: Sinks,
): PipelineBuilder<string> {
  const extract = p.meta?.extract_upstream !== false;
  tasks.forEach((raw, i) => {
    if (raw === LEFT_OUT) return;
    const t = parseLenient(TaskSchema, raw, ["tasks", i], yaml, file, s.issues);
    const name = taskName((t ?? raw ?? {}) as TaskYaml);
    if (!t) {
      if (name) s.undefinedNames.push(name);
      return;
    }
    const fields = taskFields(t, i, yaml, file);
    taskNotices(t, fields, extract, s);
    let options = taskOptions(t, extract);
    if (p.meta?.product_relative_to_source) {
      options = { ...options, product: relativeToSource(options.source, options.product) };
    }
    b = b.task(name!, options, { task: fields.task, fields });
  });
  return b;
}

function taskFields(t: TaskYaml, i: number, yaml: LocatedYaml, file: string): Record<string, SourceLocation> {
  const fields: Record<string, SourceLocation> = {};
  for (const k of Object.keys(t)) fields[k] = locate(yaml, ["tasks", i, k], file);
  if (typeof t.product === "object") {
    for (const k of Object.keys(t.product)) {
      fields[`product.${k}`] = locate(yaml, ["tasks", i, "product", k], file);
    }
  }
  if (Array.isArray(t.upstream)) {
    t.upstream.forEach((_, j) => fields[`upstream.${j}`] = locate(yaml, ["tasks", i, "upstream", j], file));
  }
  fields.task = locate(yaml, ["tasks", i], file);
  return fields;
}

function taskNotices(t: TaskYaml, fields: Record<string, SourceLocation>, extract: boolean, s: Sinks): void {
  const given = t as Record<string, unknown>;
  for (const key of UNSUPPORTED_TASK_KEYS) {
    if (given[key] !== undefined) {
      s.issues.push({
        location: fields[key],
        message: `task key "${key}" is not supported by plait`,
        hint: "plait runs Python scripts, notebooks and functions; remove this key",
      });
    }
  }
  for (const key of IGNORED_TASK_KEYS) {
    if (given[key] !== undefined) {
      s.notices.push({ location: fields[key], message: `task key "${key}" is ignored by plait` });
    }
  }
  scriptNotices(t, fields, s);
  if (t.static_analysis !== undefined) {
    s.notices.push({
      location: fields.static_analysis,
      message: "static_analysis is ignored: plait always parses the parameters cell and checks upstream",
    });
  }
  if (t.upstream !== undefined && extract) {
    s.notices.push({
      location: fields.upstream,
      message:
        "upstream in pipeline.yaml is ignored while meta.extract_upstream is true (the script's parameters cell decides)",
    });
  }
}

/** Ploomber's `class` (NotebookRunner or ScriptRunner) and the papermill options plait does not act on. */
function scriptNotices(t: TaskYaml, fields: Record<string, SourceLocation>, s: Sinks): void {
  if (t.class !== undefined && !SCRIPT_CLASSES.includes(t.class)) {
    s.issues.push({
      location: fields.class,
      message: `task class "${t.class}" is not supported by plait`,
      hint: `plait runs scripts (class ${SCRIPT_CLASSES.join(" or ")}), notebooks and Python functions`,
    });
  }
  for (const key of Object.keys(t.papermill_params ?? {})) {
    if (key === "execution_timeout") continue;
    s.notices.push({
      location: fields.papermill_params,
      message: `papermill_params key "${key}" is ignored by plait (only execution_timeout is honoured)`,
    });
  }
}

const SCRIPT_CLASSES = ["NotebookRunner", "ScriptRunner"];

/** Ploomber's `meta.product_relative_to_source`: a script's relative product paths start at its folder. */
function relativeToSource(
  source: string | undefined,
  product: TaskOptions["product"],
): TaskOptions["product"] {
  if (!source || !FILE_EXT.test(extname(source)) || product === undefined || product === null) return product;
  const from = (p: string) => (isAbsolute(p) ? p : normalize(join(dirname(source), p)));
  if (typeof product === "string") return from(product);
  return Object.fromEntries(Object.entries(product).map(([k, v]) => [k, from(v)]));
}

function taskOptions(t: TaskYaml, extract: boolean): TaskOptions<string> {
  const upstream = t.upstream === undefined || extract
    ? undefined
    : t.upstream === null
    ? []
    : typeof t.upstream === "string"
    ? [t.upstream]
    : t.upstream;
  return {
    source: t.source,
    product: t.product,
    upstream,
    params: t.params,
    grid: t.grid as TaskOptions["grid"],
    onFinish: t.on_finish,
    onFailure: t.on_failure,
    onRender: t.on_render,
    serializer: t.serializer,
    unserializer: t.unserializer,
    deps: t.deps,
    doc: t.doc,
    kernel: t.kernel,
    ...(t.resources ? { resources: resourcesOf(t.resources) } : {}),
    timeout: t.timeout ?? t.papermill_params?.execution_timeout,
    notebook: t.class === "ScriptRunner" ? false : undefined,
    nbconvert: t.nbconvert_exporter_name !== undefined || t.nbconvert_export_kwargs !== undefined
      ? { exporter: t.nbconvert_exporter_name, kwargs: t.nbconvert_export_kwargs }
      : undefined,
  };
}

/** YAML gives `mem: 16` or `time: 120` as numbers; the builder takes them as SLURM's strings. */
function resourcesOf(r: NonNullable<TaskYaml["resources"]>): TaskOptions["resources"] {
  const str = (v: string | number | undefined) => (v === undefined ? undefined : String(v));
  const out = { ...r, mem: str(r.mem), time: str(r.time) };
  if (out.mem === undefined) delete out.mem;
  if (out.time === undefined) delete out.time;
  return out;
}
