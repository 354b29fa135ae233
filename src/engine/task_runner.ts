import type { Pipeline, Task } from "../graph/mod.ts";
import type { Kernel } from "../kernel/mod.ts";
import type { RunContext, Runner, RunResult, TaskFailure } from "../scheduler/mod.ts";
import { join } from "../util/path.ts";
import { productPaths } from "../graph/mod.ts";
import { functionTaskCode, hookCode } from "./python_code.ts";
import { runNotebookTask } from "./notebook_task.ts";
import { forwardOutput, notebookProduct, upstreamValues } from "./task_values.ts";

/** Where fresh kernels come from (the kernel pool, or a fake in tests). */
export interface KernelSource {
  acquire(signal?: AbortSignal): Promise<Kernel>;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs any kind of task: scripts and notebooks cell by cell in a fresh kernel, Python functions
 * in a fresh kernel, TypeScript functions in Deno. Then checks every product exists and runs hooks.
 */
export class TaskRunner implements Runner {
  readonly #pipeline: Pipeline;
  readonly #kernels: KernelSource;
  readonly #closing = new Set<Promise<void>>();

  constructor(pipeline: Pipeline, kernels: KernelSource) {
    this.#pipeline = pipeline;
    this.#kernels = kernels;
  }

  async run(task: Task, ctx: RunContext): Promise<RunResult> {
    await this.#makeProductDirs(task);
    if (task.kind === "typescript") return await this.#runTs(task);
    const kernel = await this.#kernels.acquire(ctx.signal);
    try {
      let result = task.kind === "notebook"
        ? await runNotebookTask(this.#pipeline, task, kernel, ctx)
        : await this.#runFunction(task, kernel, ctx);
      if (result.ok) result = await this.#checkProducts(task);
      return await this.#runHooks(task, kernel, result, ctx);
    } finally {
      const closing = kernel.shutdown().catch(() => {});
      this.#closing.add(closing);
      closing.finally(() => this.#closing.delete(closing));
    }
  }

  /** Waits for kernels still shutting down. */
  async drain(): Promise<void> {
    await Promise.all(this.#closing);
  }

  async #makeProductDirs(task: Task): Promise<void> {
    for (const p of productPaths(task.product)) {
      const abs = join(this.#pipeline.root, p);
      await Deno.mkdir(abs.slice(0, abs.lastIndexOf("/")), { recursive: true });
    }
  }

  async #runTs(task: Task): Promise<RunResult> {
    try {
      await task.run!({ name: task.name, product: task.product, upstream: upstreamValues(this.#pipeline, task), params: task.params, root: this.#pipeline.root });
    } catch (e) {
      return { ok: false, failure: { message: `TypeScript task "${task.name}" threw: ${e instanceof Error ? e.message : e}`, traceback: e instanceof Error && e.stack ? e.stack.split("\n") : undefined } };
    }
    return await this.#checkProducts(task);
  }

  async #runFunction(task: Task, kernel: Kernel, ctx: RunContext): Promise<RunResult> {
    const code = functionTaskCode(task, { upstream: upstreamValues(this.#pipeline, task), product: task.product });
    const reply = await kernel.execute(code, { signal: ctx.signal, onOutput: (m) => forwardOutput(m, ctx) });
    if (reply.status === "ok") return { ok: true };
    return { ok: false, failure: { message: `function ${task.dottedPath} raised ${reply.error?.ename ?? "an error"}`, ...reply.error } };
  }

  async #checkProducts(task: Task): Promise<RunResult> {
    const nb = notebookProduct(task);
    const missing: string[] = [];
    for (const p of productPaths(task.product)) {
      if (p !== nb && !(await exists(join(this.#pipeline.root, p)))) missing.push(p);
    }
    if (!missing.length) return { ok: true };
    return {
      ok: false,
      failure: {
        message: `Task "${task.name}" finished without writing product${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}`,
        notebook: nb,
      },
    };
  }

  async #runHooks(task: Task, kernel: Kernel, result: RunResult, ctx: RunContext): Promise<RunResult> {
    const hooks = result.ok ? task.onFinish : task.onFailure;
    for (const hook of hooks) {
      const available = {
        task: { name: task.name, product: task.product, params: task.params },
        product: task.product,
        params: task.params,
        traceback: result.ok ? null : (result.failure.traceback ?? [result.failure.message]).join("\n"),
      };
      let failure: TaskFailure | undefined;
      if (typeof hook === "function") {
        try {
          await hook({ name: task.name, product: task.product, upstream: upstreamValues(this.#pipeline, task), params: task.params, root: this.#pipeline.root, error: result.ok ? undefined : result.failure.message });
        } catch (e) {
          failure = { message: `hook of task "${task.name}" threw: ${e instanceof Error ? e.message : e}` };
        }
      } else {
        const reply = await kernel.execute(hookCode(hook, available), { signal: ctx.signal, onOutput: (m) => forwardOutput(m, ctx) });
        if (reply.status !== "ok") {
          const name = typeof hook === "string" ? hook : hook.dotted_path;
          failure = { message: `${result.ok ? "on_finish" : "on_failure"} hook ${name} of task "${task.name}" raised ${reply.error?.ename}`, ...reply.error };
        }
      }
      if (failure && result.ok) return { ok: false, failure };
    }
    return result;
  }
}
