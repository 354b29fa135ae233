/**
 * Notebook -> pipeline: split a notebook at its `## ` headings, find the variables that flow
 * between sections with Python's own `ast` (one `analyze.py` process), and write percent-format
 * (or `.ipynb`) tasks, an `exported.py` for functions and classes, and a `pipeline.yaml`/`pipeline.ts`.
 *
 * @example
 * ```ts ignore
 * import { refactorNotebook } from "./mod.ts";
 * const result = await refactorNotebook("analysis.ipynb", { productPrefix: "output" });
 * result.plan.tasks.map((t) => `${t.name} <- ${t.upstream.join(", ")}`);
 * ```
 *
 * @module
 */
export { type AnalyzeOptions, analyzeSections, cellLocation } from "./analyze.ts";
export { planPipeline } from "./plan.ts";
export {
  type ProductOptions,
  renderPipelineTs,
  renderPipelineYaml,
  taskProducts,
  taskSourcePath,
} from "./render_pipeline.ts";
export { renderTask, type RenderTaskOptions, taskCells } from "./render_task.ts";
export {
  plaitModuleFrom,
  type RefactorFiles,
  refactorFiles,
  refactorNotebook,
  type RefactorOptions,
} from "./refactor_notebook.ts";
export { h2Heading, singleSection, splitSections, taskNameFor } from "./sections.ts";
export type {
  Analysis,
  DfFormat,
  NumberedCell,
  PipelinePlan,
  PlannedTask,
  Section,
  SectionFlow,
  TaskInput,
} from "./types.ts";
