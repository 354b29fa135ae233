/**
 * Helpers for tests against the real local SLURM cluster started by scripts/slurm_start.sh.
 * Tests skip (saying why) when no cluster answers and CI is not set; under CI they run, and fail.
 */
import { build, loadPipeline } from "../../mod.ts";
import type { BuildResult } from "../../mod.ts";

export const REPO = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
export const CLI = `${REPO}/cli.ts`;
const CONF = `${Deno.env.get("PLAIT_SLURM_DIR") ?? "/tmp/plait-slurm"}/etc/slurm.conf`;

if (!Deno.env.get("SLURM_CONF")) {
  try {
    Deno.statSync(CONF);
    Deno.env.set("SLURM_CONF", CONF);
  } catch { /* sbatch falls back to /etc/slurm/slurm.conf */ }
}

async function sh(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    return { ok: r.success, out: new TextDecoder().decode(r.stdout) };
  } catch {
    return { ok: false, out: "" };
  }
}

const up = (await sh("scontrol", ["ping"])).out.includes("UP");
/** True when the tests must not run: no cluster, and not under CI. */
export const SKIP = !up && !Deno.env.get("CI");
if (SKIP) {
  console.log(
    "tests/slurm: SKIPPED - no SLURM cluster answers `scontrol ping` (start one with `bash scripts/slurm_start.sh`; under CI=true these tests run and fail instead)",
  );
}

/** Writes files into a fresh temporary project folder. */
export async function project(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "plait_slurm_" });
  for (const [name, text] of Object.entries(files)) {
    const file = `${dir}/${name}`;
    await Deno.mkdir(file.slice(0, file.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(file, text);
  }
  return dir;
}

/** Builds `dir/pipeline.yaml` in this process. */
export async function buildYaml(
  dir: string,
  opts: { signal?: AbortSignal; force?: boolean } = {},
): Promise<BuildResult> {
  const { pipeline } = await loadPipeline({ entry: `${dir}/pipeline.yaml` });
  return await build(pipeline, { ...opts });
}

/** `squeue`: job id -> [state, node list] for every job in the queue. */
export async function squeue(): Promise<Map<string, [string, string]>> {
  const r = await sh("squeue", ["-h", "-o", "%i %T %N"]);
  const jobs = new Map<string, [string, string]>();
  for (const line of r.out.split("\n")) {
    const [id, state, nodes] = line.trim().split(/\s+/);
    if (id) jobs.set(id, [state, nodes ?? ""]);
  }
  return jobs;
}

/** The jobs a build has recorded in `.plait/slurm/jobs.json` (task -> job id). */
export async function recordedJobs(dir: string): Promise<Record<string, string>> {
  try {
    const jobs = JSON.parse(await Deno.readTextFile(`${dir}/.plait/slurm/jobs.json`));
    return Object.fromEntries(Object.entries(jobs).map(([t, j]) => [t, (j as { jobId: string }).jobId]));
  } catch {
    return {};
  }
}

/** File names in a folder (sorted), or [] when it is missing. */
export async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) names.push(e.name);
  } catch { /* missing */ }
  return names.sort();
}

/** Polls `check` every 100 ms until it returns a value, or throws after `ms`. */
export async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** A percent-format script with a parameters cell, then `body`. */
export function script(params: string, body: string): string {
  return `# %% tags=["parameters"]\nupstream = None\nproduct = None\n${params}\n# %%\n${body}\n`;
}
