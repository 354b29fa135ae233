import { type Issue, SpecError } from "../errors/mod.ts";
import { type Pipeline, productPaths } from "../graph/mod.ts";
import { sha256Hex } from "../util/mod.ts";
import { basename, isAbsolute, normalize, relative } from "../util/path.ts";
import { dnsLabel } from "./settings.ts";
import type { ExportMode, ExportPlan, ExportStep, ExportTarget, ResolvedSettings } from "./types.ts";

/** Batch accepts at most this many `--depends-on` jobs a job. */
export const MAX_DEPENDS_ON = 20;

/** Where plait is inside the image the Dockerfile builds. */
export const PLAIT_HOME = "/opt/plait";

/** Options for {@link makePlan}. */
export interface PlanOptions {
  readonly target: ExportTarget;
  readonly mode: ExportMode;
  readonly settings: ResolvedSettings;
  /** Tasks outdated now (from `status`); what `incremental` exports. */
  readonly outdated: ReadonlySet<string>;
  /** `--env--key value` overrides the export was made with; every step gets the same. */
  readonly envOverrides?: Readonly<Record<string, string>>;
}

/** A step id the target accepts; a name that had to change gets a short hash, so ids stay distinct. */
export function stepId(target: ExportTarget, name: string): string {
  const suffix = () => `-${sha256Hex(name).slice(0, 6)}`;
  if (target === "airflow") {
    const id = name.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 200);
    return id === name ? id : id + suffix();
  }
  if (target === "aws-batch") {
    const id = name.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 100);
    return id === name ? id : id + suffix();
  }
  const id = dnsLabel(name, 45);
  return id === name ? id : id + suffix();
}

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-run", "--allow-env", "--allow-net=127.0.0.1"];

/**
 * The command a step runs, in the project's folder: plait builds this one task and never its
 * upstream; `regular` skips it when up to date, `force` forces it. `--no-lock` because other steps
 * of the same project run at the same time on the shared storage. A pipeline.yaml runs with the
 * image's plait; a pipeline.ts runs itself (its `.main(import.meta)`), with the plait it imports.
 */
export function stepArgv(
  task: string,
  pipelineFile: string,
  options: { force: boolean; envOverrides?: Readonly<Record<string, string>> },
): string[] {
  const plait = pipelineFile.endsWith(".ts")
    ? [...PERMISSIONS, "--allow-import", pipelineFile]
    : [`--config=${PLAIT_HOME}/deno.json`, ...PERMISSIONS, `${PLAIT_HOME}/cli.ts`];
  const entry = pipelineFile.endsWith(".ts") ? [] : ["-e", pipelineFile];
  const env = Object.entries(options.envOverrides ?? {}).map(([k, v]) =>
    `--env--${k.replaceAll(".", "--")}=${v}`
  );
  return [
    "deno",
    "run",
    ...plait,
    "task",
    task,
    "--no-lock",
    ...entry,
    ...(options.force ? ["--force"] : []),
    ...env,
  ];
}

/**
 * The folders every step shares: `.plait` (state) and the top folder of every product. A product
 * that is absolute, outside the project, or in its top folder cannot be shared by mounting a
 * folder, and is a located error.
 */
export function sharedFolders(pipeline: Pipeline): string[] {
  const dirs = new Set([".plait"]);
  const issues: Issue[] = [];
  for (const task of pipeline.tasks.values()) {
    for (const p of productPaths(task.product)) {
      const n = normalize(p);
      const cannot = `Cannot export task "${task.name}": its product "${p}"`;
      if (isAbsolute(n) || n.startsWith("..")) {
        issues.push({
          location: task.location,
          message: `${cannot} is outside the project, where exported steps cannot share it`,
          hint: "give a path relative to the pipeline's folder, such as output/...",
        });
      } else if (!n.includes("/")) {
        issues.push({
          location: task.location,
          message: `${cannot} is in the project's top folder; steps share folders, not single files`,
          hint: `put it in a folder, e.g. output/${n}`,
        });
      } else dirs.add(n.split("/")[0]);
    }
  }
  for (const task of pipeline.tasks.values()) {
    const src = task.sourcePath && normalize(relative(pipeline.root, task.sourcePath));
    const top = src?.split("/")[0];
    if (src?.includes("/") && top && dirs.has(top)) {
      issues.push({
        location: task.location,
        message: `Cannot export task "${task.name}": its source ${src} is in "${top}/", a product folder`,
        hint: `exported steps mount "${top}/" from the shared storage, hiding the sources in the image; ` +
          "keep products and sources in separate folders",
      });
    }
  }
  if (issues.length) throw new SpecError(issues);
  return [...dirs].sort();
}

/** Batch takes at most {@link MAX_DEPENDS_ON} dependencies a job. */
function checkBatch(pipeline: Pipeline, steps: readonly ExportStep[]): void {
  const issues: Issue[] = steps.filter((s) => s.after.length > MAX_DEPENDS_ON).map((s) => ({
    location: pipeline.tasks.get(s.task)!.location,
    message: `Cannot export task "${s.task}" to aws-batch: it waits for ${s.after.length} jobs, ` +
      `and a Batch job can depend on at most ${MAX_DEPENDS_ON}`,
    hint: "let it read a task that gathers its upstream (say, a small merge task), or use argo or k8s",
  }));
  if (issues.length) throw new SpecError(issues);
}

/** What to export: the steps (one a task), their order and wiring, with resolved settings. */
export function makePlan(pipeline: Pipeline, options: PlanOptions): ExportPlan {
  const { target, mode, settings } = options;
  const chosen = new Set(
    mode === "incremental" ? pipeline.order.filter((n) => options.outdated.has(n)) : pipeline.order,
  );
  const bash = target === "airflow" && settings.operator === "bash";
  const shared = bash ? [] : sharedFolders(pipeline);
  const id = (n: string) => stepId(target, n);
  const pipelineFile = basename(pipeline.file);
  const steps: ExportStep[] = [...chosen].map((name) => {
    const task = pipeline.tasks.get(name)!;
    return {
      task: name,
      id: id(name),
      after: task.upstream.filter((u) => chosen.has(u)).map(id),
      reads: task.upstream.filter((u) => !chosen.has(u)),
      argv: stepArgv(name, pipelineFile, { force: mode === "force", envOverrides: options.envOverrides }),
      resources: task.resources,
    };
  });
  if (target === "aws-batch") checkBatch(pipeline, steps);
  const layers = pipeline.layers.map((l) => l.filter((n) => chosen.has(n)).map(id)).filter((l) => l.length);
  return {
    target,
    mode,
    name: dnsLabel(basename(pipeline.root), 40),
    pipelineFile,
    settings,
    shared,
    steps,
    layers,
  };
}
