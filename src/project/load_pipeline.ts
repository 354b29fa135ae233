import { type Issue, PlaitError, type SourceLocation, SpecError } from "../errors/mod.ts";
import { type Pipeline, PipelineBuilder, resolvePipeline, type UpstreamDeclaration } from "../graph/mod.ts";
import { readUpstream, sourceMemo } from "../source/mod.ts";
import type { ContentMemo } from "../util/mod.ts";
import { readYamlPipeline } from "../spec/mod.ts";
import { dirname, displayPath, extname } from "../util/path.ts";
import { findPipelineFile } from "./find_pipeline.ts";

/** Options for {@link loadPipeline}. */
export interface LoadPipelineOptions {
  /** `-e PATH`: a pipeline file or a folder holding one. */
  entry?: string;
  /** `--env--key value` overrides for pipeline.yaml placeholders. */
  envOverrides?: Record<string, string>;
  /** A builder already in hand (a pipeline.ts that called `.main()`); `file` is its path. */
  builder?: PipelineBuilder<string>;
  file?: string;
}

/** A loaded pipeline and notices about what plait ignored. */
export interface LoadedPipeline {
  pipeline: Pipeline;
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
  const file = opts.file ?? findPipelineFile(opts.entry);
  let builder = opts.builder;
  let notices: Issue[] = [];
  const issues: Issue[] = [];
  let undefinedNames: string[] = [];
  if (!builder) {
    if (extname(file) === ".ts") builder = await importBuilder(file);
    else {
      const read = await readYamlPipeline(file, { envOverrides: opts.envOverrides });
      ({ builder, notices, undefinedNames } = read);
      issues.push(...read.issues);
    }
  }
  const memo = sourceMemo(dirname(file));
  try {
    const pipeline = await resolvePipeline(builder, {
      root: dirname(file),
      file,
      extractUpstream: (path) => upstreamOf(path, memo, notices),
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
