import { type Issue, PlaitError, type SourceLocation, SpecError } from "../errors/mod.ts";
import {
  type Pipeline,
  PipelineBuilder,
  type Product,
  resolvePipeline,
  type UpstreamDeclaration,
} from "../graph/mod.ts";
import {
  loadPythonGrammar,
  parseParametersCell,
  readFunctionUpstream,
  readTaskSource,
  readUpstream,
  sourceMemo,
} from "../source/mod.ts";
import type { ContentMemo } from "../util/mod.ts";
import { basename, dirname, displayPath, extname, join } from "../util/path.ts";
import { findPipelineFile } from "./find_pipeline.ts";
import { globPipeline, isGlobEntry } from "./glob_entry.ts";

/** Options for {@link loadPipeline}. */
export interface LoadPipelineOptions {
  /** `-e PATH`: a pipeline file, a folder holding one, or a glob of scripts (`"*.py"`: each a task). */
  entry?: string;
  /** `--env--key value` overrides for pipeline.yaml placeholders. */
  envOverrides?: Record<string, string>;
  /** A builder already in hand (a pipeline.ts that called `.main()`); `file` is its path. */
  builder?: PipelineBuilder<string>;
  /** The path of the pipeline.ts that gave `builder`. */
  file?: string;
}

/** A loaded pipeline and notices about what plait ignored. */
export interface LoadedPipeline {
  /** The validated pipeline. */
  pipeline: Pipeline;
  /** What plait ignored or chose (e.g. unused Ploomber keys), for the user to read. */
  notices: Issue[];
}

function shown(loc: SourceLocation): SourceLocation {
  return loc.file.startsWith("/") ? { ...loc, file: displayPath(loc.file) } : loc;
}

/**
 * Reads `upstream` from a script's parameters cell, with paths in messages as the user sees them.
 * A source without a parameters cell is a notice: it runs, with the values injected at the top.
 */
async function upstreamOf(
  sourcePath: string,
  memo: ContentMemo,
  notices: Issue[],
): Promise<UpstreamDeclaration | undefined> {
  try {
    const info = await readUpstream(sourcePath, memo);
    if (!info.parametersCell) {
      notices.push({
        location: shown({ file: sourcePath }),
        message:
          'Source has no cell tagged "parameters": its upstream, product and params are injected at the top, ' +
          "and it declares no upstream",
        hint: 'add a first code cell tagged "parameters" (`# %% tags=["parameters"]` in a .py) with ' +
          "`upstream = [...]` and `product = None`",
      });
    }
    const u = info.upstream;
    if (u.kind === "absent") return undefined;
    return { names: u.kind === "none" ? [] : u.names, location: shown(info.location) };
  } catch (e) {
    if (!(e instanceof PlaitError)) throw e;
    throw new SpecError(e.issues.map((i) => (i.location ? { ...i, location: shown(i.location) } : i)));
  }
}

/** A function task's upstream: the `upstream["name"]` subscripts in its body, as Ploomber reads them. */
async function functionUpstreamOf(
  modulePath: string,
  fn: string,
  { memo, root, notices }: { memo: ContentMemo; root: string; notices: Issue[] },
): Promise<UpstreamDeclaration | undefined> {
  const got = await readFunctionUpstream(modulePath, fn, { memo, root });
  if (got) return { names: got.names, location: shown(got.location) };
  notices.push({
    location: shown({ file: modulePath }),
    message:
      `Cannot read the upstream of function "${fn}": it is neither defined at the top level of this module ` +
      "nor imported into it from a project module, so it gets none",
    hint:
      "give the task `upstream: [...]` in the pipeline, or point its source at the module that defines it",
  });
  return undefined;
}

/**
 * `meta.extract_product`: the product a script's parameters cell assigns (`product = "out/x.ipynb"`
 * or a dict of paths), or the located reason it has none.
 */
async function declaredProduct(sourcePath: string): Promise<{ product: Product } | { issue: Issue }> {
  const file = displayPath(sourcePath);
  let source;
  try {
    source = await readTaskSource(sourcePath);
  } catch (e) {
    if (!(e instanceof PlaitError)) throw e;
    return { issue: { ...e.issues[0], location: e.issues[0].location && shown(e.issues[0].location) } };
  }
  const cell = source.cells[source.parametersIndex];
  // Point at the `product =` line when there is one (the value itself comes from the parser).
  const offset = Math.max(
    0,
    (cell?.source.split("\n") ?? []).findIndex((l) => /^product\s*(:[^=]*)?=/.test(l)),
  );
  const at = cell && source.format === "py" ? { file, line: cell.line + offset, col: 1 } : { file };
  const hint =
    'assign it in the parameters cell, e.g. `product = {"nb": "output/x.ipynb", "data": "output/x.csv"}`, ' +
    "or give the task a product: in pipeline.yaml";
  if (!cell) {
    return {
      issue: {
        location: { file },
        message: 'Cannot take the product (meta.extract_product): no cell tagged "parameters"',
        hint,
      },
    };
  }
  await loadPythonGrammar();
  let product: unknown;
  try {
    product = parseParametersCell(cell, file).defaults.product;
  } catch (e) {
    if (!(e instanceof PlaitError)) throw e;
    return { issue: e.issues[0] };
  }
  const isPath = (v: unknown) => typeof v === "string" && v !== "";
  const ok = isPath(product) ||
    (!!product && typeof product === "object" && !Array.isArray(product) &&
      Object.values(product).every(isPath) &&
      Object.keys(product).length > 0);
  if (ok) return { product: product as Product };
  return {
    issue: {
      location: at,
      message: `Cannot take the product (meta.extract_product): the parameters cell's product is ${
        product === undefined
          ? "not a literal, or not assigned"
          : `${JSON.stringify(product)}, not a path or a dict of paths`
      }`,
      hint,
    },
  };
}

