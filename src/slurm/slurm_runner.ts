import type { Issue } from "../errors/mod.ts";
import type { Pipeline, Task } from "../graph/mod.ts";
import type { RunContext, Runner, RunResult } from "../scheduler/mod.ts";
import { atomicWrite, sha256Hex, stableJson } from "../util/mod.ts";
import { join } from "../util/path.ts";
import { ACTIVE_STATES, type JobInfo, type SlurmCommands, slurmCommands } from "./commands.ts";
import { fileStem, jobScriptText, sbatchOptions, slurmDir } from "./job_script.ts";
import { followLog, JobRegistry, logTail, resultPath } from "./records.ts";
import { type JobEnd, JobWatcher } from "./watcher.ts";

/** Options for {@link SlurmRunner}. */
export interface SlurmRunnerOptions {
  /** Runs tasks with `resources: { local: true }` (the kernel-pool runner). */
  local: Runner;
  /**
   * The command that runs plait on a node, before its arguments (`deno run --allow-... cli.ts`).
   * The runner appends `_slurm-task NAME -e PIPELINE --result FILE` and `extraArgs`.
   */
  command: readonly string[];
  /** More arguments for the node's plait (`--python`, `--env--key value`). */
  extraArgs?: readonly string[];
  /** Where jobs start (default: this process's working folder). */
  cwd?: string;
  slurm?: SlurmCommands;
  /** Least time between two submissions (default 50 ms: at most 20 sbatch calls a second). */
  submitGapMs?: number;
  /** How often squeue is asked for jobs SLURM ended (default 2000 ms). */
  queueMs?: number;
}

/**
 * Runs each task as one SLURM job whose script runs plait for that one task on the node; notices
 * the job's end from the result record it writes (or from SLURM, for jobs it ended), and returns
 * the task's result as the local runner would. Job ids are kept in `.plait/slurm/jobs.json`, so a
 * build started after a crash adopts jobs still queued or running, and the results of finished ones.
 */
export class SlurmRunner implements Runner {
  readonly #p: Pipeline;
  readonly #o: SlurmRunnerOptions;
  readonly #slurm: SlurmCommands;
  readonly #dir: string;
  readonly #active = new Set<string>();
  readonly #tested = new Map<string, Promise<string | undefined>>();
  #registry: Promise<JobRegistry> | undefined;
  #watcher: JobWatcher | undefined;
  #nextSubmit = 0;

  constructor(pipeline: Pipeline, options: SlurmRunnerOptions) {
    this.#p = pipeline;
    this.#o = options;
    this.#slurm = options.slurm ?? slurmCommands;
    this.#dir = slurmDir(pipeline.root);
  }

