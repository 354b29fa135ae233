import type { BuildHeader, LogLine } from "./event_log.ts";
import { type BuildInfo, type Change, LiveBuild, type OutputChunk } from "./live_state.ts";

/** One past run of a task, for its duration chart. */
export interface HistoryPoint {
  build: string;
  startedAt: number;
  seconds: number;
  outcome: "ran" | "failed" | "interrupted";
}

/** Options of {@link Hub}. */
export interface HubOptions {
  /** Is this process still alive? (default: `/proc/<pid>` exists, on Linux). */
  isAlive?: (pid: number) => boolean;
  /** A running build silent for this long whose process is gone is marked gone (default 2000 ms). */
  goneAfterMs?: number;
}

/**
 * Every build known to one consumer, folded from the event files, and the listeners (pages) told
 * of each change. Each page gets its own copy of every change; nothing a page does changes the hub.
 */
export class Hub {
  readonly builds = new Map<string, LiveBuild>();
  #listeners = new Set<(changes: Change[]) => void>();
  #isAlive: (pid: number) => boolean;
  #goneAfter: number;

  constructor(opts: HubOptions = {}) {
    this.#isAlive = opts.isAlive ?? procAlive;
    this.#goneAfter = opts.goneAfterMs ?? 2000;
  }

  /** The newest build, if any. */
  get latest(): LiveBuild | undefined {
    let last: LiveBuild | undefined;
    for (const b of this.builds.values()) if (!last || b.info.id > last.info.id) last = b;
    return last;
  }

  /** Listens to changes; returns the unsubscribe function. */
  subscribe(fn: (changes: Change[]) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Folds lines read from build `id`'s file and tells the listeners. Returns whether it ended. */
  ingest(id: string, lines: readonly LogLine[]): boolean {
    const changes: Change[] = [];
    let build = this.builds.get(id);
    for (const line of lines) {
      if ("kind" in line && line.kind === "open") {
        if (!build) this.builds.set(id, build = new LiveBuild(line as BuildHeader));
        changes.push({ kind: "build", build: { ...build.info } });
      } else if (build && "e" in line) {
        changes.push(...build.apply(line));
      }
    }
    this.#tell(changes);
    return build !== undefined && build.info.state !== "running";
  }

  /** Marks running builds whose process died as gone; returns the ids it marked. */
  reap(now = Date.now()): string[] {
    const gone: string[] = [];
    for (const b of this.builds.values()) {
      if (b.info.state !== "running" || now - b.lastEventAt < this.#goneAfter) continue;
      if (this.#isAlive(b.info.pid)) continue;
      this.#tell(b.markGone());
      gone.push(b.info.id);
    }
    return gone;
  }

  /** Tells listeners something that did not come from an event file (a notice, new statuses). */
  tell(changes: Change[] | Record<string, unknown>[]): void {
    this.#tell(changes as Change[]);
  }

  #tell(changes: Change[]): void {
    if (!changes.length) return;
    for (const fn of this.#listeners) fn(changes);
  }

  /** The task's runs in past builds, oldest first (at most `limit`). */
  history(name: string, limit = 20): HistoryPoint[] {
    const out: HistoryPoint[] = [];
    for (const b of [...this.builds.values()].sort((x, y) => cmp(x.info.id, y.info.id))) {
      const t = b.tasks.get(name);
      if (!t || t.seconds === undefined) continue;
      if (t.status !== "ran" && t.status !== "failed" && t.status !== "interrupted") continue;
      out.push({
        build: b.info.id,
        startedAt: t.startedAt ?? b.info.startedAt,
        seconds: t.seconds,
        outcome: t.status,
      });
    }
    return out.slice(-limit);
  }

  /** A task's output in a build, as kept. */
  output(build: string, name: string): { chunks: OutputChunk[]; dropped: boolean } {
    const kept = this.builds.get(build)?.outputs.get(name);
    return { chunks: kept?.chunks ?? [], dropped: kept?.dropped ?? false };
  }

  /** Build headers, newest first. */
  list(): BuildInfo[] {
    return [...this.builds.values()].map((b) => ({ ...b.info })).sort((x, y) => cmp(y.id, x.id));
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function procAlive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}
