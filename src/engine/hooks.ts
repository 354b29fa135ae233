import type { HookSpec, Pipeline, Task } from "../graph/mod.ts";
import type { ExecuteReply, Kernel } from "../kernel/mod.ts";
import type { RunContext, RunResult, TaskFailure } from "../scheduler/mod.ts";
import { plainValue, stripAnsi } from "../util/mod.ts";
import { hookCode, hookName, type HookTask, isEarlyStop } from "./hook_code.ts";
import { userTraceback } from "./python_code.ts";
import { forwardOutput, upstreamValues } from "./task_values.ts";

/** What {@link runHooks} needs besides the task. */
export interface HookContext {
  pipeline: Pipeline;
  ctx: RunContext;
  /** The kernel Python hooks run in (the task's own, or a fresh one for a TypeScript task). */
  kernel: () => Kernel | Promise<Kernel>;
  /** A fresh kernel, used when the first one cannot run the hook (it died with its task). */
  freshKernel: () => Promise<Kernel>;
  /** A hook raised `DAGBuildEarlyStop`: no task starts after this one; `where` names the hook. */
  onStop?: (task: Task, where: string) => void;
}

/** How one hook call ended. */
export interface HookOutcome {
  failure?: TaskFailure;
  /** It raised `DAGBuildEarlyStop`. */
  stop?: boolean;
}

/** A task as its hooks see it: name, product, params, and its upstream tasks with their products. */
export function hookTask(pipeline: Pipeline, task: Task, outcome?: string): HookTask {
  const upstream = Object.fromEntries(
    task.upstream.map((n) => [n, { name: n, product: pipeline.tasks.get(n)!.product }]),
  );
  return { name: task.name, product: task.product, params: plainValue(task.params), upstream, outcome };
}

/**
 * Runs a task's `on_finish` hooks after a success, or its `on_failure` hooks after a failure. Python
 * hooks get the arguments they name, as Ploomber passes them (`task`, `client`, `product`,
 * `params`; plait adds `upstream` and, on failure, `traceback`), plus their own keyword arguments.
 * A failing `on_finish` hook fails the task; a failing `on_failure` hook adds its error to the
 * failure message; `DAGBuildEarlyStop` stops the build (see {@link HookContext.onStop}) and the
 * task's later hooks. A kernel that died with its task is replaced for the hooks.
 */
export async function runHooks(task: Task, result: RunResult, hc: HookContext): Promise<RunResult> {
  const hooks = result.ok ? task.onFinish : task.onFailure;
  const kind = result.ok ? "on_finish" : "on_failure";
  for (const hook of hooks) {
    const { failure, stop } = await runOne(task, hook, result, hc);
    if (stop) {
      hc.onStop?.(task, `${kind} hook ${hookName(hook)} of task "${task.name}"`);
      break;
    }
    if (failure === undefined) continue;
    const message = `${kind} hook ${hookName(hook)} of task "${task.name}" ${failure.message}`;
    if (result.ok) return { ok: false, failure: { ...failure, message } };
    result = { ok: false, failure: { ...result.failure, message: `${result.failure.message}; ${message}` } };
  }
  return result;
}

async function runOne(task: Task, hook: HookSpec, result: RunResult, hc: HookContext): Promise<HookOutcome> {
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
      return {};
    } catch (e) {
      return { failure: { message: `threw: ${e instanceof Error ? e.message : e}` } };
    }
  }
  const available = {
    task: hookTask(hc.pipeline, task),
    upstream: upstreamValues(hc.pipeline, task),
    traceback: failureText === undefined ? null : stripAnsi(failureText),
  };
  const code = hookCode(hook, available, task.params);
  const run = async (kernel: Kernel) =>
    await kernel.execute(code, { onOutput: (m) => forwardOutput(m, hc.ctx) });
  try {
    return replyOutcome(await run(await hc.kernel()).catch(async () => await run(await hc.freshKernel())));
  } catch (e) {
    return { failure: { message: `could not run: ${e instanceof Error ? e.message.split("\n")[0] : e}` } };
  }
}

/** A hook's execute reply as an outcome: fine, failed, or a request to stop the build. */
export function replyOutcome(reply: ExecuteReply): HookOutcome {
  if (reply.status === "ok") return {};
  if (isEarlyStop(reply.error)) return { stop: true };
  const traceback = reply.error ? userTraceback(reply.error.traceback) : undefined;
  return {
    failure: { message: `raised ${reply.error?.ename}: ${reply.error?.evalue}`, ...reply.error, traceback },
  };
}
