import { dirname, join } from "./path.ts";

/** Options for {@link ContentMemo}. */
export interface ContentMemoOptions {
  /**
   * Names what the values are and how they were computed; a file written under another version is
   * ignored as a whole. Bump it whenever the code computing the values changes.
   */
  readonly version: string;
  /** How many entries not used by this process survive a {@link ContentMemo.flush} (default 4096). */
  readonly keepUnused?: number;
}

const FORMAT = "plait-content-memo";

/**
 * Values worked out from a file's content (say, what a script's parameters cell declares), kept in a
 * JSON file and keyed by the content's hash, so a later run that sees the same bytes skips the work.
 * A value depends on the content only, so an entry never goes stale; an edited file simply misses.
 * A missing, corrupt or foreign memo file reads as empty, and a failed write is ignored: the memo
 * only ever saves time.
 *
 * @example
 * ```ts
 * import { ContentMemo, sha256Hex } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const memo = new ContentMemo(`${dir}/memo.json`, { version: "doc-1" });
 * const key = sha256Hex("x = 1\n");
 * memo.set(key, { names: ["x"] });
 * await memo.flush();
 * const again = new ContentMemo(`${dir}/memo.json`, { version: "doc-1" });
 * if (again.get<{ names: string[] }>(key)?.names[0] !== "x") throw new Error("not remembered");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class ContentMemo {
  /** The JSON file. */
  readonly file: string;
  readonly #options: ContentMemoOptions;
  #entries: Map<string, unknown> | undefined;
  readonly #used = new Set<string>();
  #dirty = false;

  constructor(file: string, options: ContentMemoOptions) {
    this.file = file;
    this.#options = options;
  }

  /** The version given at creation. */
  get version(): string {
    return this.#options.version;
  }

  /** The value remembered for `key`, or `undefined`. The file is read on the first call. */
  get<T>(key: string): T | undefined {
    const entries = this.#load();
    if (!entries.has(key)) return undefined;
    this.#used.add(key);
    return entries.get(key) as T;
  }

  /** Remembers a JSON-serialisable `value` for `key` (written by the next {@link ContentMemo.flush}). */
  set(key: string, value: unknown): void {
    this.#load().set(key, value);
    this.#used.add(key);
    this.#dirty = true;
  }

  /**
   * Writes the file atomically if something new was set, keeping every entry used by this process
   * and at most `keepUnused` others. Writes only into an existing folder (`.plait/` is made by the
   * first build, not by a look at the project), and only with write permission already granted (never
   * a prompt); any failure is ignored.
   */
  async flush(): Promise<void> {
    if (!this.#dirty || !this.#entries) return;
    this.#dirty = false;
    const keep = this.#options.keepUnused ?? 4096;
    const out: Record<string, unknown> = {};
    for (const key of this.#used) out[key] = this.#entries.get(key);
    let unused = 0;
    for (const [key, value] of this.#entries) {
      if (this.#used.has(key)) continue;
      if (unused++ >= keep) break;
      out[key] = value;
    }
    const text = JSON.stringify({ format: FORMAT, version: this.#options.version, entries: out });
    const tmp = `${this.file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    // Never ask: a command run without --allow-write (`status`) must not prompt for a cache.
    if (Deno.permissions.querySync({ name: "write", path: dirname(this.file) }).state !== "granted") return;
    try {
      if (!Deno.statSync(dirname(this.file)).isDirectory) return;
      await Deno.writeTextFile(tmp, text);
      await Deno.rename(tmp, this.file);
    } catch {
      await Deno.remove(tmp).catch(() => {});
    }
  }

  #load(): Map<string, unknown> {
    if (this.#entries) return this.#entries;
    this.#entries = new Map();
    let data: { format?: unknown; version?: unknown; entries?: unknown };
    try {
      data = JSON.parse(Deno.readTextFileSync(this.file));
    } catch {
      return this.#entries; // missing, unreadable or corrupt: start empty
    }
    if (data?.format !== FORMAT || data.version !== this.#options.version) return this.#entries;
    const entries = data.entries;
    if (!entries || typeof entries !== "object" || Array.isArray(entries)) return this.#entries;
    for (const [key, value] of Object.entries(entries)) this.#entries.set(key, value);
    return this.#entries;
  }
}

const shared = new Map<string, ContentMemo>();

/**
 * The memo of a project's source analysis, `<root>/.plait/analysis.json`: one instance per project
 * in a process, so loading the pipeline and fingerprinting its tasks share it.
 */
export function projectMemo(root: string, options: ContentMemoOptions): ContentMemo {
  const file = join(root, ".plait", "analysis.json");
  let memo = shared.get(file);
  if (!memo || memo.version !== options.version) {
    memo = new ContentMemo(file, options);
    shared.set(file, memo);
  }
  return memo;
}
