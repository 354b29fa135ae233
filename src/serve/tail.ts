import { join } from "../util/path.ts";
import { EVENTS_DIR, listBuilds, type LogLine, parseLines } from "./event_log.ts";

/** Options of {@link EventTail}. */
export interface TailOptions {
  /** Milliseconds between two looks at the event files (default 40). */
  interval?: number;
}

/**
 * Follows `.plait/events/`: every `interval` ms it lists the folder and reads what was appended to
 * each build's file since the last look, complete lines only (a line being written is read next
 * time). It only reads: any number of tails (pages, `serve` processes) can follow the same builds.
 */
export class EventTail {
  #offsets = new Map<string, number>();
  #finished = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #interval: number;
  #dec = new TextDecoder();

  constructor(
    readonly root: string,
    readonly onLines: (id: string, lines: LogLine[]) => void,
    opts: TailOptions = {},
  ) {
    this.#interval = opts.interval ?? 40;
  }

  /** Stops reading a build's file (it ended). */
  finish(id: string): void {
    this.#finished.add(id);
  }

  /** One look at every build file that may still grow. */
  async poll(): Promise<void> {
    for (const id of await listBuilds(this.root)) {
      if (this.#finished.has(id)) continue;
      const lines = await this.#readNew(id);
      if (lines.length) this.onLines(id, lines);
    }
  }

  async #readNew(id: string): Promise<LogLine[]> {
    const offset = this.#offsets.get(id) ?? 0;
    let file: Deno.FsFile;
    try {
      file = await Deno.open(join(this.root, EVENTS_DIR, `${id}.jsonl`));
    } catch {
      this.#finished.add(id); // pruned meanwhile
      return [];
    }
    try {
      const size = (await file.stat()).size;
      if (size <= offset) return [];
      await file.seek(offset, Deno.SeekMode.Start);
      const buf = new Uint8Array(size - offset);
      let got = 0;
      while (got < buf.length) {
        const n = await file.read(buf.subarray(got));
        if (n === null) break;
        got += n;
      }
      const end = buf.subarray(0, got).lastIndexOf(10);
      if (end < 0) return [];
      this.#offsets.set(id, offset + end + 1);
      return parseLines(this.#dec.decode(buf.subarray(0, end + 1)));
    } finally {
      file.close();
    }
  }

  /** Polls until {@link stop}. */
  start(): void {
    const loop = () => {
      this.#running = this.poll().catch(() => {}).finally(() => {
        this.#running = undefined;
        if (this.#timer !== undefined) this.#timer = setTimeout(loop, this.#interval);
      });
    };
    this.#timer = setTimeout(loop, 0);
  }

  /** Stops polling and waits for a look in progress. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
