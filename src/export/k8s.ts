import { yamlStringify } from "../deps_export.ts";
import { sharedVolume, stepAnnotations, stepContainer } from "./_kube.ts";
import { deadline } from "./resources.ts";
import type { ExportFile, ExportPlan, ExportStep } from "./types.ts";

/** The name of a step's Job. */
export function jobName(plan: ExportPlan, step: ExportStep): string {
  return `${plan.name.slice(0, 63 - step.id.length - 1).replace(/-+$/, "")}-${step.id}`;
}

function jobNameOf(plan: ExportPlan, id: string): string {
  return jobName(plan, plan.steps.find((s) => s.id === id)!);
}

/** A Kubernetes `Job` running one step once (no retries: plait's state says what to re-run). */
export function k8sJob(plan: ExportPlan, step: ExportStep): Record<string, unknown> {
  const s = plan.settings;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: jobName(plan, step),
      ...(s.namespace ? { namespace: s.namespace } : {}),
      labels: { "app.kubernetes.io/managed-by": "plait", "plait.dev/pipeline": plan.name },
      annotations: {
        ...stepAnnotations(plan, step),
        ...(step.after.length
          ? { "plait.dev/after": step.after.map((a) => jobNameOf(plan, a)).join(",") }
          : {}),
      },
    },
    spec: {
      backoffLimit: 0,
      ...(deadline(step.resources) !== undefined ? { activeDeadlineSeconds: deadline(step.resources) } : {}),
      template: {
        metadata: { labels: { "plait.dev/pipeline": plan.name } },
        spec: {
          restartPolicy: "Never",
          ...(s.serviceAccount ? { serviceAccountName: s.serviceAccount } : {}),
          containers: [stepContainer(plan, step)],
          ...(plan.shared.length ? { volumes: [sharedVolume(plan)] } : {}),
        },
      },
    },
  };
}

function applyScript(plan: ExportPlan, files: Map<string, string>): string {
  const ns = plan.settings.namespace ? ` -n ${plan.settings.namespace}` : "";
  const lines = [
    "#!/bin/sh",
    `# Written by \`plait export k8s --mode ${plan.mode}\`: applies the Jobs layer by layer, waiting for`,
    "# each layer to succeed before the next. A failed Job stops it: fix, `kubectl delete job NAME`, run again",
    "# (Jobs that succeeded are kept and not applied again; their tasks are up to date anyway).",
    "set -eu",
    'cd "$(dirname "$0")"',
    'POLL="${PLAIT_POLL_SECONDS:-5}"',
    "wait_job() {",
    "  while :; do",
    `    state=$(kubectl get${ns} job "$1" -o jsonpath='{.status.succeeded}/{.status.failed}')`,
    '    case "$state" in',
    "      [1-9]*/*) return 0 ;;",
    `      */[1-9]*) echo "job $1 failed: kubectl logs${ns} job/$1" >&2; exit 1 ;;`,
    "    esac",
    '    sleep "$POLL"',
    "  done",
    "}",
  ];
  plan.layers.forEach((layer, i) => {
    lines.push(`# layer ${i + 1}`);
    for (const id of layer) lines.push(`kubectl apply${ns} -f ${files.get(id)}`);
    for (const id of layer) lines.push(`wait_job ${jobName(plan, plan.steps.find((s) => s.id === id)!)}`);
  });
  return lines.join("\n") + "\n";
}

/** `jobs/NN-<step>.yaml` (one Job each, numbered in a topological order) and `apply.sh`. */
export function k8sFiles(plan: ExportPlan): ExportFile[] {
  const width = String(plan.steps.length).length;
  const names = new Map<string, string>();
  const files: ExportFile[] = plan.steps.map((step, i) => {
    const path = `jobs/${String(i + 1).padStart(width, "0")}-${step.id}.yaml`;
    names.set(step.id, path);
    const deps = step.after.length ? `# after: ${step.after.join(", ")}\n` : "";
    return { path, content: `# plait task "${step.task}"\n${deps}${yamlStringify(k8sJob(plan, step))}` };
  });
  files.push({ path: "apply.sh", content: applyScript(plan, names), executable: true });
  return files;
}
