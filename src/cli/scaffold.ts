import { UsageError } from "../errors/mod.ts";
import { gridCombinations, PipelineBuilder, type TaskDefinition } from "../graph/mod.ts";
import { findPipelineFile, importBuilder } from "../project/mod.ts";
import { parseDocument } from "../deps.ts";
import { pythonLiteral, renderIpynbSource, renderPercentSource, type SourceCell } from "../source/mod.ts";
import { loadYamlPipeline } from "../spec/mod.ts";
import { exists } from "../util/fs.ts";
import { basename, dirname, displayPath, extname, join, resolve } from "../util/path.ts";
import { newProjectFiles } from "./_new_project.ts";
import { type CliContext, out } from "./common.ts";

/** Flags of `scaffold`. */
export interface ScaffoldFlags {
  entry?: string;
}

/** What scaffolding did, paths relative to the pipeline (or new project) folder. */
export interface ScaffoldResult {
  created: string[];
  kept: string[];
  /** Sources plait cannot write (Python functions given by dotted path), with why. */
  skipped: string[];
}

/** Writes `text` at `path` unless something is there already; returns whether it wrote. */
async function createFile(path: string, text: string): Promise<boolean> {
  if (await exists(path)) return false;
  await Deno.mkdir(dirname(path), { recursive: true });
  try {
    await Deno.writeTextFile(path, text, { createNew: true });
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return false;
    throw e;
  }
  return true;
}

/** The parameters cell a new source starts with: `upstream`, `product`, then the params (first grid point). */
export function parametersCellSource(def: TaskDefinition): string {
  const o = def.options;
  const upstream = o.upstream?.length ? pythonLiteral([...o.upstream]) : "None";
  const values: Record<string, unknown> = { ...o.params, ...(o.grid ? gridCombinations(o.grid)[0] : {}) };
  const lines = [`upstream = ${upstream}`, "product = None"];
  for (const [k, v] of Object.entries(values)) lines.push(`${k} = ${pythonLiteral(v)}`);
  return lines.join("\n");
}

/** A new task source for a definition: a parameters cell, then an empty code cell. */
export function newSourceText(def: TaskDefinition, format: "py" | "ipynb"): string {
  const cells: SourceCell[] = [
    { cellType: "code", source: parametersCellSource(def), tags: ["parameters"], metadata: {}, line: 1 },
    { cellType: "code", source: "", tags: [], metadata: {}, line: 1 },
  ];
  return format === "py"
    ? renderPercentSource(cells)
    : renderIpynbSource(cells, { kernelName: def.options.kernel });
}

/** Creates every missing `.py` / `.ipynb` source of a builder's definitions under `root`; never overwrites. */
export async function scaffoldSources(
  builder: PipelineBuilder<string>,
  root: string,
  yamlUpstream: ReadonlyMap<string, string[]> = new Map(),
): Promise<ScaffoldResult> {
  const result: ScaffoldResult = { created: [], kept: [], skipped: [] };
  const seen = new Set<string>();
  for (const def of builder.definitions) {
    const source = def.options.source;
    if (typeof source !== "string" || seen.has(source)) continue;
    seen.add(source);
    const ext = extname(source).toLowerCase();
    if (ext !== ".py" && ext !== ".ipynb") {
      result.skipped.push(`${source} (a Python function: write it yourself)`);
      continue;
    }
    const format = ext === ".py" ? "py" : "ipynb";
    const kernel = def.options.kernel ?? builder.options.kernel;
    // With extract_upstream on, the YAML's `upstream:` is not in the definition: the new source declares it.
    const upstream = def.options.upstream ?? yamlUpstream.get(source);
    const text = newSourceText({ ...def, options: { ...def.options, kernel, upstream } }, format);
    (await createFile(resolve(root, source), text) ? result.created : result.kept).push(source);
  }
  return result;
}

/** Writes a new project (pipeline.ts, tasks/, deno.json) into `dir`; existing files are kept. */
export async function scaffoldProject(
  dir: string,
  modUrl = new URL("../../mod.ts", import.meta.url).href,
): Promise<ScaffoldResult> {
  const result: ScaffoldResult = { created: [], kept: [], skipped: [] };
  for (const [rel, text] of Object.entries(newProjectFiles(modUrl))) {
    (await createFile(join(dir, rel), text) ? result.created : result.kept).push(rel);
  }
  return result;
}

function existingPipeline(ctx: CliContext, entry?: string): string | undefined {
  if (ctx.file) return ctx.file;
  try {
    return findPipelineFile(entry);
  } catch (e) {
    if (e instanceof UsageError) return undefined;
    throw e;
  }
}

/** Where a new project goes: `-e DIR` (or `-e DIR/pipeline.ts`), else here. */
function newProjectDir(entry?: string): string {
  if (!entry) return Deno.cwd();
  const p = resolve(Deno.cwd(), entry);
  if (basename(p) === "pipeline.ts") return dirname(p);
  if (![".ts", ".yaml", ".yml"].includes(extname(p))) return p;
  throw new UsageError({
    message: `Cannot find pipeline "${entry}": no such file`,
    hint: "to start a new project instead, pass its folder: plait scaffold -e my-project",
  });
}

function report(result: ScaffoldResult, where: string): void {
  for (const c of result.created) out.line(`created ${join(where, c)}`);
  for (const k of result.kept) out.line(`kept    ${join(where, k)} (it exists)`);
  for (const s of result.skipped) out.line(`skipped ${s}`);
}

/**
 * `scaffold`: with a pipeline here, creates every missing task source (a parameters cell, then an
 * empty cell); with none, a new project. Never overwrites a file.
 */
export async function runScaffold(ctx: CliContext, flags: ScaffoldFlags): Promise<number> {
  const file = existingPipeline(ctx, flags.entry);
  if (!file) {
    const dir = newProjectDir(flags.entry);
    const result = await scaffoldProject(dir);
    const shown = displayPath(dir) || ".";
    report(result, displayPath(dir));
    out.line(
      `\nNew project in ${shown === "." ? "this folder" : shown}. Next:${
        shown === "." ? "" : `\n  cd ${shown}`
      }\n  deno task build\n  deno task status`,
    );
    return 0;
  }
  const builder = ctx.builder ??
    (extname(file) === ".ts"
      ? await importBuilder(file)
      : (await loadYamlPipeline(file, { envOverrides: ctx.envOverrides })).builder);
  const root = dirname(file);
  const result = await scaffoldSources(
    builder,
    root,
    extname(file) === ".ts" ? undefined : yamlUpstreamOf(file),
  );
  report(result, displayPath(root));
  const n = result.created.length;
  out.line(
    n
      ? `\nCreated ${n} task source${n === 1 ? "" : "s"}; fill in their code, then run \`plait build\`.`
      : "\nEvery task source exists: nothing to create.",
  );
  return 0;
}

/** `source` -> the `upstream:` list its YAML entry declares (read as plain data). */
function yamlUpstreamOf(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const data = parseDocument(Deno.readTextFileSync(file)).toJS() as { tasks?: unknown };
  for (const t of Array.isArray(data?.tasks) ? data.tasks : []) {
    const { source, upstream } = (t ?? {}) as { source?: unknown; upstream?: unknown };
    const names = typeof upstream === "string" ? [upstream] : upstream;
    if (typeof source === "string" && Array.isArray(names) && names.every((n) => typeof n === "string")) {
      out.set(source, names);
    }
  }
  return out;
}