  /** The `sbatch` options of a task (the executor's, then its resources). */
  options(task: Task): string[] {
    return sbatchOptions(this.#p.executor.sbatch ?? [], task.resources);
  }

  /**
   * Asks SLURM (`sbatch --test-only`) whether it would accept each distinct set of options of
   * these tasks; returns one located issue per rejected set, before anything is submitted.
   */
  async validate(tasks: readonly Task[]): Promise<Issue[]> {
    const issues: Issue[] = [];
    const seen = new Set<string>();
    for (const t of tasks) {
      if (t.resources?.local) continue;
      const opts = this.options(t);
      const key = opts.join("\0");
      if (seen.has(key)) continue;
      seen.add(key);
      const message = await this.#testOnly(opts);
      if (message) {
        issues.push({
          location: t.location,
          message: `Cannot submit task "${t.name}" to SLURM with ${
            opts.join(" ") || "no options"
          }: ${message}`,
          hint: "fix the task's resources or the executor's sbatch options",
        });
      }
    }
    return issues;
  }

  async run(task: Task, ctx: RunContext): Promise<RunResult> {
    if (task.resources?.local) return await this.#o.local.run(task, ctx);
    if (ctx.signal.aborted) return interrupted("before it was submitted");
    const registry = await this.#open();
    const stem = fileStem(task.name);
    const script = join(this.#dir, "jobs", `${stem}.sh`);
    const text = this.#scriptText(task, stem);
    const key = sha256Hex(stableJson({ text, source: await sourceHash(task), params: task.params }));
    let id = await this.#adoptable(registry, task.name, key, stem);
    if (!id) {
      const rejected = await this.#testOnly(this.options(task));
      if (rejected) return failure(`SLURM rejects the job of task "${task.name}": ${rejected}`);
      await atomicWrite(script, text);
      await this.#rateLimit();
      try {
        id = await this.#slurm.submit(script, this.#o.cwd ?? Deno.cwd());
      } catch (e) {
        return failure(`sbatch refused task "${task.name}": ${(e as Error).message}`);
      }
      await registry.set(task.name, { jobId: id, key, submitted: Date.now() });
    }
    this.#active.add(id);
    const log = join(this.#dir, "logs", `${stem}.${id}.log`);
    const stopFollowing = followLog(log, (text) => ctx.onOutput({ stream: "stdout", text }));
    try {
      const end = await this.#waitEnd(id, resultPath(this.#dir, stem, id), ctx.signal);
      if (!end) return interrupted(`SLURM job ${id} was cancelled`);
      return await this.#outcome(task, id, stem, end);
    } finally {
      await stopFollowing();
      this.#active.delete(id);
      await registry.delete(task.name);
    }
  }

  /** Cancels every job of this build still queued or running, and stops watching. */
  async close(): Promise<void> {
    this.#watcher?.close();
    const ids = [...this.#active];
    this.#active.clear();
    await this.#slurm.cancel(ids);
  }

  #open(): Promise<JobRegistry> {
    this.#registry ??= (async () => {
      await Deno.mkdir(join(this.#dir, "results"), { recursive: true });
      await Deno.mkdir(join(this.#dir, "logs"), { recursive: true });
      this.#watcher = new JobWatcher({
        dir: join(this.#dir, "results"),
        slurm: this.#slurm,
        queueMs: this.#o.queueMs,
      });
      return await JobRegistry.open(this.#dir);
    })();
    return this.#registry;
  }

  #scriptText(task: Task, stem: string): string {
    const result = join(this.#dir, "results", `${stem}.%j.json`);
    return jobScriptText({
      task: task.name,
      options: this.options(task),
      log: join(this.#dir, "logs", `${stem}.%j.log`),
      cwd: this.#o.cwd ?? Deno.cwd(),
      command: [
        ...this.#o.command,
        "_slurm-task",
        task.name,
        "-e",
        this.#p.file,
        "--result",
        result,
        ...(this.#o.extraArgs ?? []),
      ],
    });
  }

  /** A job of an earlier build for this very task: still queued or running, or finished with a record. */
  async #adoptable(
    registry: JobRegistry,
    name: string,
    key: string,
    stem: string,
  ): Promise<string | undefined> {
    const entry = registry.get(name);
    if (!entry) return undefined;
    if (entry.key === key) {
      // The same id could be another job on a cluster whose ids started again: check its name too.
      const info = await this.#slurm.info(entry.jobId);
      if (info && ACTIVE_STATES.has(info.state) && info.name === `plait:${name}`) return entry.jobId;
      try {
        await Deno.stat(resultPath(this.#dir, stem, entry.jobId));
        return entry.jobId;
      } catch { /* no record: submit again */ }
    } else await this.#slurm.cancel([entry.jobId]); // for an older version of the task
    await registry.delete(name);
  }

  async #waitEnd(id: string, path: string, signal: AbortSignal): Promise<JobEnd | undefined> {
    const watcher = this.#watcher!;
    let onAbort = () => {};
    const aborted = new Promise<undefined>((resolve) => {
      onAbort = () => {
        watcher.forget(id);
        void this.#slurm.cancel([id]).then(() => resolve(undefined));
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([watcher.wait(id, path), aborted]);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  async #outcome(task: Task, id: string, stem: string, end: JobEnd): Promise<RunResult> {
    if ("record" in end) return end.record.result;
    const log = join(this.#dir, "logs", `${stem}.${id}.log`);
    const tail = await logTail(log);
    return {
      ok: false,
      failure: {
        message: `SLURM job ${id} of task "${task.name}" ended ${describe(end.gone)} without a result`,
        ename: end.gone?.state ?? "UNKNOWN",
        evalue: `job ${id}; log ${log}`,
        traceback: [`--- last lines of ${log}:`, ...tail],
      },
    };
  }

  #testOnly(opts: string[]): Promise<string | undefined> {
    const key = opts.join("\0");
    let p = this.#tested.get(key);
    if (!p) {
      p = this.#slurm.testOnly(opts, this.#o.cwd ?? Deno.cwd());
      this.#tested.set(key, p);
    }
    return p;
  }

  async #rateLimit(): Promise<void> {
    const gap = this.#o.submitGapMs ?? 50;
    const now = Date.now();
    const at = Math.max(now, this.#nextSubmit);
    this.#nextSubmit = at + gap;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}

function describe(info: JobInfo | undefined): string {
  if (!info) return "(SLURM no longer knows it)";
  const exit = info.exitCode && info.exitCode !== "0:0" ? `, exit code ${info.exitCode}` : "";
  const reason = info.reason && info.reason !== "None" ? `, reason ${info.reason}` : "";
  return `${info.state}${exit}${reason}${info.nodes ? ` on ${info.nodes}` : ""}`;
}

function failure(message: string): RunResult {
  return { ok: false, failure: { message } };
}

function interrupted(what: string): RunResult {
  return { ok: false, failure: { message: `interrupted: ${what}` } };
}

async function sourceHash(task: Task): Promise<string> {
  if (!task.sourcePath) return "";
  try {
    return sha256Hex(await Deno.readFile(task.sourcePath));
  } catch {
    return "";
  }
}
