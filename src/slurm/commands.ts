/** The SLURM client commands plait uses (sbatch, squeue, scontrol, scancel), as plain functions. */
import { RuntimeError } from "../errors/mod.ts";

/** What a finished `scontrol show job` says about a job. */
export interface JobInfo {
  state: string;
  /** The job's name (plait names its jobs `plait:TASK`). */
  name?: string;
  exitCode?: string;
  reason?: string;
  nodes?: string;
}

/** The SLURM commands a {@link SlurmRunner} calls; replaceable for tests. */
export interface SlurmCommands {
  /** Submits a batch script; resolves to the job id, or rejects with sbatch's own message. */
  submit(script: string, cwd: string): Promise<string>;
  /** `sbatch --test-only`: undefined when SLURM would accept these options, else its message. */
  testOnly(options: readonly string[], cwd: string): Promise<string | undefined>;
  /** States of those of `ids` still in the queue (pending, running, completing, ...). */
  queued(ids: readonly string[]): Promise<Map<string, string>>;
  /** `scontrol show job`: undefined once SLURM has forgotten the job. */
  info(id: string): Promise<JobInfo | undefined>;
  /** `scancel`; never throws. */
  cancel(ids: readonly string[]): Promise<void>;
}

async function exec(cmd: string, args: readonly string[], cwd?: string) {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(cmd, { args: [...args], cwd, stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new RuntimeError({
      message: `Cannot run "${cmd}": it is not on PATH`,
      hint: "executor: slurm needs SLURM's commands (sbatch, squeue, scontrol, scancel) where the build runs",
    });
  }
  const dec = new TextDecoder();
  return { ok: out.success, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr).trim() };
}

/** sbatch's message without the `sbatch: error:` prefixes, one line. */
function slurmMessage(stderr: string): string {
  return stderr.split("\n").map((l) => l.replace(/^(sbatch|squeue|scontrol): error: /, "").trim())
    .filter((l) => l && !/^sbatch: Job \d+ to start/.test(l)).join("; ");
}

async function submit(script: string, cwd: string): Promise<string> {
  const r = await exec("sbatch", ["--parsable", script], cwd);
  const id = r.stdout.trim().split(";")[0];
  if (!r.ok || !/^\d+/.test(id)) throw new Error(slurmMessage(r.stderr) || `sbatch exited without a job id`);
  return id;
}

async function testOnly(options: readonly string[], cwd: string): Promise<string | undefined> {
  const r = await exec("sbatch", ["--test-only", ...options, "--wrap", "true"], cwd);
  return r.ok ? undefined : slurmMessage(r.stderr) || "sbatch --test-only failed";
}

async function queued(ids: readonly string[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  if (!ids.length) return states;
  // Text output: `squeue --json` ignores --jobs in SLURM 22.05.
  const r = await exec("squeue", ["-h", "-o", "%i %T", `--jobs=${ids.join(",")}`]);
  if (!r.ok && !/Invalid job id/i.test(r.stderr)) throw new Error(slurmMessage(r.stderr) || "squeue failed");
  for (const line of r.stdout.split("\n")) {
    const [id, state] = line.trim().split(/\s+/);
    if (id && state) states.set(id, state);
  }
  return states;
}

async function info(id: string): Promise<JobInfo | undefined> {
  const r = await exec("scontrol", ["show", "job", "-o", id]);
  if (!r.ok) return undefined;
  const field = (k: string) => r.stdout.match(new RegExp(`(?:^|\\s)${k}=(\\S*)`))?.[1];
  const state = field("JobState");
  if (!state) return undefined;
  const name = r.stdout.match(/(?:^|\s)JobName=(.*?) UserId=/)?.[1];
  return { state, name, exitCode: field("ExitCode"), reason: field("Reason"), nodes: field("NodeList") };
}

async function cancel(ids: readonly string[]): Promise<void> {
  if (ids.length) await exec("scancel", [...ids]).catch(() => {});
}

/** The real commands, found on PATH. */
export const slurmCommands: SlurmCommands = { submit, testOnly, queued, info, cancel };

/** States in which a job is still queued or running (anything else in squeue is on its way out). */
export const ACTIVE_STATES = new Set([
  "PENDING",
  "RUNNING",
  "CONFIGURING",
  "COMPLETING",
  "SUSPENDED",
  "REQUEUED",
  "RESIZING",
  "SIGNALING",
  "STAGE_OUT",
]);
