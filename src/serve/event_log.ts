import type { BuildEvent } from "../scheduler/types.ts";
import { join } from "../util/path.ts";

/** Where builds publish their events, under the pipeline folder. */
export const EVENTS_DIR = ".plait/events";

/** How many builds' event files are kept (older ones are removed when a build starts). */
export const KEEP_BUILDS = 30;

/** The first line of a build's event file: who wrote it. */
export interface BuildHeader {
  kind: "open";
  /** Sortable and unique: `<UTC time>-<pid>-<random>`. */
  id: string;
  pid: number;
  command: string;
  /** Epoch milliseconds. */
  startedAt: number;
}

/**
 * A build event as it travels from the build to viewers: the scheduler's {@link BuildEvent} (or an
 * event a newer build writes that this reader does not know) with the wall-clock time it was written.
 */
export interface LoggedEvent {
  /** Epoch milliseconds when the build emitted it. */
  t: number;
  e: BuildEvent | { type: string; name?: string; [key: string]: unknown };
}

/** One line of an event file. */
export type LogLine = BuildHeader | LoggedEvent;

/** A fresh build id, sortable by start time: `20261202T125224123Z-4711-k3x9`. */
export function newBuildId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "");
  return `${stamp}-${Deno.pid}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Options of {@link EventLogWriter.open}. */
export interface EventLogOptions {
  /** The command that runs the build (shown in the page). */
  command: string;
  /** Clock (epoch ms); tests and benchmarks inject one. */
  now?: () => number;
  /** Builds to keep (default {@link KEEP_BUILDS}). */
  keep?: number;
}

/**
 * Appends one build's events to `.plait/events/<id>.jsonl`, one JSON object a line, each written
 * with a single `write` on a file opened for append: readers (any number of `serve` processes) only
 * ever read, never lock or truncate, and take only complete lines. Each build has its own file, so
 * two builds never interleave. The file is created at the first event (the scheduler's
 * `build-start`, after the project lock is taken), so a build refused by the lock leaves none.
 */
export class EventLogWriter {
  #file: Deno.FsFile | undefined;
  #closed = false;
  #enc = new TextEncoder();
  #now: () => number;
  readonly id: string;
  readonly path: string;

  constructor(readonly root: string, readonly opts: EventLogOptions) {
    this.#now = opts.now ?? Date.now;
    this.id = newBuildId(new Date(this.#now()));
    this.path = join(root, EVENTS_DIR, `${this.id}.jsonl`);
  }

  /** Appends one event, stamped with the current time (the first one creates the file). */
  write(event: BuildEvent): void {
    if (this.#closed) return;
    if (!this.#file) this.#create();
    this.#line({ t: this.#now(), e: event });
  }

  #create(): void {
    const dir = join(this.root, EVENTS_DIR);
    Deno.mkdirSync(dir, { recursive: true });
    pruneSync(dir, (this.opts.keep ?? KEEP_BUILDS) - 1);
    this.#file = Deno.openSync(this.path, { append: true, createNew: true });
    const header: BuildHeader = {
      kind: "open",
      id: this.id,
      pid: Deno.pid,
      command: this.opts.command,
      startedAt: this.#now(),
    };
    this.#line(header);
  }

  #line(line: LogLine): void {
    const bytes = this.#enc.encode(JSON.stringify(line) + "\n");
    let at = 0;
    while (at < bytes.length) at += this.#file!.writeSync(bytes.subarray(at));
  }

  /** Closes the file; later writes are dropped. */
  close(): void {
    this.#closed = true;
    this.#file?.close();
    this.#file = undefined;
  }

  /** Closes the file. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** Build ids in `.plait/events/`, oldest first. */
export async function listBuilds(root: string): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const e of Deno.readDir(join(root, EVENTS_DIR))) {
      if (e.isFile && e.name.endsWith(".jsonl")) ids.push(e.name.slice(0, -".jsonl".length));
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return ids.sort();
}

function pruneSync(dir: string, keep: number): void {
  const ids: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    if (e.isFile && e.name.endsWith(".jsonl")) ids.push(e.name);
  }
  ids.sort();
  for (const name of ids.slice(0, Math.max(0, ids.length - keep))) {
    try {
      Deno.removeSync(join(dir, name));
    } catch {
      // another build pruned it first
    }
  }
}

/** Parses complete lines of an event file; a line that is not valid JSON is skipped. */
export function parseLines(text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // A torn or foreign line: skip it, the rest of the file is still good.
    }
  }
  return out;
}

/** Reads one build's event file whole (header, then events). */
export async function readBuild(
  root: string,
  id: string,
): Promise<{ header?: BuildHeader; events: LoggedEvent[] }> {
  const text = await Deno.readTextFile(join(root, EVENTS_DIR, `${id}.jsonl`));
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  const lines = parseLines(complete);
  const header = lines.find((l): l is BuildHeader => "kind" in l && l.kind === "open");
  return { header, events: lines.filter((l): l is LoggedEvent => "e" in l) };
}
