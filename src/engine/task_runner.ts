import type { Pipeline, Task } from "../graph/mod.ts";
import { productPaths } from "../graph/mod.ts";
import type { Kernel } from "../kernel/mod.ts";
import type { RunContext, Runner, RunResult } from "../scheduler/mod.ts";
import { exists } from "../util/fs.ts";
import { plainValue } from "../util/mod.ts";
import { dirname, join } from "../util/path.ts";
import type { KernelKeeper } from "./debug_kernel.ts";
import { locateFailure } from "./failure_location.ts";
import { runHooks } from "./hooks.ts";
import { DEFAULT_OUTPUT_LIMIT, kernelFailure, runNotebookTask, timeLimitMessage } from "./notebook_task.ts";
import { executeWithin } from "./time_limit.ts";
import { functionTaskCode, userTraceback } from "./python_code.ts";
import { forwardOutput, notebookProduct, upstreamValues } from "./task_values.ts";

/** Where fresh kernels come from (the kernel pool, or a fake in tests). */
export interface KernelSource {
  /** A fresh kernel of `kernelName` (default: the pipeline's). */
  acquire(signal?: AbortSignal, kernelName?: string): Promise<Kernel>;
}

/** Options for {@link TaskRunner}. */
export interface TaskRunnerOptions {
  /** A task's hook raised `DAGBuildEarlyStop` (see `HookContext.onStop`). */
  onStop?: (task: Task, where: string) => void;
  /** Most characters of output a cell keeps (default {@link DEFAULT_OUTPUT_LIMIT}; 0: all). */
  outputLimit?: number;
  /** `build --debug`: the kernel of a failed Python task may be kept alive instead of shut down. */
  keeper?: KernelKeeper;
}

/** After Ctrl-C, how long a task's kernel may take to stop on its own before it is killed. */
const INTERRUPT_GRACE_MS = 3000;

/**
 * Runs any kind of task: scripts and notebooks cell by cell in a fresh kernel, Python functions
 * in a fresh kernel, TypeScript functions in Deno. Then checks every product exists and runs hooks.
 * On Ctrl-C the task's kernel is interrupted, and killed if it has not stopped a few seconds later.
 */
export class TaskRunner implements Runner {
  readonly #pipeline: Pipeline;
  readonly #kernels: KernelSource;
  readonly #closing = new Set<Promise<void>>();
  #dropped = 0;
  readonly #onStop: TaskRunnerOptions["onStop"];
  readonly #outputLimit: number;
  readonly #keeper: KernelKeeper | undefined;

  constructor(pipeline: Pipeline, kernels: KernelSource, opts: TaskRunnerOptions = {}) {
    this.#pipeline = pipeline;
    this.#kernels = kernels;
    this.#onStop = opts.onStop;
    this.#outputLimit = opts.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
    this.#keeper = opts.keeper;
  }

  async run(task: Task, ctx: RunContext): Promise<RunResult> {
    await this.#makeProductDirs(task);
    const extra: Kernel[] = [];
    const fresh = async () => {
      const kernel = await this.#kernels.acquire(ctx.signal, task.kernel);
      extra.push(kernel);
      return kernel;
    };
    try {
      if (task.kind === "typescript") {
        const result = await this.#runTs(task);
        return await runHooks(task, result, {
          pipeline: this.#pipeline,
          ctx,
          kernel: fresh,
          freshKernel: fresh,
          onStop: this.#onStop,
        });
      }
      return await this.#runPython(task, ctx, fresh);
    } finally {
      for (const k of extra) this.#release(k);
    }
  }

  /** Messages from kernels dropped so far because their signature was wrong (none, unless forged). */
  get droppedMessages(): number {
    return this.#dropped;
  }

