/**
 * Wires the layers into a build: the cache decides, the scheduler orders, kernels run.
 * @module
 */
export { build, type BuildOptions, type BuildResult, interpreterIdentity, jobsFor } from "./build.ts";
export { CacheDecider, type CacheDeciderOptions } from "./decider.ts";
export { type KernelSource, TaskRunner } from "./task_runner.ts";
export { computedParamLines, splitParams } from "./python_code.ts";
export { evaluateComputedParams } from "./computed_params.ts";
export { notebookProduct, upstreamValues } from "./task_values.ts";
export type { DebugKernel } from "./debug_kernel.ts";
