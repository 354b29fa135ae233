import { join } from "../util/path.ts";
import { EVENTS_DIR, listBuilds, type LogLine, parseLines } from "./event_log.ts";

/** Options of {@link EventTail}. */
export interface TailOptions {
  /**
   * Milliseconds between two looks at the event files when the folder cannot be watched (default
   * 40); with a watch, a look follows each change at once and this is only a safety net (x10).
   */
  interval?: number;
  /** Watch the folder for changes (default true). */
  watch?: boolean;
}

interface Followed {
  file: Deno.FsFile;
  offset: number;
}

/**
 * Follows `.plait/events/`: after each change in the folder (and every `interval` ms, in case a
 * change went unseen) it reads what was appended to each unfinished build's file since the last
 * look, complete lines only (a line being written is read next time). It only reads: any number of
 * tails (pages, `serve` processes) can follow the same builds.
 */
export class EventTail {
  #followed = new Map<string, Followed>();
  #finished = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #watcher: Deno.FsWatcher | undefined;
  #watching: Promise<void> | undefined;
  #busy: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #dec = new TextDecoder();

  constructor(
    readonly root: string,
    readonly onLines: (id: string, lines: LogLine[]) => void,
    readonly opts: TailOptions = {},
  ) {}

  /** Stops reading a build's file (it ended). */
  finish(id: string): void {
    this.#finished.add(id);
    this.#followed.get(id)?.file.close();
    this.#followed.delete(id);
  }

  /** One look at every build file that may still grow. */
  async poll(): Promise<void> {
    for (const id of await listBuilds(this.root)) {
      if (this.#finished.has(id) || this.#stopped) continue;
      const lines = await this.#readNew(id);
      if (lines.length) this.onLines(id, lines);
    }
  }

  async #open(id: string): Promise<Followed | undefined> {
    let f = this.#followed.get(id);
    if (f) return f;
    try {
      f = { file: await Deno.open(join(this.root, EVENTS_DIR, `${id}.jsonl`)), offset: 0 };
    } catch {
      this.#finished.add(id); // pruned meanwhile
      return undefined;
    }
    this.#followed.set(id, f);
    return f;
  }

  async #readNew(id: string): Promise<LogLine[]> {
    const f = await this.#open(id);
    if (!f) return [];
    const size = (await f.file.stat()).size;
    if (size <= f.offset) return [];
    await f.file.seek(f.offset, Deno.SeekMode.Start);
    const buf = new Uint8Array(size - f.offset);
    let got = 0;
    while (got < buf.length) {
      const n = await f.file.read(buf.subarray(got));
      if (n === null) break;
      got += n;
    }
    const end = buf.subarray(0, got).lastIndexOf(10);
    if (end < 0) return [];
    f.offset += end + 1;
    return parseLines(this.#dec.decode(buf.subarray(0, end + 1)));
  }

  /** Looks now, or right after the look in progress. */
  #kick(): void {
    if (this.#stopped) return;
    if (this.#busy) {
      this.#again = true;
      return;
    }
    this.#busy = this.poll().catch(() => {}).finally(() => {
      this.#busy = undefined;
      if (this.#again) {
        this.#again = false;
        this.#kick();
      }
    });
  }

  /** Follows the folder until {@link stop}. */
  async start(): Promise<void> {
    const interval = this.opts.interval ?? 40;
    if (this.opts.watch !== false) {
      try {
        await Deno.mkdir(join(this.root, EVENTS_DIR), { recursive: true });
        this.#watcher = Deno.watchFs(join(this.root, EVENTS_DIR), { recursive: false });
        const watcher = this.#watcher;
        this.#watching = (async () => {
          for await (const _ of watcher) this.#kick();
        })().catch(() => {});
      } catch {
        this.#watcher = undefined; // not watchable (permissions, file system): poll only
      }
    }
    const every = this.#watcher ? interval * 10 : interval;
    const loop = () => {
      this.#kick();
      if (!this.#stopped) this.#timer = setTimeout(loop, every);
    };
    loop();
  }

  /** Stops following and waits for a look in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#watcher?.close();
    await this.#watching;
    await this.#busy;
    for (const f of this.#followed.values()) f.file.close();
    this.#followed.clear();
  }
}
