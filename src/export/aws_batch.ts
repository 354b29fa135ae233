import { sh } from "./_quote.ts";
import { batchResources, deadline } from "./resources.ts";
import type { ExportFile, ExportPlan, ExportStep } from "./types.ts";

function volumes(plan: ExportPlan): { volumes: unknown[]; mountPoints: unknown[] } {
  const s = plan.settings.storage;
  const volumes = plan.shared.map((d, i) => {
    const name = `shared-${i}`;
    if (s.efs) {
      const root = `${(s.efs.rootDirectory ?? "/").replace(/\/+$/, "")}/${d}`;
      return {
        name,
        efsVolumeConfiguration: {
          fileSystemId: s.efs.fileSystemId,
          rootDirectory: root,
          transitEncryption: "ENABLED",
        },
      };
    }
    return { name, host: { sourcePath: `${(s.host ?? "").replace(/\/+$/, "")}/${d}` } };
  });
  const mountPoints = plan.shared.map((d, i) => ({
    sourceVolume: `shared-${i}`,
    containerPath: `${plan.settings.workdir}/${d}`,
    readOnly: false,
  }));
  return { volumes, mountPoints };
}

/** The job definition's name for a step. */
export function jobDefinitionName(plan: ExportPlan, step: ExportStep): string {
  return `${plan.name}-${step.id}`.slice(0, 128);
}

/** A `RegisterJobDefinition` request for one step: a container job running plait for that task. */
export function batchJobDefinition(plan: ExportPlan, step: ExportStep): Record<string, unknown> {
  const s = plan.settings;
  const environment = Object.entries(s.env).map(([name, value]) => ({ name, value }));
  const seconds = deadline(step.resources);
  return {
    jobDefinitionName: jobDefinitionName(plan, step),
    type: "container",
    platformCapabilities: [s.platform],
    retryStrategy: { attempts: 1 },
    tags: { "plait.dev/task": step.task, "plait.dev/mode": plan.mode },
    ...(seconds !== undefined ? { timeout: { attemptDurationSeconds: Math.max(60, seconds) } } : {}),
    containerProperties: {
      image: s.image,
      command: [...step.argv],
      ...(s.jobRoleArn ? { jobRoleArn: s.jobRoleArn } : {}),
      resourceRequirements: batchResources(step.resources),
      ...(environment.length ? { environment } : {}),
      ...volumes(plan),
    },
  };
}

function submitScript(plan: ExportPlan): string {
  const v = new Map(plan.steps.map((s, i) => [s.id, `job_${i}`]));
  const lines = [
    "#!/bin/sh",
    `# Written by \`plait export aws-batch --mode ${plan.mode}\`: registers one job definition a step, then`,
    "# submits the jobs in a topological order, each with --depends-on the jobs it needs.",
    "set -eu",
    'cd "$(dirname "$0")"',
    `QUEUE="\${PLAIT_JOB_QUEUE:-${plan.settings.jobQueue}}"`,
    "for f in job-definitions/*.json; do",
    '  aws batch register-job-definition --cli-input-json "file://$f" >/dev/null',
    "done",
  ];
  for (const step of plan.steps) {
    const deps = step.after.length
      ? ` --depends-on ${step.after.map((a) => `jobId="$${v.get(a)}"`).join(" ")}`
      : "";
    lines.push(
      `${v.get(step.id)}=$(aws batch submit-job --job-name ${
        sh(step.id)
      } --job-queue "$QUEUE" --job-definition ${
        sh(jobDefinitionName(plan, step))
      }${deps} --query jobId --output text)`,
      `echo "submitted ${step.task}: $${v.get(step.id)}"`,
    );
  }
  return lines.join("\n") + "\n";
}

/** `job-definitions/<step>.json` (RegisterJobDefinition requests) and `submit.sh`. */
export function awsBatchFiles(plan: ExportPlan): ExportFile[] {
  const files: ExportFile[] = plan.steps.map((step) => ({
    path: `job-definitions/${step.id}.json`,
    content: JSON.stringify(batchJobDefinition(plan, step), null, 2) + "\n",
  }));
  files.push({ path: "submit.sh", content: submitScript(plan), executable: true });
  return files;
}
