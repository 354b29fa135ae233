import type { Task } from "../graph/mod.ts";

/** How a task's part in a build ended. */
export type TaskOutcome = "ran" | "up-to-date" | "failed" | "skipped" | "interrupted";

/** A task failure as data: what to show the user. */
export interface TaskFailure {
  message: string;
  ename?: string;
  evalue?: string;
  /** Traceback lines (may hold ANSI colour codes from IPython). */
  traceback?: string[];
  /** Path (relative to the pipeline folder) of the partial executed notebook. */
  notebook?: string;
  /** 1-based index of the failing cell in the executed notebook. */
  cell?: number;
}

/** What a runner reports after running one task. */
export type RunResult = { ok: true } | { ok: false; failure: TaskFailure };

/** Something a running task printed. */
export interface TaskOutput {
  stream: "stdout" | "stderr";
  text: string;
}

/**
 * Where a running task is: waiting for (or starting) a kernel, or executing code cell `cell` of
 * `cells` (both 1-based; a function task is one cell).
 */
export type TaskProgress = { phase: "kernel" } | { phase: "cell"; cell: number; cells: number };

/** Runs one task; knows how (a kernel, a Deno function). The scheduler knows only this. */
export interface Runner {
  run(task: Task, ctx: RunContext): Promise<RunResult>;
}

/** Passed to {@link Runner.run}. */
export interface RunContext {
  /** Aborted on Ctrl-C: stop the task (interrupt its kernel) and return. */
  signal: AbortSignal;
  /** Streams the task's output as it arrives. */
  onOutput(output: TaskOutput): void;
  /**
   * Hears where the task is. The time from a `kernel` progress to the next progress (or the end)
   * is counted as kernel wait, apart from the run time.
   */
  onProgress?(progress: TaskProgress): void;
}

/** Decides, just before a task would run, whether it must; and hears how it ended. */
export interface Decider {
  decide(task: Task): Promise<{ run: boolean; reasons: string[] }>;
  /** The task ran and succeeded: record it. */
  succeeded(task: Task, seconds: number): Promise<void>;
  /** The task failed or was interrupted: it must never be taken as up to date. */
  failed(task: Task): Promise<void>;
}

/** Events a build emits, in order, for progress views and reports. */
export type BuildEvent =
  | { type: "build-start"; tasks: readonly string[]; jobs: number }
  | { type: "task-start"; name: string; reasons: readonly string[] }
  | { type: "task-output"; name: string; output: TaskOutput }
  | { type: "task-progress"; name: string; progress: TaskProgress }
  | {
    type: "task-end";
    name: string;
    outcome: TaskOutcome;
    /** Run time, kernel wait excluded. */
    seconds: number;
    /** Time spent waiting for (or starting) a kernel, apart from `seconds`. */
    kernelSeconds?: number;
    reasons?: readonly string[];
    failure?: TaskFailure;
  }
  | { type: "build-end"; summary: BuildSummary };

/** One row of the end-of-build table. */
export interface TaskReport {
  name: string;
  outcome: TaskOutcome;
  /** Run time, kernel wait excluded. */
  seconds: number;
  /** Time spent waiting for (or starting) a kernel, apart from `seconds`. */
  kernelSeconds?: number;
  reasons: readonly string[];
  failure?: TaskFailure;
}

/** What a build did. */
export interface BuildSummary {
  tasks: TaskReport[];
  seconds: number;
  interrupted: boolean;
  ok: boolean;
}
