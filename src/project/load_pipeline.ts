import { type Issue, SpecError } from "../errors/mod.ts";
import { type Pipeline, PipelineBuilder, resolvePipeline } from "../graph/mod.ts";
import { extractUpstream } from "../source/mod.ts";
import { loadYamlPipeline } from "../spec/mod.ts";
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

async function upstreamOf(sourcePath: string): Promise<readonly string[] | undefined> {
  const info = await extractUpstream(sourcePath);
  const u = info.upstream;
  return u.kind === "list" || u.kind === "dict" ? u.names : u.kind === "none" ? [] : undefined;
}

async function importBuilder(file: string): Promise<PipelineBuilder<string>> {
  const shown = displayPath(file);
  let mod: Record<string, unknown>;
  try {
    mod = await import(new URL(`file://${file}`).href);
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError({ location: { file: shown }, message: `Cannot load pipeline "${shown}": ${(e as Error).message.split("\n")[0]}`, hint: "run `deno check` on it to see every type error" });
  }
  const found = [mod.default, mod.pipeline].find((v) => v instanceof PipelineBuilder);
  if (!found) {
    throw new SpecError({ location: { file: shown }, message: `Cannot load pipeline "${shown}": it has no default export made with pipeline()`, hint: "end the file with `export default pipeline(...).task(...)`" });
  }
  return found as PipelineBuilder<string>;
}

/**
 * Finds, loads and validates a pipeline from pipeline.ts or pipeline.yaml, reading each
 * script's `upstream` from its parameters cell. Throws a SpecError listing every problem.
 */
export async function loadPipeline(opts: LoadPipelineOptions = {}): Promise<LoadedPipeline> {
  const file = opts.file ?? findPipelineFile(opts.entry);
  let builder = opts.builder;
  let notices: Issue[] = [];
  if (!builder) {
    if (extname(file) === ".ts") builder = await importBuilder(file);
    else ({ builder, notices } = await loadYamlPipeline(file, { envOverrides: opts.envOverrides }));
  }
  const pipeline = await resolvePipeline(builder, { root: dirname(file), file, extractUpstream: upstreamOf });
  return { pipeline, notices };
}
