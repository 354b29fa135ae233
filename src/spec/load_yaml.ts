import type { z } from "../deps.ts";
import { type Issue, type SourceLocation, SpecError } from "../errors/mod.ts";
import { pipeline, type PipelineBuilder, type PipelineOptions, type TaskOptions } from "../graph/mod.ts";
import { basename, dirname, displayPath, extname, join } from "../util/path.ts";
import { type EnvContext, fillPlaceholders, makeEnv } from "./env.ts";
import {
  IGNORED_TASK_KEYS,
  PipelineSchema,
  type PipelineYaml,
  type TaskYaml,
  UNSUPPORTED_META_KEYS,
  UNSUPPORTED_TASK_KEYS,
} from "./schema.ts";
import { locate, type LocatedYaml, parseLocatedYaml, pathKey } from "./yaml_value.ts";

/** Options for {@link loadYamlPipeline}. */
export interface LoadYamlOptions {
  /** `--env--key value` overrides, keys dotted for nesting (`a.b`). */
  envOverrides?: Record<string, string>;
}

/** A YAML pipeline turned into builder calls, plus notices about keys plait ignores. */
export interface LoadedYaml {
  builder: PipelineBuilder<string>;
  notices: Issue[];
}

async function readEnv(dir: string, issues: Issue[]): Promise<Record<string, unknown>> {
  const file = join(dir, "env.yaml");
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch {
    return {};
  }
  const parsed = parseLocatedYaml(text, displayPath(file), issues);
  const value = parsed?.value;
  if (parsed && value !== null && (typeof value !== "object" || Array.isArray(value))) {
    issues.push({ location: { file: displayPath(file), line: 1, col: 1 }, message: "Cannot read env.yaml: it must be a mapping of keys to values" });
    return {};
  }
  return (value ?? {}) as Record<string, unknown>;
}

/**
 * Loads a Ploomber `pipeline.yaml`: parses it keeping positions, fills `{{placeholders}}` from
 * `env.yaml` and built-ins, validates it, and makes the same builder calls a TypeScript user makes.
 * Every problem is collected and thrown at once as a {@link SpecError}.
 */
export async function loadYamlPipeline(file: string, opts: LoadYamlOptions = {}): Promise<LoadedYaml> {
  const shown = displayPath(file);
  const issues: Issue[] = [];
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    throw new SpecError({ location: { file: shown }, message: `Cannot read pipeline "${shown}": ${(e as Error).message}` });
  }
  const here = dirname(file);
  const envValues = await readEnv(here, issues);
  const yaml = parseLocatedYaml(text, shown, issues);
  if (!yaml) throw new SpecError(issues);
  const env: EnvContext = makeEnv(here, envValues, opts.envOverrides ?? {});
  const at = (path: readonly PropertyKey[]) => locate(yaml, path, shown);
  const filled = fillPlaceholders(yaml.value, env, at, issues);
  const parsed = PipelineSchema.safeParse(filled ?? {});
  if (!parsed.success) {
    for (const zi of parsed.error.issues) issues.push(zodIssue(zi, yaml, shown));
    throw new SpecError(issues);
  }
  const notices: Issue[] = [];
  const builder = build(parsed.data, yaml, shown, issues, notices);
  if (issues.length) throw new SpecError(issues);
  return { builder, notices };
}

function zodIssue(zi: z.core.$ZodIssue, yaml: LocatedYaml, file: string): Issue {
  const path = zi.path as PropertyKey[];
  const field = path.length ? path.map(String).join(".") : "the document";
  if (zi.code === "unrecognized_keys") {
    const key = zi.keys[0];
    const location = yaml.locations.get(pathKey([...path, key]) + "#key") ?? locate(yaml, path, file);
    const where = path.length ? ` in ${field}` : "";
    return { location, message: `unknown key${zi.keys.length > 1 ? "s" : ""} ${zi.keys.map((k) => `"${k}"`).join(", ")}${where}`, hint: "remove it, or check the spelling against Ploomber's pipeline.yaml keys (schema/pipeline.schema.json)" };
  }
  if (zi.code === "invalid_type" && zi.input === undefined) {
    return { location: locate(yaml, path.slice(0, -1), file), message: `missing required key "${String(path[path.length - 1])}"${path.length > 1 ? ` in ${path.slice(0, -1).join(".")}` : ""}` };
  }
  return { location: locate(yaml, path, file), message: `invalid ${field}: ${zi.message}` };
}

