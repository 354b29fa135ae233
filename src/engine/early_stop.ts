import type { Task } from "../graph/mod.ts";
import type { Decider } from "../scheduler/mod.ts";

/**
 * A build stopped on purpose, by a hook that raised Ploomber's `DAGBuildEarlyStop`: the signal
 * the scheduler watches (its reason names the hook), and the task whose own hook asked. That task
 * is not recorded as up to date, as Ploomber saves no metadata for it: the next build runs it
 * again, and its hook decides again.
 */
export class EarlyStop {
  readonly #controller = new AbortController();
  readonly #unrecorded = new Set<string>();

  /** Aborted at the first stop; `reason` is where it came from. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stops the build (the first call wins); `task` is the task whose hook asked, if any. */
  stop(where: string, task?: Task): void {
    if (task) this.#unrecorded.add(task.name);
    if (!this.#controller.signal.aborted) this.#controller.abort(where);
  }

  /** `decider`, except that a task whose hook stopped the build is not recorded. */
  decider(decider: Decider): Decider {
    return {
      decide: (task) => decider.decide(task),
      succeeded: (task, seconds) =>
        this.#unrecorded.has(task.name) ? decider.failed(task) : decider.succeeded(task, seconds),
      failed: (task) => decider.failed(task),
    };
  }
}
