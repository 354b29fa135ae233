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
export { float, PyFloat } from "./src/util/mod.ts";
export type {
  ExecutorSpec,
  GridSpec,
  HookSpec,
  NbconvertOptions,
  Pipeline,
  PipelineOptions,
  Product,
  Task,
  TaskContext,
  TaskFunction,
  TaskOptions,
} from "./src/graph/mod.ts";
export { loadPipeline, type LoadPipelineOptions } from "./src/project/mod.ts";
export { build, type BuildOptions, type BuildResult } from "./src/engine/mod.ts";
export type { BuildEvent, BuildSummary, TaskReport } from "./src/scheduler/mod.ts";
export { PlaitError, SpecError } from "./src/errors/mod.ts";
