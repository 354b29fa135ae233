/**
 * The pipeline model: the typed builder, grid expansion, validation, topological order.
 * @module
 */
export { pipeline, PipelineBuilder } from "./builder.ts";
export { type MainHandler, setMainHandler } from "./entry_point.ts";
export {
  expandGrid,
  gridCombinations,
  gridGroupName,
  type GridLocations,
  gridPointName,
  hasPlaceholder,
} from "./grid.ts";
export {
  type ExtractUpstream,
  type ResolveOptions,
  resolvePipeline,
  type UpstreamDeclaration,
} from "./resolve.ts";
export { type TopoResult, topoSort } from "./topo.ts";
export { type ComputedParam, computedParam, type ComputedValue, evaluatedParam } from "./params.ts";
export { productPaths } from "./types.ts";
export type {
  AirflowExportOptions,
  AwsBatchExportOptions,
  ExportOptions,
  ExportStorage,
  ExportTargetOptions,
} from "./export_options.ts";
export type {
  DefinitionLocations,
  ExecutorSpec,
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
} from "./types.ts";
