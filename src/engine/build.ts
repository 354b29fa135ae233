import { acquireLock, StateStore } from "../cache/mod.ts";
import { type Issue, SpecError } from "../errors/mod.ts";
import type { Pipeline, Task } from "../graph/mod.ts";
import { KernelPool, type KernelTemplate, resolveKernelSpec } from "../kernel/mod.ts";
import {
  type BuildEvent,
  type BuildSummary,
  type Runner,
  runSchedule,
  selectPartial,
  type TaskOutput,
} from "../scheduler/mod.ts";
import { nodeCommand, SlurmRunner } from "../slurm/mod.ts";
import { evaluateComputedParams } from "./computed_params.ts";
import { CacheDecider } from "./decider.ts";
import { type DebugKernel, KernelKeeper } from "./debug_kernel.ts";
import { EarlyStop } from "./early_stop.ts";
import { runPipelineHooks, runRenderHooks } from "./pipeline_hooks.ts";
import { ploomberCompat } from "./ploomber_compat.ts";
import { TaskRunner } from "./task_runner.ts";

/** Options for {@link build}. */
export interface BuildOptions {
  /** Re-run tasks whatever their state. */
  force?: boolean;
  /** Build only tasks matching this name or glob (and their upstream, unless `skipUpstream`). */
  partially?: string;
  /** With `partially`: build only the matching tasks, not their upstream. */
  skipUpstream?: boolean;
  /** Most tasks at once; default from the pipeline's executor (parallel: the number of cores). */
  jobs?: number;
  /** Python interpreter for kernels instead of the kernelspec's. */
  python?: string;
  /** Ctrl-C. */
  signal?: AbortSignal;
  /** Hears every build event (progress views, reports). */
  onEvent?: (event: BuildEvent) => void;
  /** The command shown to a second build that finds the lock taken. */
  command?: string;
  /**
   * Most characters of output a cell keeps in its notebook and in memory (default 10 MB: the first
   * and the last 5 MB, a note between); 0 keeps everything.
   */
  outputLimit?: number;
  /**
   * `--debug`: the kernel of the first Python task that fails is kept alive, with its state, and
   * handed to this callback once the build is done; it is shut down when the callback settles.
   */
  debug?: (kept: DebugKernel) => Promise<void>;
  /**
   * Take the project lock and compact the state at the end (default true). False for one step of an
   * exported workflow, while other steps build other tasks of the project on the same storage: each
   * success is still one appended journal line, and the next locked build compacts them.
   */
  lock?: boolean;
  /**
   * A kernel template started while the pipeline loaded: the pool of the pipeline's kernel adopts it
   * when it asks for the same kernel and python. The caller closes it after the build. (The CLI's
   * own start-up optimisation, not part of the public API.)
   *
   * @ignore
   */
  kernelTemplate?: KernelTemplate;
  /** `executor: slurm`: more arguments for plait on the nodes (e.g. `--env--key value`). */
  nodeArgs?: string[];
}

/** What a build did, plus warnings (e.g. an unreadable state file, a failing pipeline hook). */
export interface BuildResult {
  /** What each task did. */
  summary: BuildSummary;
  /** Problems that did not stop the build (unreadable state, preload failures). */
  warnings: Issue[];
}

/** Workers for a pipeline: `-j`, else the executor's (parallel: one per core). */
export function jobsFor(pipeline: Pipeline, jobs?: number): number {
  if (jobs) return jobs;
  if (pipeline.executor.kind === "serial") return 1;
  return pipeline.executor.jobs ?? navigator.hardwareConcurrency ?? 2;
}

/** The interpreter identity that goes into every Python task's fingerprint: the kernel's launch command. */
export async function interpreterIdentity(pipeline: Pipeline, python?: string): Promise<string> {
  const spec = await resolveKernelSpec({ python, kernelName: pipeline.options.kernel ?? "python3" });
  return spec.argv.join(" ");
}

/** Each task's last recorded run time, for the progress ETA. */
function lastDurations(store: StateStore, tasks: readonly Task[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tasks) {
    const d = store.get(t.name)?.durationS;
    if (typeof d === "number") out[t.name] = d;
  }
  return out;
}

function slurmRunner(pipeline: Pipeline, local: TaskRunner, opts: BuildOptions): SlurmRunner {
  const python = opts.python ? ["--python", opts.python] : [];
  return new SlurmRunner(pipeline, {
    local,
    command: nodeCommand(),
    extraArgs: [...python, ...(opts.nodeArgs ?? [])],
  });
}

