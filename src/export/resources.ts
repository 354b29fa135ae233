import type { TaskResources } from "../graph/mod.ts";

/** SLURM's memory (`16G`, `500M`, `1.5GB`; a bare number is MB) in MiB, or undefined when unreadable. */
export function memMiB(mem: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)B?$/i.exec(mem.trim());
  if (!m) return undefined;
  const scale: Record<string, number> = { K: 1 / 1024, "": 1, M: 1, G: 1024, T: 1024 * 1024 };
  return Math.ceil(Number(m[1]) * scale[m[2].toUpperCase()]);
}

/** SLURM's time limit (`M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`) in seconds. */
export function timeSeconds(time: string): number | undefined {
  const [d, rest] = time.includes("-") ? time.split("-") : [undefined, time];
  const parts = rest.split(":").map(Number);
  if (parts.some(Number.isNaN) || (d !== undefined && Number.isNaN(Number(d)))) return undefined;
  let s: number;
  if (d !== undefined) {
    const [h = 0, m = 0, sec = 0] = parts;
    s = Number(d) * 86400 + h * 3600 + m * 60 + sec;
  } else if (parts.length === 1) s = parts[0] * 60;
  else if (parts.length === 2) s = parts[0] * 60 + parts[1];
  else s = parts[0] * 3600 + parts[1] * 60 + parts[2];
  return s;
}

/** A Kubernetes container's `resources` (requests, and limits for memory and GPUs), or undefined. */
export function kubeResources(r: TaskResources | undefined): Record<string, unknown> | undefined {
  if (!r) return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (r.cpus !== undefined) requests.cpu = String(r.cpus);
  const mib = r.mem === undefined ? undefined : memMiB(r.mem);
  if (mib !== undefined) requests.memory = limits.memory = `${mib}Mi`;
  if (r.gpus) limits["nvidia.com/gpu"] = String(r.gpus);
  const out: Record<string, unknown> = {};
  if (Object.keys(requests).length) out.requests = requests;
  if (Object.keys(limits).length) out.limits = limits;
  return Object.keys(out).length ? out : undefined;
}

/** Seconds a step may run (`activeDeadlineSeconds`, Batch's timeout), from `resources.time`. */
export function deadline(r: TaskResources | undefined): number | undefined {
  return r?.time === undefined ? undefined : timeSeconds(r.time);
}

/** Batch's `resourceRequirements`: VCPU and MEMORY (MiB) always (Batch needs both), GPU when asked. */
export function batchResources(r: TaskResources | undefined): { type: string; value: string }[] {
  const mib = r?.mem === undefined ? undefined : memMiB(r.mem);
  const out = [
    { type: "VCPU", value: String(r?.cpus ?? 1) },
    { type: "MEMORY", value: String(mib ?? 2048) },
  ];
  if (r?.gpus) out.push({ type: "GPU", value: String(r.gpus) });
  return out;
}
