import type { PipelineBuilder } from "./builder.ts";

/** Runs plait's CLI on a pipeline whose file is the program's entry point. */
export type MainHandler = (builder: PipelineBuilder<string>, file: string) => Promise<void>;

let handler: MainHandler | undefined;

/**
 * Sets what `PipelineBuilder.main()` runs. The public `mod.ts` sets the CLI here, so the graph
 * layer never imports the CLI (imports point one way: cli -> graph).
 */
export function setMainHandler(fn: MainHandler): void {
  handler = fn;
}

/** The handler set by `mod.ts`, or a bug report if the builder was imported some other way. */
export function mainHandler(): MainHandler {
  if (!handler) {
    throw new Error(
      "PipelineBuilder.main() needs plait's mod.ts: import { pipeline } from the package's mod.ts, not src/graph",
    );
  }
  return handler;
}
