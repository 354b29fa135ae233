import type { HookSpec, Pipeline, Task } from "../graph/mod.ts";
import type { Kernel } from "../kernel/mod.ts";
import type { BuildSummary, RunContext, RunResult, TaskFailure } from "../scheduler/mod.ts";
import { plainValue, stripAnsi } from "../util/mod.ts";
import { hookCode, userTraceback } from "./python_code.ts";
import { forwardOutput, upstreamValues } from "./task_values.ts";

/** What {@link runHooks} needs besides the task. */
export interface HookContext {
  pipeline: Pipeline;
  ctx: RunContext;
  /** The kernel Python hooks run in (the task's own, or a fresh one for a TypeScript task). */
  kernel: () => Kernel | Promise<Kernel>;
  /** A fresh kernel, used when the first one cannot run the hook (it died with its task). */
  freshKernel: () => Promise<Kernel>;
}

function hookName(hook: HookSpec): string {
  if (typeof hook === "function") return hook.name || "a TypeScript function";
  return typeof hook === "string" ? hook : hook.dotted_path;
}

/**
 * Runs a task's `on_finish` hooks after a success, or its `on_failure` hooks after a failure. Python
 * hooks are called with the arguments they name (`task`, `product`, `params`, `traceback`, plus their
 * own keyword arguments). A failing `on_finish` hook fails the task; a failing `on_failure` hook
 * adds its error to the failure message. A kernel that died with its task is replaced for the hooks.
 */
export async function runHooks(task: Task, result: RunResult, hc: HookContext): Promise<RunResult> {
  const hooks = result.ok ? task.onFinish : task.onFailure;
  const kind = result.ok ? "on_finish" : "on_failure";
  for (const hook of hooks) {
    const error = await runOne(task, hook, result, hc);
    if (error === undefined) continue;
    const message = `${kind} hook ${hookName(hook)} of task "${task.name}" ${error.message}`;
    if (result.ok) return { ok: false, failure: { ...error, message } };
    result = { ok: false, failure: { ...result.failure, message: `${result.failure.message}; ${message}` } };
  }
  return result;
}

async function runOne(
  task: Task,
  hook: HookSpec,
  result: RunResult,
  hc: HookContext,
): Promise<TaskFailure | undefined> {
  const failureText = result.ok
    ? undefined
    : (result.failure.traceback ?? [result.failure.message]).join("\n");
  if (typeof hook === "function") {
    try {
      await hook({
        name: task.name,
        product: task.product,
        upstream: upstreamValues(hc.pipeline, task),
        params: plainValue(task.params),
        root: hc.pipeline.root,
        error: result.ok ? undefined : result.failure.message,
      });
      return undefined;
    } catch (e) {
      return { message: `threw: ${e instanceof Error ? e.message : e}` };
    }
  }
  const available = {
    task: { name: task.name, product: task.product, params: task.params },
    product: task.product,
    params: task.params,
    upstream: upstreamValues(hc.pipeline, task),
    traceback: failureText === undefined ? null : stripAnsi(failureText),
  };
  const code = hookCode(hook, available);
  const run = async (kernel: Kernel) =>
    await kernel.execute(code, { onOutput: (m) => forwardOutput(m, hc.ctx) });
  try {
    const reply = await run(await hc.kernel()).catch(async () => await run(await hc.freshKernel()));
    if (reply.status === "ok") return undefined;
    const traceback = reply.error ? userTraceback(reply.error.traceback) : undefined;
    return { message: `raised ${reply.error?.ename}: ${reply.error?.evalue}`, ...reply.error, traceback };
  } catch (e) {
    return { message: `could not run: ${e instanceof Error ? e.message.split("\n")[0] : e}` };
  }
}

/**
 * Runs the pipeline's own `on_finish` hooks after a successful build, or its `on_failure` hooks
 * after a failed one, in one fresh kernel. Python hooks may name `dag` (task name -> product and
 * outcome), `report` (one row per task) and `traceback` (the failures). Returns error messages.
 */
export async function runPipelineHooks(
  pipeline: Pipeline,
  summary: BuildSummary,
  acquire: () => Promise<Kernel>,
): Promise<string[]> {
  const hooks = summary.ok ? pipeline.options.onFinish : pipeline.options.onFailure;
  const list = hooks === undefined ? [] : Array.isArray(hooks) ? hooks as HookSpec[] : [hooks as HookSpec];
  if (!list.length || summary.interrupted) return [];
  const kind = summary.ok ? "on_finish" : "on_failure";
  const failures = summary.tasks.filter((t) => t.failure).map((t) =>
    `${t.name}: ${stripAnsi([t.failure!.message, ...(t.failure!.traceback ?? [])].join("\n"))}`
  );
  const report = summary.tasks.map((t) => ({ name: t.name, outcome: t.outcome, seconds: t.seconds }));
  const dag = Object.fromEntries(
    summary.tasks.map((t) => [t.name, { product: pipeline.tasks.get(t.name)!.product, outcome: t.outcome }]),
  );
  const available = { dag, report, traceback: summary.ok ? null : failures.join("\n\n") };
  const errors: string[] = [];
  let kernel: Kernel | undefined;
  try {
    for (const hook of list) {
      try {
        if (typeof hook === "function") {
          const error = summary.ok ? undefined : failures.join("\n");
          await hook({ name: "pipeline", product: {}, upstream: {}, params: {}, root: pipeline.root, error });
          continue;
        }
        kernel ??= await acquire();
        const reply = await kernel.execute(hookCode(hook, available));
        if (reply.status !== "ok") {
          errors.push(
            `pipeline ${kind} hook ${hookName(hook)} raised ${reply.error?.ename}: ${reply.error?.evalue}`,
          );
        }
      } catch (e) {
        errors.push(`pipeline ${kind} hook ${hookName(hook)} failed: ${e instanceof Error ? e.message : e}`);
      }
    }
  } finally {
    await kernel?.shutdown();
  }
  return errors;
}
