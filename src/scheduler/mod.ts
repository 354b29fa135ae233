/**
 * The build loop: a ready set, a concurrency limit, skip and abort propagation, events.
 * It knows a {@link Runner} and a {@link Decider}, not kernels or caches.
 * @module
 */
export { runSchedule, type ScheduleOptions } from "./schedule.ts";
export { ancestors, matchTasks, selectPartial } from "./select.ts";
export type {
  BuildEvent,
  BuildSummary,
  Decider,
  FailureLocation,
  RunContext,
  Runner,
  RunResult,
  TaskDisplay,
  TaskFailure,
  TaskOutcome,
  TaskOutput,
  TaskProgress,
  TaskReport,
} from "./types.ts";