  /** Waits for kernels still shutting down. */
  async drain(): Promise<void> {
    await Promise.all(this.#closing);
  }

  async #runPython(task: Task, ctx: RunContext, freshKernel: () => Promise<Kernel>): Promise<RunResult> {
    const kernel = await this.#acquireReporting(task, ctx);
    const stopWatch = watchAbort(ctx.signal, kernel);
    let kept = false;
    try {
      let result = task.kind === "notebook"
        ? await runNotebookTask(this.#pipeline, task, kernel, ctx, { outputLimit: this.#outputLimit })
        : await this.#runFunction(task, kernel, ctx);
      if (result.ok) result = await this.#checkProducts(task);
      const final = await runHooks(task, result, {
        pipeline: this.#pipeline,
        ctx,
        kernel: () => kernel,
        freshKernel,
        onStop: this.#onStop,
      });
      if (!final.ok && !ctx.signal.aborted) kept = this.#keeper?.keep(task, kernel, final.failure) ?? false;
      return final;
    } finally {
      stopWatch();
      if (!kept) this.#release(kernel);
    }
  }

  /** A fresh kernel for `task`, telling the build it waits for one (that time is kept apart from the run). */
  async #acquireReporting(task: Task, ctx: RunContext): Promise<Kernel> {
    ctx.onProgress?.({ phase: "kernel" });
    return await this.#kernels.acquire(ctx.signal, task.kernel);
  }

  #release(kernel: Kernel): void {
    const closing = (kernel.end ? kernel.end() : kernel.shutdown()).catch(() => {}).then(() => {
      this.#dropped += kernel.droppedMessages;
    });
    this.#closing.add(closing);
    closing.finally(() => this.#closing.delete(closing));
  }

  async #makeProductDirs(task: Task): Promise<void> {
    for (const p of productPaths(task.product)) {
      await Deno.mkdir(dirname(join(this.#pipeline.root, p)), { recursive: true });
    }
  }

  async #runTs(task: Task): Promise<RunResult> {
    try {
      await task.run!({
        name: task.name,
        product: task.product,
        upstream: upstreamValues(this.#pipeline, task),
        params: plainValue(task.params),
        root: this.#pipeline.root,
      });
    } catch (e) {
      const message = `TypeScript task "${task.name}" threw: ${e instanceof Error ? e.message : e}`;
      const traceback = e instanceof Error && e.stack ? e.stack.split("\n") : undefined;
      return { ok: false, failure: { message, traceback } };
    }
    return await this.#checkProducts(task);
  }

  async #runFunction(task: Task, kernel: Kernel, ctx: RunContext): Promise<RunResult> {
    if (ctx.signal.aborted) return { ok: false, failure: { message: "interrupted before it started" } };
    const code = functionTaskCode(task, {
      upstream: upstreamValues(this.#pipeline, task),
      product: task.product,
    });
    ctx.onProgress?.({ phase: "cell", cell: 1, cells: 1 });
    const { reply, error, timedOut } = await executeWithin(kernel, code, {
      signal: ctx.signal,
      onOutput: (m) => forwardOutput(m, ctx),
      seconds: task.timeout,
      outputLimit: this.#outputLimit,
    });
    if (timedOut) {
      return { ok: false, failure: { message: timeLimitMessage(`function ${task.dottedPath}`, task) } };
    }
    if (!reply) return { ok: false, failure: kernelFailure(error) };
    if (reply.status === "ok") return { ok: true };
    const message = reply.error
      ? `function ${task.dottedPath} raised ${reply.error.ename}: ${reply.error.evalue}`
      : `function ${task.dottedPath} was aborted`;
    const traceback = reply.error ? userTraceback(reply.error.traceback) : undefined;
    const located = traceback ? locateFailure(traceback, { root: this.#pipeline.root }) : {};
    return { ok: false, failure: { message, ...reply.error, traceback, ...located } };
  }

  async #checkProducts(task: Task): Promise<RunResult> {
    const nb = notebookProduct(task);
    const missing: string[] = [];
    for (const p of productPaths(task.product)) {
      if (p !== nb && !(await exists(join(this.#pipeline.root, p)))) missing.push(p);
    }
    if (!missing.length) return { ok: true };
    const s = missing.length > 1 ? "s" : "";
    return {
      ok: false,
      failure: {
        message: `Task "${task.name}" finished without writing product${s} ${
          missing.map((m) => `"${m}"`).join(", ")
        }`,
        notebook: nb,
      },
    };
  }
}

/** On abort, gives the kernel a grace period to stop after its interrupt, then kills it. */
function watchAbort(signal: AbortSignal, kernel: Kernel): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    const killable = kernel as Kernel & { kill?: () => Promise<void> };
    void (killable.kill ? killable.kill() : kernel.shutdown()).catch(() => {});
  };
  const onAbort = () => {
    timer = setTimeout(stop, INTERRUPT_GRACE_MS);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  return () => {
    signal.removeEventListener("abort", onAbort);
    clearTimeout(timer);
  };
}
