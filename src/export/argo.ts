import { yamlStringify } from "../deps_export.ts";
import { sharedVolume, stepAnnotations, stepContainer } from "./_kube.ts";
import { deadline } from "./resources.ts";
import type { ExportFile, ExportPlan } from "./types.ts";

/**
 * An Argo `Workflow`: a DAG template with one task a step (`dependencies` from the graph), each
 * running its own container template, every step mounting the shared folders.
 */
export function argoWorkflow(plan: ExportPlan): Record<string, unknown> {
  const s = plan.settings;
  const tasks = plan.steps.map((step) => ({
    name: step.id,
    template: `t-${step.id}`,
    ...(step.after.length ? { dependencies: [...step.after] } : {}),
  }));
  const templates = plan.steps.map((step) => {
    const seconds = deadline(step.resources);
    return {
      name: `t-${step.id}`,
      metadata: { annotations: stepAnnotations(plan, step) },
      ...(seconds !== undefined ? { activeDeadlineSeconds: seconds } : {}),
      container: stepContainer(plan, step),
    };
  });
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      generateName: `${plan.name}-`,
      ...(s.namespace ? { namespace: s.namespace } : {}),
      labels: { "app.kubernetes.io/managed-by": "plait" },
      annotations: { "plait.dev/mode": plan.mode, "plait.dev/pipeline": plan.pipelineFile },
    },
    spec: {
      entrypoint: "dag",
      ...(s.serviceAccount ? { serviceAccountName: s.serviceAccount } : {}),
      ...(plan.shared.length ? { volumes: [sharedVolume(plan)] } : {}),
      templates: [{ name: "dag", dag: { tasks } }, ...templates],
    },
  };
}

/** `argo.yaml`: submit with `argo submit argo.yaml` (or `kubectl create -f`). */
export function argoFiles(plan: ExportPlan): ExportFile[] {
  const head = `# Written by \`plait export argo --mode ${plan.mode}\`. Submit: argo submit argo.yaml\n`;
  return [{ path: "argo.yaml", content: head + yamlStringify(argoWorkflow(plan)) }];
}
