import type { Pipeline, Task } from "../graph/mod.ts";
import { mapPool } from "../util/mod.ts";
import { decide } from "./decide.ts";
import { FingerprintContext } from "./fingerprint.ts";
import { checkProducts } from "./products.ts";
import type { StateStore } from "./state_store.ts";
import type { Decision, ProductCheck, Reason, TaskInputs, TaskRecord, TaskState } from "./types.ts";

/** Options for {@link assessTask}. */
export interface AssessOptions {
  readonly ctx: FingerprintContext;
  readonly store: StateStore;
  /** Run whatever the state says (`--force`). */
  readonly force?: boolean;
}

/** Everything known about one task before it runs. */
export interface Assessment {
  readonly inputs: TaskInputs;
  readonly state: TaskState | undefined;
  readonly products: readonly ProductCheck[];
  readonly decision: Decision;
  /**
   * Set when the task is up to date thanks to an earlier run than its last one (a configuration
   * switched back to): the ISO time that run finished.
   */
  readonly matchesRun?: string;
}

/**
 * Computes a task's inputs, checks its products and decides. In a build, call it once the task's
 * upstreams are done (their fresh records are then in the store, which gives early cutoff).
 *
 * @example
 * ```ts ignore
 * const { inputs, decision } = await assessTask(task, { ctx, store, force: false });
 * ```
 */
export async function assessTask(task: Task, options: AssessOptions): Promise<Assessment> {
  const { ctx, store } = options;
  const state = store.state(task.name);
  const latest = state?.status === "ok" ? state.record : undefined;
  const check = (record: TaskRecord | undefined) => checkProducts(task, { root: ctx.pipeline.root, record });
  // Usually the last run matches: check its products while the inputs are computed.
  const [inputs, checked] = await Promise.all([ctx.inputsOf(task), check(latest)]);
  const matched = store.find(task.name, inputs.fingerprint);
  const products = matched && matched !== latest ? await check(matched) : checked;
  const decision = decide(state, { inputs, products, force: options.force, matched });
  const earlier = matched && matched !== latest && !decision.run ? { matchesRun: matched.finishedAt } : {};
  return { inputs, state, products, decision, ...earlier };
}

/** Options for {@link taskStatus}. */
export interface StatusOptions {
  /** Identity of the Python interpreter (see {@link FingerprintOptions}). */
  readonly interpreter?: string;
  /** How many tasks are assessed at once (default 64). */
  readonly concurrency?: number;
}

/** A task's status without building. */
export interface TaskStatus extends Assessment {
  readonly name: string;
  /** True when a build would run it (its own reasons, or an outdated upstream). */
  readonly outdated: boolean;
  /**
   * Its own reasons, then `upstream "x" outdated` for each outdated direct upstream (left out for a
   * task that never ran, where it would be noise).
   */
  readonly reasons: readonly Reason[];
}

/**
 * The status of every task, in `pipeline.order`, without building: each task is judged against the
 * recorded upstream products, and a task below an outdated upstream is outdated too.
 *
 * @example
 * ```ts ignore
 * const store = await StateStore.open(pipeline.root);
 * for (const s of await taskStatus(pipeline, store)) console.log(s.name, s.reasons.map(describeReason));
 * ```
 */
export async function taskStatus(
  pipeline: Pipeline,
  store: StateStore,
  options: StatusOptions = {},
): Promise<TaskStatus[]> {
  const ctx = new FingerprintContext(pipeline, { records: store, interpreter: options.interpreter });
  const assessed = await mapPool(
    pipeline.order,
    options.concurrency ?? 64,
    (name) => assessTask(pipeline.tasks.get(name)!, { ctx, store }),
  );
  await ctx.flush();
  const outdated = new Set<string>();
  return pipeline.order.map((name, i) => {
    const a = assessed[i];
    const reasons: Reason[] = [...a.decision.reasons];
    const neverRan = a.state === undefined;
    for (const up of pipeline.tasks.get(name)!.upstream) {
      if (outdated.has(up) && !neverRan) reasons.push({ kind: "upstream-outdated", name: up });
    }
    if (reasons.length) outdated.add(name);
    return { ...a, name, outdated: reasons.length > 0, reasons };
  });
}