/** The tasks a build considers: `--partially` ones (and their upstream), else all. */
function selection(pipeline: Pipeline, opts: BuildOptions): Set<string> | undefined {
  return opts.partially ? selectPartial(pipeline, opts.partially, opts.skipUpstream) : undefined;
}

/**
 * Builds a loaded pipeline: takes the project lock, decides each task by content, runs what must
 * run in fresh kernels (forked from a warm template), records successes atomically, and returns
 * the summary. Kernels are started only if some Python task has to run.
 */
export async function build(pipeline: Pipeline, opts: BuildOptions = {}): Promise<BuildResult> {
  const locked = opts.lock !== false;
  await using _lock = locked
    ? await acquireLock(pipeline.root, { command: opts.command ?? "build" })
    : undefined;
  const store = await StateStore.open(pipeline.root);
  const jobs = jobsFor(pipeline, opts.jobs);
  const onSlurm = pipeline.executor.kind === "slurm";
  const cores = navigator.hardwareConcurrency ?? 2;
  const kernelName = pipeline.options.kernel ?? "python3";
  // Project code may `import ploomber`: without the real one, plait's compatibility package stands in
  // (put on the kernels' path once, in the fork server's template).
  await using compat = await ploomberCompat();
  // One pool a kernel name, started at the first task that needs it.
  const pools = new Map<string, KernelPool>();
  // Kernels each pool will hand out at most (set below, before any pool starts): no spare beyond them.
  const expected = new Map<string, number>();
  const poolFor = (name: string) => {
    let pool = pools.get(name);
    if (!pool) {
      pool = new KernelPool({
        cwd: pipeline.root,
        python: opts.python,
        kernelName: name,
        // Two spare kernels warming up while tasks run: a chain then rarely waits for a fork.
        size: (onSlurm ? Math.min(jobs, cores) : jobs) + 2,
        expected: expected.get(name),
        preload: [...(pipeline.options.preload ?? [])],
        env: { PYTHONPATH: [pipeline.root, Deno.env.get("PYTHONPATH")].filter(Boolean).join(":") },
        pathFallbacks: [{ module: "ploomber", dir: compat.dir }],
        template: opts.kernelTemplate,
        interactive: !!opts.debug, // a person attaches to a kept kernel: the debugger and completions too
      });
      pools.set(name, pool);
    }
    return pool;
  };
  const kernels = {
    acquire: (signal?: AbortSignal, name = kernelName) => poolFor(name).acquire(signal),
    warm: (name = kernelName) => void poolFor(name),
  };
  const chosen = selection(pipeline, opts);
  // Computed params are called once, in one Python process, before anything is decided: their
  // values are part of the fingerprints and are what the injected cells show.
  pipeline = await evaluateComputedParams(pipeline, {
    python: opts.python,
    tasks: [...(chosen ?? pipeline.order)].map((n) => pipeline.tasks.get(n)!),
  });
  const selected = [...(chosen ?? pipeline.order)].map((n) => pipeline.tasks.get(n)!);
  // A Python task that never succeeded will run: start its kernels now, while the others are decided.
  const mayRun = selected.filter((t) => opts.force || store.state(t.name)?.status !== "ok");
  const early = new EarlyStop();
  const keeper = opts.debug ? new KernelKeeper() : undefined;
  const local = new TaskRunner(pipeline, kernels, {
    onStop: (task, where) => early.stop(where, task),
    outputLimit: opts.outputLimit,
    keeper,
  });
  const slurm = onSlurm ? slurmRunner(pipeline, local, opts) : undefined;
  // SLURM is asked up front whether it takes each task's options, so mistakes are located errors.
  const rejected = await slurm?.validate(mayRun);
  if (rejected?.length) throw new SpecError(rejected);
  const runner: Runner = slurm ?? local;
  // Before any kernel is warmed: a kernelspec that cannot be resolved then fails the build with no pool open.
  const interpreter = await interpreterIdentity(pipeline, opts.python);
  // an upper bound: every selected task, whether it runs or not is decided later
  for (const [name, n] of kernelsNeeded(pipeline, selected, onSlurm)) expected.set(name, n);
  for (const t of mayRun) {
    if (t.kind !== "typescript" && (!onSlurm || t.resources?.local)) kernels.warm(t.kernel);
  }
  // No task that will surely run needs the default kernel: an early template would idle until the end.
  if (!pools.has(kernelName)) void opts.kernelTemplate?.close();
  const hookOptions = {
    acquire: () => kernels.acquire(opts.signal),
    onOutput: (name: string, output: TaskOutput) => opts.onEvent?.({ type: "task-output", name, output }),
  };
  const decider = new CacheDecider(pipeline, store, { force: opts.force, interpreter, signal: opts.signal });
  // A task is marked as started only when it really starts, not when it is decided.
  const starting: Runner = {
    run: async (task, ctx) => {
      await decider.started(task);
      await _lock?.setRunning(task.name, true);
      try {
        return await runner.run(task, ctx);
      } finally {
        void _lock?.setRunning(task.name, false);
      }
    },
  };
  const warming = decider.warm(selected);
  let ran = true;
  try {
    const render = await runRenderHooks(pipeline, selected, hookOptions);
    if (render.stop || render.errors.length) early.stop(render.stop ?? "a failing on_render hook");
    let summary = await runSchedule(pipeline, {
      jobs,
      runner: starting,
      decider: early.decider(decider),
      selection: chosen,
      signal: opts.signal,
      stop: early.signal,
      onEvent: opts.onEvent,
      estimates: lastDurations(store, selected),
    });
    ran = summary.tasks.some((t) => t.outcome !== "up-to-date");
    const warnings: Issue[] = store.warnings.map((message) => ({ message }));
    for (const pool of pools.values()) {
      for (const [name, error] of Object.entries(await pool.preloadFailures())) {
        warnings.push({
          message: `Cannot preload "${name}" in the kernel template (${error})`,
          hint:
            `check the name under "preload", or install it for the kernel's Python; tasks import it themselves meanwhile`,
        });
      }
    }
    const hooks = await runPipelineHooks(pipeline, summary, hookOptions);
    if (keeper && opts.debug) await keeper.hold(opts.debug);
    await local.drain();
    if (local.droppedMessages) warnings.push(droppedWarning(local.droppedMessages));
    const errors = [...render.errors, ...hooks.errors];
    // Stopped on purpose by a hook: not a failure, as in Ploomber (a failing on_render hook is one).
    const stoppedEarly = render.errors.length ? undefined : hooks.stop ?? summary.stoppedEarly;
    if (stoppedEarly) summary = { ...summary, ok: true, stoppedEarly };
    if (errors.length) summary = { ...summary, ok: false, stoppedEarly };
    return { summary, warnings: [...warnings, ...errors.map((message) => ({ message }))] };
  } finally {
    await keeper?.release();
    await slurm?.close();
    await warming;
    await decider.flush();
    await local.drain();
    await Promise.all([...pools.values()].map((p) => p.close()));
    // A build that ran nothing changed no state: leave state.json as it is (a journal, if any, stays valid).
    if (ran && locked) await store.compact();
  }
}

