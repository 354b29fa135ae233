import { ACTIVE_STATES, type JobInfo, type SlurmCommands } from "./commands.ts";
import { readResult, type ResultRecord } from "./records.ts";

/** How a watched job ended: its task's result record, or SLURM ended it without one. */
export type JobEnd = { record: ResultRecord } | { gone: JobInfo | undefined };

interface Watch {
  path: string;
  resolve: (end: JobEnd) => void;
  /** squeue did not list the job: confirm at the next look (a record may be on its way). */
  missing?: number;
}

/** Options for {@link JobWatcher}. */
export interface JobWatcherOptions {
  /** Folder the result records are written to (watched for changes). */
  dir: string;
  slurm: SlurmCommands;
  /** How often result files are looked at even without a file event (default 250 ms). */
  fileMs?: number;
  /** How often squeue is asked, to catch jobs SLURM ended (default 2000 ms). */
  queueMs?: number;
}

/**
 * Notices job ends: a job's result record appearing (a file-system watch, and a look every 250 ms
 * for file systems that send no events), or the job leaving the queue without one (squeue every
 * 2 s, then `scontrol show job` for SLURM's state). No `sacct` needed.
 */
export class JobWatcher {
  readonly #o: Required<JobWatcherOptions>;
  readonly #watches = new Map<string, Watch>();
  #fsWatch: Deno.FsWatcher | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastQueue = 0;
  #busy = false;
  #closed = false;

  constructor(o: JobWatcherOptions) {
    this.#o = { ...o, fileMs: o.fileMs ?? 250, queueMs: o.queueMs ?? 2000 };
  }

  /** Resolves when job `id` ends (its result record at `path`, or gone from SLURM without one). */
  wait(id: string, path: string): Promise<JobEnd> {
    this.#start();
    return new Promise((resolve) => {
      this.#watches.set(id, { path, resolve });
      this.#kick(0);
    });
  }

  /** Stops watching job `id` (its promise stays pending). */
  forget(id: string): void {
    this.#watches.delete(id);
  }

  /** Stops the file-system watch and timers. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    try {
      this.#fsWatch?.close();
    } catch { /* already closed */ }
  }

  #start(): void {
    if (this.#fsWatch || this.#closed) return;
    try {
      this.#fsWatch = Deno.watchFs(this.#o.dir, { recursive: false });
    } catch {
      return; // polling alone still works
    }
    (async () => {
      try {
        for await (const _ of this.#fsWatch!) this.#kick(0);
      } catch { /* closed */ }
    })();
  }

  #kick(ms: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#look(), ms);
  }

  async #look(): Promise<void> {
    if (this.#busy) return this.#kick(20);
    this.#busy = true;
    try {
      for (const [id, w] of this.#watches) {
        const record = await readResult(w.path);
        if (record) this.#end(id, { record });
      }
      if (Date.now() - this.#lastQueue >= this.#o.queueMs && this.#watches.size) await this.#askQueue();
    } finally {
      this.#busy = false;
      if (this.#watches.size) this.#kick(this.#o.fileMs);
    }
  }

  async #askQueue(): Promise<void> {
    this.#lastQueue = Date.now();
    let states: Map<string, string>;
    try {
      states = await this.#o.slurm.queued([...this.#watches.keys()]);
    } catch {
      return; // slurmctld busy or restarting: ask again later
    }
    for (const [id, w] of this.#watches) {
      const state = states.get(id);
      if (state && ACTIVE_STATES.has(state)) {
        w.missing = undefined;
        continue;
      }
      // Seen gone twice in a row: the record, written before the job ended, would be there by now.
      if (!w.missing) {
        w.missing = 1;
        this.#lastQueue = Date.now() - this.#o.queueMs + 300;
        continue;
      }
      const record = await readResult(w.path);
      this.#end(id, record ? { record } : { gone: await this.#o.slurm.info(id) });
    }
  }

  #end(id: string, end: JobEnd): void {
    const w = this.#watches.get(id);
    if (!w) return;
    this.#watches.delete(id);
    w.resolve(end);
  }
}
