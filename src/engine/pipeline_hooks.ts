import type { HookSpec, Pipeline, Task } from "../graph/mod.ts";
import type { Kernel } from "../kernel/mod.ts";
import type { BuildSummary, TaskOutput } from "../scheduler/mod.ts";
import { stripAnsi } from "../util/mod.ts";
import { hookCode, hookName, type PythonHook } from "./hook_code.ts";
import { hookTask, replyOutcome } from "./hooks.ts";
import { forwardOutput } from "./task_values.ts";

/** Where pipeline-level and render hooks get a kernel, and where their output goes. */
export interface PipelineHookOptions {
  acquire: () => Promise<Kernel>;
  /** What a hook prints, under the task's name (render hooks) or `pipeline`. */
  onOutput?: (name: string, output: TaskOutput) => void;
}

/** How a group of pipeline-level or render hooks ended. */
export interface HooksResult {
  /** One message a failed hook. */
  errors: string[];
  /** Set when a hook raised `DAGBuildEarlyStop`: which one. */
  stop?: string;
}

/** Runs Python hooks one after another in one kernel (started on first use, shut down at the end). */
class HookSession {
  #kernel: Kernel | undefined;
  constructor(readonly opts: PipelineHookOptions) {}

  async call(hook: PythonHook, available: Record<string, unknown>, name: string, params?: Task["params"]) {
    this.#kernel ??= await this.opts.acquire();
    const onOutput = (m: { msgType: string; content: Record<string, unknown> }) =>
      forwardOutput(m, {
        signal: new AbortController().signal,
        onOutput: (o) => this.opts.onOutput?.(name, o),
      });
    const reply = await this.#kernel.execute(hookCode(hook, available, params), { onOutput });
    const outcome = replyOutcome(reply);
    const traceback = outcome.failure?.traceback
      ? stripAnsi(outcome.failure.traceback.join("\n"))
      : undefined;
    return { ...outcome, traceback };
  }

  async close(): Promise<void> {
    await this.#kernel?.shutdown();
  }
}

function hookList(hooks: HookSpec | readonly HookSpec[] | undefined): HookSpec[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? [...hooks] : [hooks as HookSpec];
}

/**
 * Runs the `on_render` hooks before anything is built: each selected task's (with `task`,
 * `client`, `product`, `params`), then the pipeline's (with `dag`). An error or a
 * `DAGBuildEarlyStop` ends the round: the build then runs nothing.
 */
export async function runRenderHooks(
  pipeline: Pipeline,
  tasks: Task[],
  opts: PipelineHookOptions,
): Promise<HooksResult> {
  const calls: [HookSpec, Task | undefined][] = [
    ...tasks.flatMap((t) => (t.onRender ?? []).map((h) => [h, t] as [HookSpec, Task])),
    ...hookList(pipeline.options.onRender).map((h) => [h, undefined] as [HookSpec, undefined]),
  ];
  if (!calls.length) return { errors: [] };
  const session = new HookSession(opts);
  const dag = () => Object.fromEntries(tasks.map((t) => [t.name, hookTask(pipeline, t)]));
  try {
    for (const [hook, task] of calls) {
      const where = `on_render hook ${hookName(hook)} of ${task ? `task "${task.name}"` : "the pipeline"}`;
      try {
        if (typeof hook === "function") {
          await hook({
            name: task?.name ?? "pipeline",
            product: task?.product ?? {},
            upstream: {},
            params: {},
            root: pipeline.root,
          });
          continue;
        }
        const available = task ? { task: hookTask(pipeline, task) } : { dag: dag() };
        const r = await session.call(hook, available, task?.name ?? "pipeline", task?.params);
        if (r.stop) return { errors: [], stop: where };
        if (r.failure) {
          return { errors: [`${where} ${r.failure.message}${r.traceback ? `\n${r.traceback}` : ""}`] };
        }
      } catch (e) {
        return { errors: [`${where} failed: ${e instanceof Error ? e.message : e}`] };
      }
    }
    return { errors: [] };
  } finally {
    await session.close();
  }
}

/** The `traceback` a pipeline's `on_failure` hooks get, as in Ploomber. */
interface PipelineTraceback {
  /** The build's task failures, when tasks failed. */
  build: string | null;
  /** The traceback of the failing pipeline `on_finish` hook, when that is what failed. */
  on_finish: string | null;
}

/**
 * Runs the pipeline's `on_finish` hooks after a successful build, or its `on_failure` hooks after a
 * failed one, in one fresh kernel. Python hooks may name `dag` (task name -> task, with `.outcome`),
 * `report` (one row a task) and, in `on_failure`, `traceback`: a dict with keys `build` and
 * `on_finish`. A failing `on_finish` hook fails the build and runs the `on_failure` hooks with its
 * traceback under `on_finish`. `DAGBuildEarlyStop` ends the round. Nothing runs after Ctrl-C or an
 * early stop.
 */
export async function runPipelineHooks(
  pipeline: Pipeline,
  summary: BuildSummary,
  opts: PipelineHookOptions,
): Promise<HooksResult> {
  if (summary.interrupted || summary.stoppedEarly) return { errors: [] };
  const dag = Object.fromEntries(
    summary.tasks.map((t) => [t.name, hookTask(pipeline, pipeline.tasks.get(t.name)!, t.outcome)]),
  );
  const report = summary.tasks.map((t) => ({ name: t.name, outcome: t.outcome, seconds: t.seconds }));
  const failures = summary.tasks.filter((t) => t.failure).map((t) =>
    `${t.name}: ${stripAnsi([t.failure!.message, ...(t.failure!.traceback ?? [])].join("\n"))}`
  ).join("\n\n");
  const rounds = new HookRounds(pipeline, new HookSession(opts));
  try {
    let traceback: PipelineTraceback = { build: failures || null, on_finish: null };
    if (summary.ok) {
      const r = await rounds.run("on_finish", { dag, report }, undefined);
      if (r.stop || r.traceback === undefined) return { errors: rounds.errors, stop: r.stop };
      traceback = { build: null, on_finish: r.traceback };
    }
    const r = await rounds.run(
      "on_failure",
      { dag, report, traceback },
      traceback.build ?? traceback.on_finish!,
    );
    return { errors: rounds.errors, stop: r.stop };
  } finally {
    await rounds.session.close();
  }
}

/** Runs one kind of pipeline hooks in order; keeps their errors. */
class HookRounds {
  readonly errors: string[] = [];
  constructor(readonly pipeline: Pipeline, readonly session: HookSession) {}

  /** Runs the pipeline's `kind` hooks; the first failure's traceback, or which hook stopped the build. */
  async run(kind: "on_finish" | "on_failure", available: Record<string, unknown>, error: string | undefined) {
    const hooks = kind === "on_finish" ? this.pipeline.options.onFinish : this.pipeline.options.onFailure;
    let traceback: string | undefined;
    for (const hook of hookList(hooks)) {
      const where = `pipeline ${kind} hook ${hookName(hook)}`;
      try {
        if (typeof hook === "function") {
          await hook({
            name: "pipeline",
            product: {},
            upstream: {},
            params: {},
            root: this.pipeline.root,
            error,
          });
          continue;
        }
        const r = await this.session.call(hook, available, "pipeline");
        if (r.stop) return { stop: where, traceback };
        if (!r.failure) continue;
        this.errors.push(`${where} ${r.failure.message}`);
        traceback ??= r.traceback ?? r.failure.message;
      } catch (e) {
        const message = `${where} failed: ${e instanceof Error ? e.message : e}`;
        this.errors.push(message);
        traceback ??= message;
      }
    }
    return { traceback, stop: undefined as string | undefined };
  }
}