/**
 * The most kernels of each name a build of `tasks` may acquire: one a Python task run here, one a
 * TypeScript task with hooks, and two for the pipeline's own hooks (render; finish or failure). Tasks
 * found up to date, or hooks that reuse a task's kernel, make it fewer; a kernel asked beyond it is
 * still given, started then.
 */
function kernelsNeeded(pipeline: Pipeline, tasks: readonly Task[], onSlurm: boolean): Map<string, number> {
  const byName = new Map<string, number>();
  const add = (name: string | undefined, n: number) => {
    const key = name ?? pipeline.options.kernel ?? "python3";
    byName.set(key, (byName.get(key) ?? 0) + n);
  };
  for (const t of tasks) {
    if (onSlurm && !t.resources?.local && t.kind !== "typescript") continue;
    if (t.kind !== "typescript" || t.onFinish.length || t.onFailure.length) add(t.kernel, 1);
  }
  const o = pipeline.options;
  const hooks = [o.onRender, o.onFinish, o.onFailure].some((h) => h && [h].flat().length) ||
    tasks.some((t) => t.onRender?.length);
  if (hooks) add(undefined, 2);
  return byName;
}

/** Kernel messages with a wrong signature were ignored: someone else wrote to a kernel's socket. */
function droppedWarning(count: number): Issue {
  return {
    message: `Ignored ${count} kernel message${count === 1 ? "" : "s"} with a bad signature ` +
      `(sent by a process that does not hold the kernel's key)`,
    hint: "another process on this machine connected to a kernel's ports; PLAIT_KERNEL_TRANSPORT=ipc " +
      "keeps kernel traffic in Unix sockets only you can reach (see README, Permissions)",
  };
}