function taskName(t: TaskYaml): string {
  if (t.name) return t.name;
  const ext = extname(t.source);
  if (ext) return basename(t.source, ext);
  return t.source.split(".").pop()!;
}

function pipelineOptions(p: PipelineYaml): PipelineOptions {
  const ex = p.executor;
  let executor: PipelineOptions["executor"];
  if (ex === undefined || typeof ex === "string") executor = ex;
  else if ("dotted_path" in ex && typeof ex.dotted_path === "string") {
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
    kernel: p.kernel,
    preload: p.preload,
  };
}

function build(p: PipelineYaml, yaml: LocatedYaml, file: string, issues: Issue[], notices: Issue[]): PipelineBuilder<string> {
  for (const key of UNSUPPORTED_META_KEYS) {
    if (p.meta && (p.meta as Record<string, unknown>)[key] !== undefined) issues.push({ location: locate(yaml, ["meta", key], file), message: `meta.${key} is not supported by plait`, hint: "declare products and tasks in pipeline.yaml itself" });
  }
  for (const key of ["clients", "on_render"] as const) {
    if (p[key] !== undefined) issues.push({ location: locate(yaml, [key], file), message: `${key} is not supported by plait (SQL clients and render hooks)`, hint: `remove "${key}"` });
  }
  if (p.config !== undefined) notices.push({ location: locate(yaml, ["config"], file), message: "config is ignored by plait" });
  let b = pipeline(pipelineOptions(p), { file, line: 1, col: 1 }) as PipelineBuilder<string>;
  p.tasks.forEach((t, i) => {
    const fields: Record<string, SourceLocation> = {};
    for (const k of Object.keys(t)) fields[k] = locate(yaml, ["tasks", i, k], file);
    fields.task = locate(yaml, ["tasks", i], file);
    for (const key of UNSUPPORTED_TASK_KEYS) {
      if ((t as Record<string, unknown>)[key] !== undefined) issues.push({ location: fields[key], message: `task key "${key}" is not supported by plait`, hint: "plait runs Python scripts, notebooks and functions; remove this key" });
    }
    for (const key of IGNORED_TASK_KEYS) {
      if ((t as Record<string, unknown>)[key] !== undefined) notices.push({ location: fields[key], message: `task key "${key}" is ignored by plait` });
    }
    if (t.static_analysis !== undefined) notices.push({ location: fields.static_analysis, message: "static_analysis is ignored: plait always parses the parameters cell and checks upstream" });
    const upstream = t.upstream === undefined || p.meta?.extract_upstream !== false ? undefined : t.upstream === null ? [] : typeof t.upstream === "string" ? [t.upstream] : t.upstream;
    if (t.upstream !== undefined && p.meta?.extract_upstream !== false) {
      notices.push({ location: fields.upstream, message: "upstream in pipeline.yaml is ignored while meta.extract_upstream is true (the script's parameters cell decides)" });
    }
    const options: TaskOptions<string> = {
      source: t.source,
      product: t.product,
      upstream,
      params: t.params,
      grid: t.grid as TaskOptions["grid"],
      onFinish: t.on_finish,
      onFailure: t.on_failure,
      serializer: t.serializer,
      unserializer: t.unserializer,
      deps: t.deps,
      doc: t.doc,
      kernel: t.kernel,
    };
    b = b.task(taskName(t), options, { task: fields.task, fields });
  });
  return b;
}
