import type { Pipeline, Task } from "../graph/mod.ts";
import type {
  BuildEvent,
  BuildSummary,
  Decider,
  Runner,
  TaskFailure,
  TaskOutcome,
  TaskProgress,
  TaskReport,
} from "./types.ts";

/** Options for {@link runSchedule}. */
export interface ScheduleOptions {
  /** Most tasks running at once (1 = serial). */
  jobs: number;
  runner: Runner;
  decider: Decider;
  /** Tasks to consider; the others are taken as settled and up to date. Default: all. */
  selection?: ReadonlySet<string>;
  /** Ctrl-C: running tasks are interrupted, nothing new starts. */
  signal?: AbortSignal;
  /**
   * A stop on purpose (its `reason`, a string, says where): nothing new starts, running tasks
   * finish, and the tasks left out are skipped without making the build a failure.
   */
  stop?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
  /** Last recorded run time (seconds) per task, passed on in `build-start` for an ETA. */
  estimates?: Readonly<Record<string, number>>;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
}

const BAD: ReadonlySet<TaskOutcome> = new Set(["failed", "skipped", "interrupted"]);

/** Adds up the time a task spends between a `kernel` progress and the next progress (or its end). */
class KernelWait {
  #now: () => number;
  #since: number | undefined;
  #ms = 0;
  constructor(now: () => number) {
    this.#now = now;
  }
  hear(progress: TaskProgress): void {
    this.stop();
    if (progress.phase === "kernel") this.#since = this.#now();
  }
  /** Seconds waited so far (closing an open wait). */
  stop(): number {
    if (this.#since !== undefined) this.#ms += this.#now() - this.#since;
    this.#since = undefined;
    return this.#ms / 1000;
  }
}

/** A counting semaphore that releases waiters in arrival order. */
class Slots {
  #free: number;
  #waiting: (() => void)[] = [];
  constructor(n: number) {
    this.#free = Math.max(1, n);
  }
  async take(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return;
    }
    await new Promise<void>((r) => this.#waiting.push(r));
  }
  give(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}

/**
 * Runs a pipeline's tasks in dependency order: each task is decided once its upstream settle,
 * runs when a slot is free, and a failure skips its descendants while independent branches go on.
 */
export async function runSchedule(pipeline: Pipeline, opts: ScheduleOptions): Promise<BuildSummary> {
  const now = opts.now ?? (() => performance.now());
  const emit = opts.onEvent ?? (() => {});
  const selected = pipeline.order.filter((n) => !opts.selection || opts.selection.has(n));
  const inSel = new Set(selected);
  const waiting = new Map<string, number>();
  const blocked = new Map<string, string>();
  for (const n of selected) {
    waiting.set(
      n,
      pipeline.tasks.get(n)!.upstream.filter((u) => inSel.has(u)).length,
    );
  }
  const reports = new Map<string, TaskReport>();
  const slots = new Slots(opts.jobs);
  const start = now();
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  emit({
    type: "build-start",
    tasks: selected,
    jobs: opts.jobs,
    ...(opts.estimates ? { estimates: opts.estimates } : {}),
  });

  const stopped = new Set<string>();
  const stoppedReport = (name: string): TaskReport => {
    stopped.add(name);
    return { name, outcome: "skipped", seconds: 0, reasons: [`build stopped early by ${opts.stop!.reason}`] };
  };
  const settle = (report: TaskReport) => {
    reports.set(report.name, report);
    emit({
      type: "task-end",
      name: report.name,
      outcome: report.outcome,
      seconds: report.seconds,
      reasons: report.reasons,
      failure: report.failure,
      ...(report.kernelSeconds !== undefined ? { kernelSeconds: report.kernelSeconds } : {}),
    });
    for (const d of pipeline.downstream.get(report.name) ?? []) {
      if (!inSel.has(d)) continue;
      if (BAD.has(report.outcome) && !blocked.has(d)) blocked.set(d, report.name);
      const left = waiting.get(d)! - 1;
      waiting.set(d, left);
      if (left === 0) launch(d);
    }
    if (reports.size === selected.length) done();
  };

  const launch = (name: string) => {
    const task = pipeline.tasks.get(name)!;
    if (opts.stop?.aborted) return settle(stoppedReport(name));
    const cause = blocked.get(name);
    if (cause !== undefined) {
      const why = reports.get(cause)!.outcome === "failed"
        ? `upstream "${cause}" failed`
        : `upstream "${cause}" did not run`;
      return settle({ name, outcome: "skipped", seconds: 0, reasons: [why] });
    }
    if (opts.signal?.aborted) {
      return settle({ name, outcome: "skipped", seconds: 0, reasons: ["build interrupted"] });
    }
    void process(task).catch((e) =>
      settle({
        name,
        outcome: "failed",
        seconds: 0,
        reasons: [],
        failure: { message: String(e?.message ?? e) },
      })
    );
  };

  const process = async (task: Task) => {
    const decision = await opts.decider.decide(task);
    if (!decision.run) {
      return settle({ name: task.name, outcome: "up-to-date", seconds: 0, reasons: decision.reasons });
    }
    await slots.take();
    try {
      if (opts.signal?.aborted) {
        return settle({ name: task.name, outcome: "skipped", seconds: 0, reasons: ["build interrupted"] });
      }
      if (opts.stop?.aborted) return settle(stoppedReport(task.name));
      emit({ type: "task-start", name: task.name, reasons: decision.reasons });
      const t0 = now();
      const wait = new KernelWait(now);
      let failure: TaskFailure | undefined;
      try {
        const signal = opts.signal ?? new AbortController().signal;
        const result = await opts.runner.run(task, {
          signal,
          onOutput: (output) => emit({ type: "task-output", name: task.name, output }),
          onDisplay: (display) => emit({ type: "task-display", name: task.name, display }),
          onProgress: (progress) => {
            wait.hear(progress);
            emit({ type: "task-progress", name: task.name, progress });
          },
        });
        if (!result.ok) failure = result.failure;
      } catch (e) {
        failure = { message: e instanceof Error ? e.message : String(e) };
      }
      const kernelSeconds = wait.stop();
      const seconds = Math.max(0, (now() - t0) / 1000 - kernelSeconds);
      const outcome: TaskOutcome = failure ? (opts.signal?.aborted ? "interrupted" : "failed") : "ran";
      if (failure) await opts.decider.failed(task);
      else await opts.decider.succeeded(task, seconds);
      settle({ name: task.name, outcome, seconds, kernelSeconds, reasons: decision.reasons, failure });
    } finally {
      slots.give();
    }
  };

  if (selected.length === 0) done();
  for (const n of selected) if (waiting.get(n) === 0) launch(n);
  await finished;
  const tasks = selected.map((n) => reports.get(n)!);
  const summary: BuildSummary = {
    tasks,
    seconds: (now() - start) / 1000,
    interrupted: opts.signal?.aborted ?? false,
    ok: tasks.every((t) => !BAD.has(t.outcome) || stopped.has(t.name)),
  };
  if (opts.stop?.aborted) summary.stoppedEarly = String(opts.stop.reason);
  emit({ type: "build-end", summary });
  return summary;
}