/** Imports a pipeline.ts and returns its default (or `pipeline`) export made with `pipeline()`. */
export async function importBuilder(file: string): Promise<PipelineBuilder<string>> {
  const name = displayPath(file);
  let mod: Record<string, unknown>;
  try {
    const url = new URL("file://");
    url.pathname = file;
    mod = await import(url.href);
  } catch (e) {
    if (e instanceof PlaitError) throw e;
    throw new SpecError({
      location: { file: name },
      message: `Cannot load pipeline "${name}": ${(e as Error).message.split("\n")[0]}`,
      hint: "run `deno check` on it to see every type error",
    });
  }
  const found = [mod.default, mod.pipeline].find((v) => v instanceof PipelineBuilder);
  if (!found) {
    throw new SpecError({
      location: { file: name },
      message: `Cannot load pipeline "${name}": it has no default export made with pipeline()`,
      hint: "end the file with `export default pipeline(...).task(...)`",
    });
  }
  return found as PipelineBuilder<string>;
}

/** Issues in reading order: the pipeline file first, then other files, each by line and column. */
export function sortIssues(issues: readonly Issue[], first: string): Issue[] {
  const key = (i: Issue) => i.location?.file === first ? "" : i.location?.file ?? "\uffff";
  return [...issues].sort((a, b) =>
    key(a).localeCompare(key(b)) ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.col ?? 0) - (b.location?.col ?? 0)
  );
}

/**
 * Finds, loads and validates a pipeline from pipeline.ts or pipeline.yaml, reading each
 * script's `upstream` from its parameters cell. Throws one SpecError listing every problem
 * (in the YAML, in the graph, in the scripts' parameters cells), sorted by location.
 *
 * @example
 * ```ts ignore
 * const { pipeline } = await loadPipeline({ entry: "examples/ml" });
 * console.log(pipeline.order);
 * ```
 */
export async function loadPipeline(opts: LoadPipelineOptions = {}): Promise<LoadedPipeline> {
  const glob = !opts.builder && isGlobEntry(opts.entry) ? await globPipeline(opts.entry) : undefined;
  const file = opts.file ?? glob?.file ?? findPipelineFile(opts.entry);
  let builder = opts.builder;
  let notices: Issue[] = [];
  const issues: Issue[] = [];
  let undefinedNames: string[] = [];
  if (!builder) {
    if (extname(file) === ".ts") builder = await importBuilder(file);
    else {
      // The YAML reader (npm:yaml, npm:zod) is loaded only for a pipeline.yaml.
      const { readYamlPipeline } = await import("../spec/mod.ts");
      const read = await readYamlPipeline(file, {
        envOverrides: opts.envOverrides,
        extractProduct: declaredProduct,
        text: glob?.yaml,
      });
      ({ builder, notices, undefinedNames } = read);
      issues.push(...read.issues);
    }
  }
  if (!opts.file) notices.push(...choiceNotice(file, opts.entry));
  const memo = sourceMemo(dirname(file));
  try {
    const pipeline = await resolvePipeline(builder, {
      root: dirname(file),
      file,
      extractUpstream: (path, fn) =>
        fn === undefined
          ? upstreamOf(path, memo, notices)
          : functionUpstreamOf(path, fn, { memo, root: dirname(file), notices }),
      undefinedNames,
    });
    if (!issues.length) return { pipeline, notices };
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    issues.push(...e.issues);
  } finally {
    await memo.flush();
  }
  throw new SpecError(sortIssues(issues, displayPath(file)));
}

/** When a folder holds both pipeline.ts and pipeline.yaml and neither was named: which one is used. */
function choiceNotice(file: string, entry?: string): Issue[] {
  if (entry && /\.(ts|ya?ml)$/.test(entry)) return [];
  const other = ["pipeline.yaml", "pipeline.yml"].map((n) => join(dirname(file), n))
    .find((p) => p !== file && basename(file) === "pipeline.ts" && existsSync(p));
  if (!other) return [];
  return [{
    message: `using ${displayPath(file)}; ${displayPath(other)} beside it is not read`,
    hint: `pass -e ${displayPath(other)} to build that one instead`,
  }];
}

function existsSync(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
