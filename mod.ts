/**
 * plait: Jupyter notebooks and Python scripts as reproducible, incremental, parallel pipelines.
 *
 * Define a pipeline in TypeScript (upstream names are type-checked) or keep Ploomber's
 * `pipeline.yaml`; `build` runs only what changed, each task in a fresh Jupyter kernel, and leaves
 * an executed notebook behind.
 *
 * @example
 * ```ts
 * import { pipeline } from "./mod.ts";
 *
 * const p = pipeline({ executor: "parallel" })
 *   .task("load", { source: "tasks/load.py", product: { nb: "output/load.ipynb", data: "output/raw.csv" } })
 *   .task("clean", { source: "tasks/clean.py", upstream: ["load"], product: { nb: "output/clean.ipynb", data: "output/clean.csv" } })
 *   .task("fit", {
 *     source: "tasks/fit.py",
 *     upstream: ["clean"],
 *     grid: { n_estimators: [5, 10], criterion: ["gini", "entropy"] },
 *     product: { nb: "output/fit-[[n_estimators]]-[[criterion]].ipynb" },
 *   });
 * // In pipeline.ts, end with `.main(import.meta)` and export it as the default export.
 * console.log(p.definitions.map((d) => d.name)); // ["load", "clean", "fit"]
 * ```
 *
 * @module
 */
export { pipeline, PipelineBuilder } from "./src/graph/mod.ts";
import { setMainHandler } from "./src/graph/mod.ts";

// `.main(import.meta)` of a pipeline.ts run directly starts the CLI, loaded only then.
setMainHandler(async (builder, file) => {
  const { runMain } = await import("./src/cli/main.ts");
  await runMain(Deno.args, { builder, file });
});
export { float, PyFloat } from "./src/util/mod.ts";
export type {
  AirflowExportOptions,
  AwsBatchExportOptions,
  DefinitionLocations,
  ExecutorSpec,
  ExportOptions,
  ExportStorage,
  ExportTargetOptions,
  FillPlaceholders,
  GridNames,
  GridSpec,
  HookSpec,
  NbconvertOptions,
  Pipeline,
  PipelineOptions,
  Product,
  RemovePlaceholders,
  Resources,
  SlurmExecutor,
  Task,
  TaskContext,
  TaskDefinition,
  TaskFunction,
  TaskOptions,
  TaskResources,
  TrimSeparators,
  UpstreamGlob,
  UpstreamRef,
} from "./src/graph/mod.ts";
export { type LoadedPipeline, loadPipeline, type LoadPipelineOptions } from "./src/project/mod.ts";
export { build, type BuildOptions, type BuildResult, type DebugKernel } from "./src/engine/mod.ts";
export type {
  BuildEvent,
  BuildSummary,
  FailureLocation,
  TaskDisplay,
  TaskFailure,
  TaskOutcome,
  TaskOutput,
  TaskProgress,
  TaskReport,
} from "./src/scheduler/mod.ts";
export { type Issue, PlaitError, type SourceLocation, SpecError } from "./src/errors/mod.ts";
