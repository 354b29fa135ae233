import { formatIssue, PlaitError, UsageError } from "../errors/mod.ts";
import { TaskRunner } from "../engine/mod.ts";
import { startKernel } from "../kernel/mod.ts";
import type { RunResult } from "../scheduler/mod.ts";
import { writeResult } from "../slurm/mod.ts";
import { type CliContext, load, out } from "./common.ts";

/** Flags of the internal `_slurm-task` command. */
export interface SlurmTaskFlags {
  entry?: string;
  /** Where to write the result record; `%j` is replaced by the job id. */
  result: string;
  python?: string;
}

/**
 * `_slurm-task NAME --result FILE` (internal: what a SLURM job runs): runs exactly that one task in a
 * fresh kernel, without deciding or locking the project (the build on the login node does that),
 * writes its products and executed notebook, then its result record, atomically. A task failure is
 * a result too; only SLURM ending the job (time limit, memory, cancel) leaves no record.
 */
export async function runSlurmTask(ctx: CliContext, name: string, flags: SlurmTaskFlags): Promise<number> {
  const jobId = Deno.env.get("SLURM_JOB_ID") ?? "local";
  const started = Math.round(performance.timeOrigin);
  let result: RunResult;
  try {
    result = await runOne(ctx, name, flags);
  } catch (e) {
    const message = e instanceof PlaitError ? e.issues.map(formatIssue).join("\n") : String(e);
    result = { ok: false, failure: { message: `Cannot run task "${name}" on the node: ${message}` } };
  }
  if (!result.ok) out.error(`task "${name}" failed: ${result.failure.message}`);
  await writeResult(flags.result.replaceAll("%j", jobId), {
    task: name,
    jobId,
    result,
    node: Deno.env.get("SLURMD_NODENAME"),
    started,
    ended: Date.now(),
  });
  return result.ok ? 0 : 1;
}

async function runOne(ctx: CliContext, name: string, flags: SlurmTaskFlags): Promise<RunResult> {
  const { pipeline } = await load(ctx, flags.entry);
  const task = pipeline.tasks.get(name);
  if (!task) throw new UsageError({ message: `Cannot find task "${name}" in ${pipeline.file}` });
  const env = { PYTHONPATH: [pipeline.root, Deno.env.get("PYTHONPATH")].filter(Boolean).join(":") };
  const runner = new TaskRunner(pipeline, {
    acquire: (_signal, kernelName) =>
      startKernel({ cwd: pipeline.root, python: flags.python, kernelName: kernelName ?? task.kernel, env }),
  });
  try {
    return await runner.run(task, {
      signal: new AbortController().signal,
      onOutput: (o) =>
        (o.stream === "stderr" ? Deno.stderr : Deno.stdout).writeSync(new TextEncoder().encode(o.text)),
    });
  } finally {
    await runner.drain();
  }
}
