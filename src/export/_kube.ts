import { kubeResources } from "./resources.ts";
import type { ExportPlan, ExportStep } from "./types.ts";

/** The one volume every step mounts, from the storage settings. */
export function sharedVolume(plan: ExportPlan): Record<string, unknown> {
  const s = plan.settings.storage;
  const base = { name: "shared" };
  if (s.nfs) return { ...base, nfs: { server: s.nfs.server, path: s.nfs.path } };
  if (s.csi) {
    return {
      ...base,
      csi: {
        driver: s.csi.driver,
        ...(s.csi.volumeAttributes ? { volumeAttributes: s.csi.volumeAttributes } : {}),
      },
    };
  }
  if (s.host) return { ...base, hostPath: { path: s.host, type: "DirectoryOrCreate" } };
  return { ...base, persistentVolumeClaim: { claimName: s.claim ?? "plait-shared" } };
}

/** One mount a shared folder, at its place in the project (`/project/output` <- `output` on the volume). */
export function sharedMounts(plan: ExportPlan): { name: string; mountPath: string; subPath: string }[] {
  return plan.shared.map((d) => ({ name: "shared", mountPath: `${plan.settings.workdir}/${d}`, subPath: d }));
}

/** Labels and annotations saying which plait task a step runs and what it reads. */
export function stepAnnotations(plan: ExportPlan, step: ExportStep): Record<string, string> {
  const a: Record<string, string> = { "plait.dev/task": step.task, "plait.dev/mode": plan.mode };
  if (step.reads.length) a["plait.dev/reads-upstream"] = step.reads.join(",");
  return a;
}

/** A Kubernetes container running one step. */
export function stepContainer(plan: ExportPlan, step: ExportStep): Record<string, unknown> {
  const env = Object.entries(plan.settings.env).map(([name, value]) => ({ name, value }));
  const resources = kubeResources(step.resources);
  return {
    name: "plait",
    image: plan.settings.image,
    command: [step.argv[0]],
    args: step.argv.slice(1),
    workingDir: plan.settings.workdir,
    ...(env.length ? { env } : {}),
    ...(resources ? { resources } : {}),
    ...(plan.shared.length ? { volumeMounts: sharedMounts(plan) } : {}),
  };
}
