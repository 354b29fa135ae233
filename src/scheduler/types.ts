import type { Task } from "../graph/mod.ts";

/** How a task's part in a build ended. */
export type TaskOutcome = "ran" | "up-to-date" | "failed" | "skipped" | "interrupted";

/** Where in the user's own files a task failed (paths relative to the pipeline folder). */
export interface FailureLocation {
  /** The file, relative to the pipeline folder. */
  file: string;
  /** 1-based line in `file` (for a notebook: in the cell). */
  line: number;
  /** For a notebook (`.ipynb`): 1-based index of the cell in the file. */
  cell?: number;
}

/** A task failure as data: what to show the user. */
export interface TaskFailure {
  /** One line saying what failed. */
  message: string;
  /** The deepest frame of the traceback in the user's files, mapped from the cell to the source file. */
  location?: FailureLocation;
  /** The traceback without library frames, cell frames renumbered as in the source file. */
  userTraceback?: string[];
  /** How many library frames `userTraceback` leaves out. */
  foldedFrames?: number;
  /** The Python exception's class name. */
  ename?: string;
  /** The Python exception's message. */
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
  /** Which stream it was printed on. */
  stream: "stdout" | "stderr";
  /** The text, as it arrived (not split in lines). */
  text: string;
}

/**
 * Where a running task is: waiting for (or starting) a kernel, or executing code cell `cell` of
 * `cells` (both 1-based; a function task is one cell).
 */
export type TaskProgress = { phase: "kernel" } | { phase: "cell"; cell: number; cells: number };

/** An image a running task displayed (a plot), for live views; the executed notebook keeps them all. */
export interface TaskDisplay {
  /** The image's type. */
  mime: "image/png" | "image/jpeg" | "image/svg+xml";
  /** Base64 for PNG and JPEG, the SVG text for SVG. */
  data: string;
}

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
  /** Streams the images the task displays as they arrive (optional: live views only). */
  onDisplay?(display: TaskDisplay): void;
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
  | {
    type: "build-start";
    tasks: readonly string[];
    jobs: number;
    /** Last recorded run time (seconds) of tasks that ran before, for an ETA. */
    estimates?: Readonly<Record<string, number>>;
  }
  | { type: "task-start"; name: string; reasons: readonly string[] }
  | { type: "task-output"; name: string; output: TaskOutput }
  | { type: "task-display"; name: string; display: TaskDisplay }
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
  /** The task's name. */
  name: string;
  /** How the task's part ended. */
  outcome: TaskOutcome;
  /** Run time, kernel wait excluded. */
  seconds: number;
  /** Time spent waiting for (or starting) a kernel, apart from `seconds`. */
  kernelSeconds?: number;
  /** Why it ran, or why it was skipped. */
  reasons: readonly string[];
  /** What went wrong, for a failed or interrupted task. */
  failure?: TaskFailure;
}

/** What a build did. */
export interface BuildSummary {
  /** One report per task considered, in topological order. */
  tasks: TaskReport[];
  /** Wall time of the whole build. */
  seconds: number;
  /** Ctrl-C (or a signal) stopped it. */
  interrupted: boolean;
  /** No task failed, was skipped or interrupted. */
  ok: boolean;
  /** Set when the build was stopped on purpose (a hook raised `DAGBuildEarlyStop`): where. */
  stoppedEarly?: string;
}
