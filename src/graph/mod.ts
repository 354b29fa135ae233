/**
 * The pipeline model: the typed builder, grid expansion, validation, topological order.
 * @module
 */
export { pipeline, PipelineBuilder, setMainHandler } from "./builder.ts";
export type { MainHandler } from "./builder.ts";
export { expandGrid, gridCombinations, gridGroupName, hasPlaceholder } from "./grid.ts";
export { resolvePipeline, type ResolveOptions } from "./resolve.ts";
export { topoSort, type TopoResult } from "./topo.ts";
export { productPaths } from "./types.ts";
export type {
  DefinitionLocations,
  ExecutorSpec,
  GridSpec,
  HookSpec,
  Pipeline,
  PipelineOptions,
  Product,
  Task,
  TaskContext,
  TaskDefinition,
  TaskFunction,
  TaskOptions,
  UpstreamGlob,
  UpstreamRef,
} from "./types.ts";
