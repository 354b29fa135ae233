import {
  assessTask,
  buildRecord,
  describeReason,
  FingerprintContext,
  type StateStore,
  type TaskInputs,
} from "../cache/mod.ts";
import { BugError } from "../errors/mod.ts";
import type { Pipeline, Task } from "../graph/mod.ts";
import type { Decider } from "../scheduler/mod.ts";
import { mapPool } from "../util/mod.ts";

/** Options for {@link CacheDecider}. */
export interface CacheDeciderOptions {
  /** Tasks to run whatever their state (`--force`): true for all, or a set of names. */
  force?: boolean | ReadonlySet<string>;
  /** Interpreter identity, part of every Python task's fingerprint. */
  interpreter: string;
  /** The build's Ctrl-C signal: a task failing after it fired is recorded as interrupted. */
  signal?: AbortSignal;
}

/**
 * The scheduler's {@link Decider}, backed by content fingerprints and the `.plait/` state store.
 * A task is marked as started only when it really starts ({@link CacheDecider.started}), recorded
 * only after it succeeded and its products were hashed, and invalidated when it failed, so a failed,
 * interrupted or killed run is never taken as up to date.
 */
export class CacheDecider implements Decider {
  readonly #pipeline: Pipeline;
  readonly #store: StateStore;
  readonly #ctx: FingerprintContext;
  readonly #force: CacheDeciderOptions["force"];
  readonly #signal: AbortSignal | undefined;
  readonly #inputs = new Map<string, TaskInputs>();

  constructor(pipeline: Pipeline, store: StateStore, opts: CacheDeciderOptions) {
    this.#pipeline = pipeline;
    this.#store = store;
    this.#force = opts.force;
    this.#signal = opts.signal;
    this.#ctx = new FingerprintContext(pipeline, { records: store, interpreter: opts.interpreter });
  }

  /** Whether `task` must run, and why; its inputs are kept for {@link CacheDecider.succeeded}. */
  async decide(task: Task): Promise<{ run: boolean; reasons: string[] }> {
    const force = this.#force === true || (this.#force instanceof Set && this.#force.has(task.name));
    const { inputs, decision } = await assessTask(task, { ctx: this.#ctx, store: this.#store, force });
    this.#inputs.set(task.name, inputs);
    return { run: decision.run, reasons: decision.reasons.map(describeReason) };
  }

  /**
   * Reads and parses the sources of `tasks` (and the project modules they import) concurrently,
   * ahead of the scheduler asking for them one by one down a chain. Errors surface in `decide()`.
   */
  async warm(tasks: Iterable<Task>): Promise<void> {
    const python = [...tasks].filter((t) => t.kind !== "typescript");
    await mapPool(
      python,
      16,
      (t) => Promise.all([this.#ctx.codeOf(t), this.#ctx.importsOf(t)]).catch(() => {}),
    );
  }

  /** Saves what was learnt about sources (the analysis memo) for the next build. */
  flush(): Promise<void> {
    return this.#ctx.flush();
  }

  /**
   * The task is about to run: until it succeeds it counts as interrupted, so a build killed
   * mid-task leaves it outdated. Not called for a task that was decided but never started.
   */
  async started(task: Task): Promise<void> {
    await this.#store.recordStart(task.name, new Date(), this.#inputs.get(task.name)?.fingerprint);
  }

  /** Records a success with fresh product hashes; a product gone missing makes it a failure. */
  async succeeded(task: Task, seconds: number): Promise<void> {
    const inputs = this.#inputs.get(task.name);
    if (!inputs) throw new BugError(`task "${task.name}" succeeded without being decided`);
    try {
      const record = await buildRecord(task, inputs, { root: this.#pipeline.root, durationS: seconds });
      await this.#store.recordSuccess(task.name, record);
    } catch (e) {
      await this.#store.invalidate(task.name, { fingerprint: inputs.fingerprint });
      throw e;
    }
  }

  /** The task failed (or was interrupted): its previous record no longer counts. */
  async failed(task: Task): Promise<void> {
    await this.#store.invalidate(task.name, {
      interrupted: this.#signal?.aborted === true,
      fingerprint: this.#inputs.get(task.name)?.fingerprint,
    });
  }
}
