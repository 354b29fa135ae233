import type { TaskRecord, TaskState } from "./types.ts";

/**
 * A task's entry as stored in `state.json` and in journal lines (plus `name` in the journal). A failed
 * or started entry names the `fingerprint` of the run, whose record then no longer counts. In
 * `state.json`, `earlier` keeps the records of other successful runs (other fingerprints), newest first.
 */
export type StoredEntry =
  | { status: "ok"; record: TaskRecord; earlier?: TaskRecord[] }
  | { status: "failed"; at: string; interrupted?: boolean; fingerprint?: string; earlier?: TaskRecord[] }
  | { status: "started"; at: string; fingerprint?: string; earlier?: TaskRecord[] };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringMap(v: unknown): boolean {
  return isObj(v) && Object.values(v).every((x) => typeof x === "string");
}

function isProductStat(v: unknown): boolean {
  return isObj(v) && typeof v.size === "number" && typeof v.mtimeMs === "number" &&
    typeof v.hash === "string" &&
    (v.listing === undefined || typeof v.listing === "string") &&
    (v.ino === undefined || typeof v.ino === "number");
}

function isRecord(v: unknown): v is TaskRecord {
  if (!isObj(v) || typeof v.fingerprint !== "string" || typeof v.finishedAt !== "string") return false;
  if (typeof v.durationS !== "number" || !isObj(v.products)) return false;
  if (!Object.values(v.products).every(isProductStat)) return false;
  const c = v.components;
  return isObj(c) && typeof c.code === "string" && typeof c.params === "string" &&
    typeof c.options === "string" && typeof c.kernel === "string" && isStringMap(c.upstream) &&
    isStringMap(c.deps);
}

/** Checks the shape of a stored entry; `undefined` when it is not one. */
export function parseEntry(v: unknown): StoredEntry | undefined {
  if (!isObj(v)) return undefined;
  const earlier = v.earlier === undefined ? [] : Array.isArray(v.earlier) ? v.earlier : undefined;
  if (!earlier?.every(isRecord)) return undefined;
  const fp = typeof v.fingerprint === "string" ? { fingerprint: v.fingerprint } : {};
  const more = earlier.length ? { earlier } : {};
  if (v.status === "ok" && isRecord(v.record)) return { status: "ok", record: v.record, ...more };
  if (v.status === "failed" && typeof v.at === "string") {
    return { status: "failed", at: v.at, interrupted: v.interrupted === true, ...fp, ...more };
  }
  if (v.status === "started" && typeof v.at === "string") {
    return { status: "started", at: v.at, ...fp, ...more };
  }
  return undefined;
}

/** The state a stored entry stands for. */
export function entryState(e: StoredEntry): TaskState {
  if (e.status === "ok") return { status: "ok", record: e.record };
  if (e.status === "failed") return { status: "failed", at: e.at, interrupted: e.interrupted === true };
  return { status: "failed", at: e.at, interrupted: true };
}

/** The task name at the start of a journal line, even when the rest of the line is truncated. */
export function nameOfLine(line: string): string | undefined {
  const m = /^\{"name":("(?:[^"\\]|\\.)*")/.exec(line);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]);
  } catch {
    return undefined;
  }
}
