import type { Task } from "../graph/mod.ts";
import type { Kernel } from "../kernel/mod.ts";
import type { TaskFailure } from "../scheduler/mod.ts";
import { join } from "../util/path.ts";

/** A failed task's kernel, kept alive with its state for a post-mortem (`build --debug`). */
export interface DebugKernel {
  /** The task that failed in it. */
  readonly task: string;
  /** Why it failed. */
  readonly failure?: TaskFailure;
  /** A Jupyter connection file for it: `jupyter console --existing FILE` attaches. */
  readonly connectionFile: string;
  /** The kernel's process id. */
  readonly pid?: number;
}

/**
 * Holds the kernel of the first task that fails (the others are shut down as usual) until the build
 * has finished, then hands it to the caller's `debug` callback with a connection file, and shuts it
 * down (removing the file) when the callback settles, or at `release()`, so no process outlives the
 * build.
 */
export class KernelKeeper {
  #kept: { task: Task; kernel: Kernel; failure?: TaskFailure } | undefined;
  #dir: string | undefined;

  /** Takes ownership of a failed task's kernel; false (the caller shuts it down) if one is kept already. */
  keep(task: Task, kernel: Kernel, failure?: TaskFailure): boolean {
    if (this.#kept || !kernel.connectionInfo) return false;
    this.#kept = { task, kernel, failure };
    return true;
  }

  /** Calls `debug` with the kept kernel (if any) and shuts it down once `debug` settles. */
  async hold(debug: (kept: DebugKernel) => Promise<void>): Promise<void> {
    const kept = this.#kept;
    if (!kept) return;
    try {
      this.#dir = await Deno.makeTempDir({ prefix: "plait-debug-" });
      await Deno.chmod(this.#dir, 0o700);
      const file = join(this.#dir, `kernel-${kept.task.name.replace(/[^\w.-]+/g, "_")}.json`);
      await Deno.writeTextFile(file, JSON.stringify(kept.kernel.connectionInfo, null, 1), { mode: 0o600 });
      await debug({
        task: kept.task.name,
        failure: kept.failure,
        connectionFile: file,
        pid: kept.kernel.pid,
      });
    } finally {
      await this.release();
    }
  }

  /** Shuts the kept kernel down and removes its connection file. Idempotent. */
  async release(): Promise<void> {
    const kept = this.#kept;
    this.#kept = undefined;
    await kept?.kernel.shutdown().catch(() => {});
    if (this.#dir) await Deno.remove(this.#dir, { recursive: true }).catch(() => {});
    this.#dir = undefined;
  }
}
