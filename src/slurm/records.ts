import type { RunResult } from "../scheduler/mod.ts";
import { atomicWrite } from "../util/mod.ts";
import { join } from "../util/path.ts";

/** What the job writes when its task ends (atomically): the task's result as the local runner gives it. */
export interface ResultRecord {
  task: string;
  jobId: string;
  result: RunResult;
  /** The node it ran on (`SLURMD_NODENAME`). */
  node?: string;
  /** Epoch milliseconds: plait started on the node, and the task ended. */
  started: number;
  ended: number;
}

/** The path of a job's result record. */
export function resultPath(dir: string, stem: string, jobId: string): string {
  return join(dir, "results", `${stem}.${jobId}.json`);
}

/** Writes a result record atomically (temporary file, then rename). */
export async function writeResult(path: string, record: ResultRecord): Promise<void> {
  await atomicWrite(path, JSON.stringify(record) + "\n");
}

/** A result record, or undefined while there is none (or it cannot be parsed yet). */
export async function readResult(path: string): Promise<ResultRecord | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as ResultRecord;
  } catch {
    return undefined;
  }
}

/** One submitted job, remembered so a build started after a crash adopts it instead of submitting again. */
export interface JobEntry {
  jobId: string;
  /** Identifies what was submitted (the job script and the task's source and params). */
  key: string;
  submitted: number;
}

/**
 * `.plait/slurm/jobs.json`: task name -> the job running it. Written atomically after every change,
 * one write at a time.
 */
export class JobRegistry {
  readonly #file: string;
  #jobs: Record<string, JobEntry> = {};
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string) {
    this.#file = file;
  }

  /** Reads the registry (empty when missing or unreadable). */
  static async open(dir: string): Promise<JobRegistry> {
    const r = new JobRegistry(join(dir, "jobs.json"));
    try {
      r.#jobs = JSON.parse(await Deno.readTextFile(r.#file));
    } catch {
      r.#jobs = {};
    }
    return r;
  }

  get(task: string): JobEntry | undefined {
    return this.#jobs[task];
  }

  /** Every remembered job id. */
  ids(): string[] {
    return Object.values(this.#jobs).map((j) => j.jobId);
  }

  set(task: string, entry: JobEntry): Promise<void> {
    this.#jobs[task] = entry;
    return this.#save();
  }

  delete(task: string): Promise<void> {
    if (!(task in this.#jobs)) return this.#writing;
    delete this.#jobs[task];
    return this.#save();
  }

  #save(): Promise<void> {
    const text = JSON.stringify(this.#jobs, null, 1) + "\n";
    this.#writing = this.#writing.then(() => atomicWrite(this.#file, text));
    return this.#writing;
  }
}

/** The last `lines` lines of a job's log, or a note that there is none. */
export async function logTail(path: string, lines = 15): Promise<string[]> {
  try {
    const text = await Deno.readTextFile(path);
    return text.trimEnd().split("\n").slice(-lines);
  } catch {
    return [`(no log at ${path})`];
  }
}

/**
 * Follows a job's log as it grows (a look every `ms`), handing each new piece of text to `onText`.
 * The returned function stops following after a last look.
 */
export function followLog(path: string, onText: (text: string) => void, ms = 500): () => Promise<void> {
  const decoder = new TextDecoder();
  const buf = new Uint8Array(64 * 1024);
  let offset = 0;
  let looking: Promise<void> = Promise.resolve();
  const look = async () => {
    try {
      if ((await Deno.stat(path)).size <= offset) return;
      using f = await Deno.open(path);
      await f.seek(offset, Deno.SeekMode.Start);
      for (let n = await f.read(buf); n; n = await f.read(buf)) {
        offset += n;
        onText(decoder.decode(buf.subarray(0, n), { stream: true }));
      }
    } catch { /* no log yet */ }
  };
  const timer = setInterval(() => (looking = looking.then(look)), ms);
  return async () => {
    clearInterval(timer);
    await (looking = looking.then(look));
  };
}
