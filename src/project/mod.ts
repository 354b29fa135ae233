/**
 * Finding and loading a project's pipeline (pipeline.ts or pipeline.yaml), wiring the spec,
 * graph and source layers together.
 * @module
 */
export { findPipelineFile } from "./find_pipeline.ts";
export {
  importBuilder,
  type LoadedPipeline,
  loadPipeline,
  type LoadPipelineOptions,
  sortIssues,
} from "./load_pipeline.ts";
