import { appendNoFollow, atomicWrite, path, readTextNoFollow } from "../util/mod.ts";
import { entryState, nameOfLine, parseEntry, type StoredEntry } from "./_record_json.ts";
import type { TaskRecord, TaskState } from "./types.ts";

const VERSION = 1;
const encoder = new TextEncoder();
/** How many successful runs (distinct fingerprints) are remembered per task. */
export const RECORDS_PER_TASK = 8;

/** Options for {@link StateStore}. */
export interface StateStoreOptions {
  /**
   * When `load()` finds at least this many journal lines, it compacts them into `state.json`.
   * Only for a process holding the build lock (`acquireLock`); `status` leaves it unset.
   */
  readonly compactAfter?: number;
  /** Flush each success to disk (`fdatasync`) before returning (default true). */
  readonly durable?: boolean;
}

/**
 * What plait remembers per task, under `<root>/.plait/`: `state.json` (a snapshot, replaced atomically
 * by `compact()`) plus `state.jsonl` (a journal, one line appended per update). A task is recorded
 * only after it succeeded, by fingerprint: the last {@link RECORDS_PER_TASK} successful runs with
 * different inputs are kept, so going back to an earlier configuration whose products are still there
 * finds its record. A failed or interrupted run leaves a mark, and the record of its fingerprint no
 * longer counts, so it is never up to date. A corrupt or truncated entry makes its task outdated with a
 * warning, never a crash.
 *
 * @example
 * ```ts
 * import { StateStore } from "./mod.ts";
 * const root = await Deno.makeTempDir();
 * const store = await StateStore.open(root);
 * await store.invalidate("clean");
 * const again = await StateStore.open(root); // store.warnings lists any unreadable entry
 * if (again.state("clean")?.status !== "failed" || again.get("clean") !== undefined) throw new Error();
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export class StateStore {
  /** The `.plait` folder. */
  readonly dir: string;
  readonly #options: StateStoreOptions;
  #entries = new Map<string, StoredEntry | { status: "unreadable"; warning: string }>();
  /** Records of successful runs per task, newest first, one per fingerprint. */
  #records = new Map<string, TaskRecord[]>();
  /** Set when the snapshot itself is unreadable: every task without a newer entry is outdated. */
  #allUnreadable: string | undefined;
  #warnings: string[] = [];
  #journalLines = 0;
  #chain: Promise<void> = Promise.resolve();
  #dirReady = false;

  constructor(root: string, options: StateStoreOptions = {}) {
    this.dir = path.join(root, ".plait");
    this.#options = options;
  }

  /** Creates a store for the pipeline folder `root` and loads it. */
  static async open(root: string, options: StateStoreOptions = {}): Promise<StateStore> {
    const store = new StateStore(root, options);
    await store.load();
    return store;
  }

  get #snapshotPath(): string {
    return path.join(this.dir, "state.json");
  }

  get #journalPath(): string {
    return path.join(this.dir, "state.jsonl");
  }

  /** Problems met while loading (corrupt or truncated state), for the caller to show. */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /** (Re)reads the snapshot and replays the journal. */
  async load(): Promise<void> {
    this.#entries = new Map();
    this.#records = new Map();
    this.#allUnreadable = undefined;
    this.#warnings = [];
    this.#loadSnapshot(await readIfExists(this.#snapshotPath));
    this.#journalLines = this.#replay(await readIfExists(this.#journalPath));
    const limit = this.#options.compactAfter;
    if (limit !== undefined && this.#journalLines >= limit) await this.compact();
  }

  #loadSnapshot(text: string | undefined): void {
    if (text === undefined) return;
    const file = path.join(".plait", "state.json");
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return this.#unreadableAll(`${file} is unreadable (${(e as Error).message})`);
    }
    const obj = data as { version?: unknown; tasks?: unknown };
    if (!obj || obj.version !== VERSION || typeof obj.tasks !== "object" || obj.tasks === null) {
      return this.#unreadableAll(`${file} has an unknown format (version ${String(obj?.version)})`);
    }
    for (const [name, raw] of Object.entries(obj.tasks as Record<string, unknown>)) {
      const entry = parseEntry(raw);
      if (!entry) {
        this.#unreadable(name, `${file}: the entry of task "${name}" is invalid`);
        continue;
      }
      const { earlier = [], ...last } = entry;
      this.#entries.set(name, last as StoredEntry);
      this.#records.set(name, [...(entry.status === "ok" ? [entry.record] : []), ...earlier]);
    }
  }

  #replay(text: string | undefined): number {
    if (text === undefined) return 0;
    const file = path.join(".plait", "state.jsonl");
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let entry: StoredEntry | undefined;
      let name: unknown;
      try {
        const raw = JSON.parse(line);
        name = raw?.name;
        entry = parseEntry(raw);
      } catch {
        // handled below
      }
      if (entry && typeof name === "string") return void this.#apply(name, entry);
      const known = typeof name === "string" ? name : nameOfLine(line);
      const why = `${file}:${i + 1}: ${i === lines.length - 1 ? "truncated" : "corrupt"} entry`;
      if (known !== undefined) this.#unreadable(known, `${why} for task "${known}"`);
      else this.#unreadableAll(why);
    });
    return lines.filter((l) => l.trim()).length;
  }

  /** Applies one update (a journal line) to the task's entry and its records. */
  #apply(name: string, entry: StoredEntry): void {
    const records = this.#records.get(name) ?? [];
    if (entry.status === "ok") {
      const fp = entry.record.fingerprint;
      const rest = records.filter((r) => r.fingerprint !== fp);
      this.#records.set(name, [entry.record, ...rest].slice(0, RECORDS_PER_TASK));
    } else {
      // The run's products may be half written: its fingerprint's record no longer counts (all of
      // them when an older journal line does not say which run it was).
      const fp = entry.fingerprint;
      this.#records.set(name, fp === undefined ? [] : records.filter((r) => r.fingerprint !== fp));
    }
    this.#entries.set(name, entry);
  }

  #unreadable(name: string, warning: string): void {
    this.#records.delete(name);
    this.#entries.set(name, { status: "unreadable", warning });
    this.#warnings.push(`${warning}; task "${name}" will re-run`);
  }

  #unreadableAll(warning: string): void {
    this.#allUnreadable = warning;
    this.#entries.clear();
    this.#records.clear();
    this.#warnings.push(`${warning}; every task will re-run`);
  }

  /** A task's stored state, or `undefined` when it never ran. */
  state(name: string): TaskState | undefined {
    const e = this.#entries.get(name);
    if (e === undefined) {
      return this.#allUnreadable === undefined
        ? undefined
        : { status: "unreadable", warning: this.#allUnreadable };
    }
    return e.status === "unreadable" ? e : entryState(e);
  }

  /** The record of a task's last success, or `undefined` when it is not up to date on record. */
  get(name: string): TaskRecord | undefined {
    const e = this.#entries.get(name);
    return e?.status === "ok" ? e.record : undefined;
  }

  /**
   * The record of the successful run with this fingerprint, if one is remembered (and no later run
   * with the same fingerprint failed), whatever the task's last run was.
   */
  find(name: string, fingerprint: string): TaskRecord | undefined {
    return this.#records.get(name)?.find((r) => r.fingerprint === fingerprint);
  }

  /** Every remembered successful run of a task, newest first. */
  records(name: string): readonly TaskRecord[] {
    return this.#records.get(name) ?? [];
  }

  /** Names with an entry (any status). */
  names(): string[] {
    return [...this.#entries.keys()];
  }

  /**
   * Marks a task as running: until `recordSuccess`, it counts as interrupted (so a crash or kill
   * mid-run leaves it outdated). Not flushed to disk: a crash of the machine loses it, a kill does not.
   */
  recordStart(name: string, at: Date = new Date(), fingerprint?: string): Promise<void> {
    const fp = fingerprint === undefined ? {} : { fingerprint };
    return this.#append(name, { status: "started", at: at.toISOString(), ...fp }, false);
  }

  /** Records a success: one journal line, written and flushed before this resolves. */
  recordSuccess(name: string, record: TaskRecord): Promise<void> {
    return this.#append(name, { status: "ok", record }, this.#options.durable ?? true);
  }

  /**
   * Marks a task's last run as failed (or interrupted): the record of its `fingerprint` (every
   * record, when not given) no longer counts.
   */
  invalidate(
    name: string,
    options: { interrupted?: boolean; at?: Date; fingerprint?: string } = {},
  ): Promise<void> {
    const entry: StoredEntry = {
      status: "failed",
      at: (options.at ?? new Date()).toISOString(),
      interrupted: options.interrupted === true,
      ...(options.fingerprint === undefined ? {} : { fingerprint: options.fingerprint }),
    };
    return this.#append(name, entry, this.#options.durable ?? true);
  }

  #append(name: string, entry: StoredEntry, durable: boolean): Promise<void> {
    this.#apply(name, entry);
    const line = encoder.encode(`${JSON.stringify({ name, ...entry })}\n`);
    const next = this.#chain.then(async () => {
      await this.#ensureDir();
      await appendNoFollow(this.#journalPath, line, durable);
      this.#journalLines++;
    });
    this.#chain = next.catch(() => {});
    return next;
  }

  async #ensureDir(): Promise<void> {
    if (this.#dirReady) return;
    await Deno.mkdir(this.dir, { recursive: true });
    await Deno.writeTextFile(path.join(this.dir, ".gitignore"), "*\n", { createNew: true }).catch(() => {});
    this.#dirReady = true;
  }

  /**
   * Folds the journal into `state.json` (written to a temporary file, then renamed) and removes the
   * journal. Call at the end of a build, while holding the build lock.
   */
  async compact(): Promise<void> {
    await this.#chain;
    const tasks: Record<string, StoredEntry> = {};
    for (const name of [...this.#entries.keys()].sort()) {
      const e = this.#entries.get(name)!;
      if (e.status === "unreadable") continue;
      const last: StoredEntry = e.status === "started"
        ? { status: "failed", at: e.at, interrupted: true, fingerprint: e.fingerprint }
        : e;
      const earlier = this.records(name).filter((r) => e.status !== "ok" || r !== e.record);
      tasks[name] = earlier.length ? { ...last, earlier } : last;
    }
    await this.#ensureDir();
    await atomicWrite(this.#snapshotPath, JSON.stringify({ version: VERSION, tasks }));
    await Deno.remove(this.#journalPath).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
    this.#journalLines = 0;
  }
}

/** The text of a state file, `undefined` when missing; a symbolic link is refused, never followed. */
function readIfExists(file: string): Promise<string | undefined> {
  return readTextNoFollow(file);
}
