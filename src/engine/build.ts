import { acquireLock, StateStore } from "../cache/mod.ts";
import type { Issue } from "../errors/mod.ts";
import type { Pipeline } from "../graph/mod.ts";
import { KernelPool, resolveKernelSpec } from "../kernel/mod.ts";
import {
  type BuildEvent,
  type BuildSummary,
  type Runner,
  runSchedule,
  selectPartial,
} from "../scheduler/mod.ts";
import { evaluateComputedParams } from "./computed_params.ts";
import { CacheDecider } from "./decider.ts";
import { type DebugKernel, KernelKeeper } from "./debug_kernel.ts";
import { runPipelineHooks } from "./hooks.ts";
import { TaskRunner } from "./task_runner.ts";

/** Options for {@link build}. */
export interface BuildOptions {
  /** Re-run tasks whatever their state. */
  force?: boolean;
  /** Build only tasks matching this name or glob (and their upstream, unless `skipUpstream`). */
  partially?: string;
  skipUpstream?: boolean;
  /** Most tasks at once; default from the pipeline's executor (parallel: the number of cores). */
  jobs?: number;
  /** Python interpreter for kernels instead of the kernelspec's. */
  python?: string;
  /** Ctrl-C. */
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
  /** The command shown to a second build that finds the lock taken. */
  command?: string;
  /**
   * `--debug`: the kernel of the first Python task that fails is kept alive, with its state, and
   * handed to this callback once the build is done; it is shut down when the callback settles.
   */
  debug?: (kept: DebugKernel) => Promise<void>;
}

/** What a build did, plus warnings (e.g. an unreadable state file). */
export interface BuildResult {
  summary: BuildSummary;
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
  await using _lock = await acquireLock(pipeline.root, { command: opts.command ?? "build" });
  const store = await StateStore.open(pipeline.root);
  const jobs = jobsFor(pipeline, opts.jobs);
  const kernelName = pipeline.options.kernel ?? "python3";
  // One pool a kernel name, started at the first task that needs it.
  const pools = new Map<string, KernelPool>();
  const poolFor = (name: string) => {
    let pool = pools.get(name);
    if (!pool) {
      pool = new KernelPool({
        cwd: pipeline.root,
        python: opts.python,
        kernelName: name,
        // Two spare kernels warming up while tasks run: a chain then rarely waits for a fork.
        size: jobs + 2,
        preload: [...(pipeline.options.preload ?? [])],
        env: { PYTHONPATH: [pipeline.root, Deno.env.get("PYTHONPATH")].filter(Boolean).join(":") },
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
  for (const t of selected) {
    if (t.kind !== "typescript" && (opts.force || store.state(t.name)?.status !== "ok")) {
      kernels.warm(t.kernel);
    }
  }
  const keeper = opts.debug ? new KernelKeeper() : undefined;
  const runner = new TaskRunner(pipeline, kernels, { keeper });
  const interpreter = await interpreterIdentity(pipeline, opts.python);
  const decider = new CacheDecider(pipeline, store, { force: opts.force, interpreter, signal: opts.signal });
  // A task is marked as started only when it really starts, not when it is decided.
  const starting: Runner = {
    run: async (task, ctx) => {
      await decider.started(task);
      return await runner.run(task, ctx);
    },
  };
  const warming = decider.warm(selected);
  let ran = true;
  try {
    const summary = await runSchedule(pipeline, {
      jobs,
      runner: starting,
      decider,
      selection: chosen,
      signal: opts.signal,
      onEvent: opts.onEvent,
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
    const hookErrors = await runPipelineHooks(pipeline, summary, () => kernels.acquire(opts.signal));
    if (keeper && opts.debug) await keeper.hold(opts.debug);
    if (!hookErrors.length) return { summary, warnings };
    return {
      summary: { ...summary, ok: false },
      warnings: [...warnings, ...hookErrors.map((message) => ({ message }))],
    };
  } finally {
    await keeper?.release();
    await warming;
    await decider.flush();
    await runner.drain();
    await Promise.all([...pools.values()].map((p) => p.close()));
    // A build that ran nothing changed no state: leave state.json as it is (a journal, if any, stays valid).
    if (ran) await store.compact();
  }
}
