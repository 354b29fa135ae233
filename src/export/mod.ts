/**
 * `plait export`: a pipeline -> a distributed engine's own files (Argo Workflow, Airflow DAG,
 * Kubernetes Jobs, AWS Batch job definitions) plus a Dockerfile. Every step runs plait for one task.
 * It reads the graph (and which tasks are outdated, from the caller); it runs nothing.
 * @module
 */
import type { Pipeline } from "../graph/mod.ts";
import { airflowFiles } from "./airflow.ts";
import { argoFiles } from "./argo.ts";
import { awsBatchFiles } from "./aws_batch.ts";
import { dockerFiles, type PythonEnv } from "./dockerfile.ts";
import { k8sFiles } from "./k8s.ts";
import { makePlan } from "./plan.ts";
import { resolveSettings } from "./settings.ts";
import type { ExportFile, ExportMode, ExportPlan, ExportTarget, Locate } from "./types.ts";

export { argoWorkflow } from "./argo.ts";
export { batchJobDefinition, jobDefinitionName } from "./aws_batch.ts";
export { airflowDag } from "./airflow.ts";
export { jobName, k8sJob } from "./k8s.ts";
export { dockerFiles, type DockerOptions, type PythonEnv } from "./dockerfile.ts";
export {
  makePlan,
  MAX_DEPENDS_ON,
  PLAIT_HOME,
  type PlanOptions,
  sharedFolders,
  stepArgv,
  stepId,
} from "./plan.ts";
export { plaitSourceFiles } from "./plait_source.ts";
export { dnsLabel, resolveSettings, sectionKey } from "./settings.ts";
export * from "./types.ts";

/** Options for {@link exportPipeline}. */
export interface ExportRunOptions {
  readonly target: ExportTarget;
  readonly mode: ExportMode;
  /** `--image`, over the settings. */
  readonly image?: string;
  /** Tasks outdated now (from the state), for `incremental`. */
  readonly outdated: ReadonlySet<string>;
  /** `--env--key value` overrides, passed on to every step. */
  readonly envOverrides?: Readonly<Record<string, string>>;
  /** Locates a setting under `export:` for error messages. */
  readonly locate: Locate;
  /** The output folder relative to the project (the Docker build context). */
  readonly outDir: string;
  readonly python: PythonEnv;
  readonly denoVersion: string;
}

const WRITERS: Record<ExportTarget, (plan: ExportPlan) => ExportFile[]> = {
  argo: argoFiles,
  airflow: airflowFiles,
  k8s: k8sFiles,
  "aws-batch": awsBatchFiles,
};

/**
 * The files of one export (without plait's own source, see {@link plaitSourceFiles}); throws a
 * located `SpecError` for bad settings before anything is written. No steps (nothing outdated in
 * `incremental`) gives a plan with no steps and no files.
 */
export function exportPipeline(
  pipeline: Pipeline,
  options: ExportRunOptions,
): { plan: ExportPlan; files: ExportFile[] } {
  const settings = resolveSettings(pipeline, options.target, {
    image: options.image,
    locate: options.locate,
  });
  const plan = makePlan(pipeline, {
    target: options.target,
    mode: options.mode,
    settings,
    outdated: options.outdated,
    envOverrides: options.envOverrides,
  });
  if (!plan.steps.length) return { plan, files: [] };
  return {
    plan,
    files: [...WRITERS[options.target](plan), ...dockerFiles(plan, options)],
  };
}
