import { assessTask, buildRecord, describeReason, FingerprintContext, type StateStore, type TaskInputs } from "../cache/mod.ts";
import type { Pipeline, Task } from "../graph/mod.ts";
import type { Decider } from "../scheduler/mod.ts";

/** Options for {@link CacheDecider}. */
export interface CacheDeciderOptions {
  /** Tasks to run whatever their state (`--force`): true for all, or a set of names. */
  force?: boolean | ReadonlySet<string>;
  /** Interpreter identity, part of every Python task's fingerprint. */
  interpreter: string;
}

/** The scheduler's {@link Decider}, backed by content fingerprints and the `.plait/` state store. */
export class CacheDecider implements Decider {
  readonly #pipeline: Pipeline;
  readonly #store: StateStore;
  readonly #ctx: FingerprintContext;
  readonly #force: CacheDeciderOptions["force"];
  readonly #inputs = new Map<string, TaskInputs>();

  constructor(pipeline: Pipeline, store: StateStore, opts: CacheDeciderOptions) {
    this.#pipeline = pipeline;
    this.#store = store;
    this.#force = opts.force;
    this.#ctx = new FingerprintContext(pipeline, { records: store, interpreter: opts.interpreter });
  }

  async decide(task: Task): Promise<{ run: boolean; reasons: string[] }> {
    const force = this.#force === true || (this.#force instanceof Set && this.#force.has(task.name));
    const { inputs, decision } = await assessTask(task, { ctx: this.#ctx, store: this.#store, force });
    this.#inputs.set(task.name, inputs);
    if (decision.run) await this.#store.recordStart(task.name);
    return { run: decision.run, reasons: decision.reasons.map(describeReason) };
  }

  async succeeded(task: Task, seconds: number): Promise<void> {
    const inputs = this.#inputs.get(task.name)!;
    await this.#store.recordSuccess(task.name, await buildRecord(task, inputs, { root: this.#pipeline.root, durationS: seconds }));
  }

  async failed(task: Task): Promise<void> {
    await this.#store.invalidate(task.name);
  }
}
