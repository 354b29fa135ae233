/**
 * Is a task up to date? Content fingerprints (code cells only, params, options, kernel, upstream
 * product hashes as recorded, declared deps, imported project modules), product checks with a stat
 * cache, a pure `decide()`, the `.plait/` state store (journal + compacted snapshot), and the build lock.
 *
 * @example
 * ```ts ignore
 * await using _lock = await acquireLock(pipeline.root, { command: "build" });
 * const store = await StateStore.open(pipeline.root);
 * const ctx = new FingerprintContext(pipeline, { records: store, interpreter: "/usr/bin/python3 3.11.2" });
 * for (const name of pipeline.order) {
 *   const task = pipeline.tasks.get(name)!;
 *   const { inputs, decision } = await assessTask(task, { ctx, store });
 *   if (!decision.run) continue;
 *   await store.recordStart(name);
 *   const started = performance.now();
 *   // ... run the task; on failure: await store.invalidate(name)
 *   const durationS = (performance.now() - started) / 1000;
 *   await store.recordSuccess(name, await buildRecord(task, inputs, { root: pipeline.root, durationS }));
 * }
 * await store.compact();
 * ```
 *
 * @module
 */
export type {
  Decision,
  FingerprintComponents,
  ProductCheck,
  ProductStat,
  Reason,
  TaskInputs,
  TaskRecord,
  TaskState,
} from "./types.ts";
export {
  computeInputs,
  FingerprintContext,
  type FingerprintOptions,
  type RecordSource,
} from "./fingerprint.ts";
export {
  buildRecord,
  type BuildRecordOptions,
  checkProducts,
  type CheckProductsOptions,
  hashProduct,
  statProduct,
} from "./products.ts";
export { decide, type DecideFacts, describeReason } from "./decide.ts";
export { StateStore, type StateStoreOptions } from "./state_store.ts";
export {
  acquireLock,
  type BuildLock,
  type LockOptions,
  readRunningBuild,
  type RunningBuild,
} from "./lock.ts";
export {
  type Assessment,
  type AssessOptions,
  assessTask,
  type StatusOptions,
  type TaskStatus,
  taskStatus,
} from "./status.ts";
