import { PlaitError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";

/** Options for {@link acquireLock}. */
export interface LockOptions {
  /** What is running, recorded in the lock for the message another build shows (e.g. `"build"`). */
  readonly command?: string;
  /** The clock (for tests). */
  readonly now?: () => Date;
}

/** A held build lock; release it with `await using` or `release()`. */
export interface BuildLock extends AsyncDisposable {
  /** Absolute path of the lock file. */
  readonly path: string;
  /** Removes the lock file if it is still this lock's. Safe to call twice. */
  release(): Promise<void>;
}

interface LockInfo {
  pid: number;
  startedAt: string;
  command: string;
  token: string;
  /** Process start time from /proc (Linux), to tell a recycled pid from the holder. */
  procStart?: string;
}

/**
 * Takes the build lock `<root>/.plait/lock`, so two builds of one project cannot corrupt each other's
 * products and state. A lock left by a process that no longer exists is taken over; a live one is a
 * {@link PlaitError} naming its pid and age.
 *
 * @example
 * ```ts
 * import { acquireLock } from "./mod.ts";
 * const root = await Deno.makeTempDir();
 * {
 *   await using _lock = await acquireLock(root, { command: "build" });
 *   // a second acquireLock(root) now throws: another plait build (pid ...) holds .plait/lock
 * }
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function acquireLock(root: string, options: LockOptions = {}): Promise<BuildLock> {
  const now = options.now ?? (() => new Date());
  const dir = path.join(root, ".plait");
  const file = path.join(dir, "lock");
  await Deno.mkdir(dir, { recursive: true });
  const info: LockInfo = {
    pid: Deno.pid,
    startedAt: now().toISOString(),
    command: options.command ?? "build",
    token: crypto.randomUUID(),
  };
  const procStart = await processStart(Deno.pid);
  if (procStart !== undefined) info.procStart = procStart;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(file, info)) return heldLock(file, info.token);
    const holder = await readLock(file);
    if (holder === "gone") continue;
    if (holder !== "unreadable" && await isAlive(holder)) throw busyError(holder, info.command, now());
    await takeOver(file, holder);
  }
  throw new PlaitError({
    message: `Cannot build: could not take the lock ${path.displayPath(file)}`,
    hint: "another plait process keeps recreating it; wait for it to finish",
  });
}

/** Creates the lock with its full content in one step: a temporary file hard-linked into place. */
async function tryCreate(file: string, info: LockInfo): Promise<boolean> {
  const tmp = `${file}.${info.token.slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(info));
  try {
    await Deno.link(tmp, file);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return false;
    throw e;
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

async function readLock(file: string): Promise<LockInfo | "gone" | "unreadable"> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "gone";
    throw e;
  }
  try {
    const v = JSON.parse(text);
    if (typeof v?.pid === "number" && typeof v.startedAt === "string" && typeof v.token === "string") {
      return v;
    }
  } catch {
    // unreadable below
  }
  return "unreadable";
}

/** Moves a stale lock aside, checks it is the one judged stale, and removes it (else puts it back). */
async function takeOver(file: string, stale: LockInfo | "unreadable"): Promise<void> {
  const aside = `${file}.stale-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await Deno.rename(file, aside);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  const moved = await readLock(aside);
  const same = stale === "unreadable" ? moved === "unreadable" : moved !== "gone" && moved !== "unreadable" &&
    moved.token === stale.token;
  if (!same) await Deno.link(aside, file).catch(() => {});
  await Deno.remove(aside).catch(() => {});
}

function heldLock(file: string, token: string): BuildLock {
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    const current = await readLock(file);
    if (typeof current === "object" && current.token === token) await Deno.remove(file).catch(() => {});
  };
  return { path: file, release, [Symbol.asyncDispose]: release };
}

function busyError(holder: LockInfo, ours: string, now: Date): PlaitError {
  const age = Math.max(0, Math.round((now.getTime() - Date.parse(holder.startedAt)) / 1000));
  const verb = ours.split(" ")[0] === "build" ? "build" : `run ${ours.split(" ")[0]}`;
  const what = holder.command?.split(" ")[0] || "build";
  return new PlaitError({
    message:
      `Cannot ${verb}: another plait ${what} (pid ${holder.pid}, started ${age} s ago) holds .plait/lock`,
    hint:
      `wait for it to finish, or stop it (kill ${holder.pid}); a lock left by a dead process is taken over`,
  });
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), or `undefined` off Linux or when gone. */
async function processStart(pid: number): Promise<string | undefined> {
  const stat = await procStat(pid);
  return stat?.[19];
}

/** The fields of /proc/<pid>/stat after the command name (so index 0 is the state). */
async function procStat(pid: number): Promise<string[] | undefined> {
  try {
    const text = await Deno.readTextFile(`/proc/${pid}/stat`);
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

async function isAlive(holder: LockInfo): Promise<boolean> {
  if (await exists("/proc/self/stat")) {
    const stat = await procStat(holder.pid);
    if (!stat || stat[0] === "Z" || stat[0] === "X") return false;
    return holder.procStart === undefined || stat[19] === holder.procStart;
  }
  try {
    Deno.kill(holder.pid, "SIGCONT");
    return true;
  } catch (e) {
    return e instanceof Deno.errors.PermissionDenied;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await Deno.stat(p);
    return true;
  } catch {
    return false;
  }
}
