import type { SourceLocation } from "../errors/mod.ts";
import type { ExportStorage, TaskResources } from "../graph/mod.ts";

/** The engines `plait export` writes for. */
export type ExportTarget = "argo" | "airflow" | "k8s" | "aws-batch";
/** Every target, in the order `--help` lists them. */
export const EXPORT_TARGETS: readonly ExportTarget[] = ["argo", "airflow", "k8s", "aws-batch"];

/**
 * What is exported: `incremental` (only tasks outdated now), `regular` (all tasks, each skipping
 * itself when up to date as it runs) or `force` (all tasks, forced).
 */
export type ExportMode = "incremental" | "regular" | "force";
/** Every mode. */
export const EXPORT_MODES: readonly ExportMode[] = ["incremental", "regular", "force"];

/** Where a setting is, by its path under `export:` as written in pipeline.yaml (`["airflow", "schedule"]`). */
export type Locate = (path: readonly string[]) => SourceLocation;

/** One target's settings after defaults and the target's own section are applied. */
export interface ResolvedSettings {
  readonly image: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly storage: ExportStorage;
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly operator: "kubernetes" | "bash";
  readonly schedule: string | null;
  readonly dagId: string;
  readonly startDate: string;
  readonly jobQueue: string;
  readonly jobRoleArn?: string;
  readonly platform: "EC2" | "FARGATE";
}

/** One exported step: plait running one task. */
export interface ExportStep {
  /** The plait task's name. */
  readonly task: string;
  /** A name the target accepts (DNS-1123 for Kubernetes, `[A-Za-z0-9_.-]` for Airflow). */
  readonly id: string;
  /** Ids of the exported steps it waits for. */
  readonly after: readonly string[];
  /** Up-to-date upstream tasks (not exported) whose products it reads from the shared storage. */
  readonly reads: readonly string[];
  /** The command, run in the project's folder in the image. */
  readonly argv: readonly string[];
  /** The task's `resources:` (cpus, mem, time, gpus), when given. */
  readonly resources?: TaskResources;
}

/** Everything a target needs to write its files. */
export interface ExportPlan {
  readonly target: ExportTarget;
  readonly mode: ExportMode;
  /** A DNS-1123 name for the pipeline (from the project folder). */
  readonly name: string;
  /** The pipeline file's name in the project (`pipeline.yaml`). */
  readonly pipelineFile: string;
  readonly settings: ResolvedSettings;
  /** Folders (relative to the project) every step shares: `.plait` and each product's top folder. */
  readonly shared: readonly string[];
  /** In a topological order. */
  readonly steps: readonly ExportStep[];
  /** Step ids by dependency layer. */
  readonly layers: readonly (readonly string[])[];
}

/** A file to write, relative to the output folder. */
export interface ExportFile {
  readonly path: string;
  readonly content: string;
  /** Make it executable (scripts). */
  readonly executable?: boolean;
}
