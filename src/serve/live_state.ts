import type { TaskFailure, TaskProgress } from "../scheduler/types.ts";
import type { BuildHeader, LoggedEvent } from "./event_log.ts";

/** A task's state in a build as the page shows it. */
export type LiveStatus = "queued" | "running" | "ran" | "up-to-date" | "failed" | "skipped" | "interrupted";

/** Where a running task is: starting its kernel, or on cell `cell` of `cells`. */
export type Progress = TaskProgress;

/** One task of a build. */
export interface LiveTask {
  name: string;
  status: LiveStatus;
  reasons: readonly string[];
  /** Epoch ms. */
  startedAt?: number;
  endedAt?: number;
  seconds?: number;
  kernelSeconds?: number;
  progress?: Progress;
  /** Worker slot (0-based) it ran in: the lowest slot free when it started. */
  lane?: number;
  failure?: TaskFailure;
}

/** The state of a whole build. */
export type BuildState = "running" | "ok" | "failed" | "interrupted" | "gone";

/** A build's header facts and state, without its tasks. */
export interface BuildInfo {
  id: string;
  command: string;
  pid: number;
  startedAt: number;
  endedAt?: number;
  state: BuildState;
  jobs: number;
  seconds?: number;
}

/** A chunk of a task's output. */
export interface OutputChunk {
  stream: "stdout" | "stderr" | "display";
  text: string;
  /** An image the task displayed (`stream: "display"`): base64 PNG/JPEG or SVG text. */
  image?: { mime: string; data: string };
}

/** What changed after one event: sent to pages as is. */
export type Change =
  | { kind: "build"; build: BuildInfo }
  | { kind: "task"; build: string; task: LiveTask; t: number }
  | { kind: "output"; build: string; name: string; chunk: OutputChunk; t: number };

/** Most output kept per task; older text is dropped with a marker. */
export const OUTPUT_LIMIT = 256 * 1024;

/** A build, folded from its events: one instance per event file, per consumer. */
export class LiveBuild {
  readonly info: BuildInfo;
  readonly tasks = new Map<string, LiveTask>();
  /** Output kept per task; `dropped` when older text was let go. */
  readonly outputs = new Map<string, { chunks: OutputChunk[]; bytes: number; dropped: boolean }>();
  /** Epoch ms of the last event. */
  lastEventAt: number;
  #lanes: (string | undefined)[] = [];

  constructor(header: BuildHeader) {
    this.info = {
      id: header.id,
      command: header.command,
      pid: header.pid,
      startedAt: header.startedAt,
      state: "running",
      jobs: 1,
    };
    this.lastEventAt = header.startedAt;
  }

  /** Folds one event in; returns what changed. Unknown event types change nothing. */
  apply(logged: LoggedEvent): Change[] {
    const { t, e } = logged;
    this.lastEventAt = t;
    const id = this.info.id;
    const task = (name: string) => this.#task(name);
    const changed = (x: LiveTask): Change[] => [{ kind: "task", build: id, task: { ...x }, t }];
    switch (e.type) {
      case "build-start": {
        const ev = e as unknown as { tasks: readonly string[]; jobs: number };
        this.info.jobs = ev.jobs;
        const out: Change[] = [{ kind: "build", build: { ...this.info } }];
        for (const name of ev.tasks) out.push(...changed(task(name)));
        return out;
      }
      case "task-start": {
        const ev = e as unknown as { name: string; reasons: readonly string[] };
        const x = task(ev.name);
        Object.assign(x, { status: "running", reasons: ev.reasons, startedAt: t, progress: undefined });
        x.lane = this.#takeLane(ev.name);
        return changed(x);
      }
      case "task-progress": {
        const ev = e as unknown as { name: string; progress: Progress };
        const x = task(ev.name);
        x.progress = ev.progress;
        return changed(x);
      }
      case "task-output": {
        const ev = e as unknown as { name: string; output: OutputChunk };
        this.#keepOutput(ev.name, ev.output);
        return [{ kind: "output", build: id, name: ev.name, chunk: ev.output, t }];
      }
      case "task-display": {
        const ev = e as unknown as { name: string; display: { mime: string; data: string } };
        const chunk: OutputChunk = { stream: "display", text: "", image: ev.display };
        this.#keepOutput(ev.name, chunk);
        return [{ kind: "output", build: id, name: ev.name, chunk, t }];
      }
      case "task-end":
        return changed(this.#end(t, e as unknown as EndEvent));
      case "build-end": {
        const ev = e as unknown as { summary: { ok: boolean; interrupted: boolean; seconds: number } };
        this.#finish(t, ev.summary.ok ? "ok" : ev.summary.interrupted ? "interrupted" : "failed");
        this.info.seconds = ev.summary.seconds;
        return [{ kind: "build", build: { ...this.info } }];
      }
      default:
        return [];
    }
  }

  /** The build's process is gone without a `build-end` (killed): nothing is running any more. */
  markGone(): Change[] {
    if (this.info.state !== "running") return [];
    this.#finish(this.lastEventAt, "gone");
    const out: Change[] = [{ kind: "build", build: { ...this.info } }];
    for (const x of this.tasks.values()) {
      if (x.status === "running" || x.status === "queued") {
        x.status = "interrupted";
        out.push({ kind: "task", build: this.info.id, task: { ...x }, t: this.lastEventAt });
      }
    }
    return out;
  }

  #finish(t: number, state: BuildState): void {
    this.info.state = state;
    this.info.endedAt = t;
  }

  #task(name: string): LiveTask {
    let x = this.tasks.get(name);
    if (!x) this.tasks.set(name, x = { name, status: "queued", reasons: [] });
    return x;
  }

  #end(t: number, ev: EndEvent): LiveTask {
    const x = this.#task(ev.name);
    const status: LiveStatus = ev.outcome === "ran" ? "ran" : ev.outcome;
    Object.assign(x, { status, seconds: ev.seconds, endedAt: t, progress: undefined });
    if (ev.reasons && status !== "ran") x.reasons = ev.reasons;
    if (ev.failure) x.failure = ev.failure;
    if (ev.kernelSeconds !== undefined) x.kernelSeconds = ev.kernelSeconds;
    const lane = this.#lanes.indexOf(ev.name);
    if (lane >= 0) this.#lanes[lane] = undefined;
    return x;
  }

  #takeLane(name: string): number {
    let lane = this.#lanes.indexOf(undefined);
    if (lane < 0) lane = this.#lanes.length;
    this.#lanes[lane] = name;
    return lane;
  }

  #keepOutput(name: string, chunk: OutputChunk): void {
    let kept = this.outputs.get(name);
    if (!kept) this.outputs.set(name, kept = { chunks: [], bytes: 0, dropped: false });
    kept.chunks.push(chunk);
    kept.bytes += size(chunk);
    while (kept.bytes > OUTPUT_LIMIT && kept.chunks.length > 1) {
      kept.bytes -= size(kept.chunks.shift()!);
      kept.dropped = true;
    }
  }
}

interface EndEvent {
  name: string;
  outcome: "ran" | "up-to-date" | "failed" | "skipped" | "interrupted";
  seconds: number;
  reasons?: readonly string[];
  failure?: TaskFailure;
  kernelSeconds?: number;
}

/** What a chunk weighs against {@link OUTPUT_LIMIT}. */
function size(chunk: OutputChunk): number {
  return chunk.text.length + (chunk.image?.data.length ?? 0);
}
