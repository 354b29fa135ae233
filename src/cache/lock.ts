import { PlaitError } from "../errors/mod.ts";
import { asFileSystemError, atomicWrite, path } from "../util/mod.ts";

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
  /**
   * Publishes that `name` runs (`true`) or no longer runs (`false`) in `.plait/running.json`, for
   * `status` and `task` to show while the build goes on (see {@link readRunningBuild}).
   */
  setRunning(name: string, running: boolean): Promise<void>;
}

/** A build that holds the lock right now, as {@link readRunningBuild} sees it. */
export interface RunningBuild {
  pid: number;
  /** ISO time the build took the lock. */
  startedAt: string;
  command: string;
  /** Tasks running now, with the ISO time each started. */
  running: Record<string, string>;
}

interface LockInfo {
  pid: number;
  startedAt: string;
  command: string;
  token: string;
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
  try {
    return await takeLock(root, options);
  } catch (e) {
    throw asFileSystemError(e) ?? e;
  }
}

async function takeLock(root: string, options: LockOptions): Promise<BuildLock> {
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
  try {
    await Deno.writeTextFile(tmp, JSON.stringify(info)).catch((e) => {
      throw asFileSystemError(e, file, "write") ?? e; // name the lock, not its temporary file
    });
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
  const runningFile = path.join(path.dirname(file), RUNNING);
  const running: Record<string, string> = {};
  let writes = Promise.resolve();
  const release = async () => {
    if (released) return;
    released = true;
    await writes;
    await Deno.remove(runningFile).catch(() => {});
    const current = await readLock(file);
    if (typeof current === "object" && current.token === token) await Deno.remove(file).catch(() => {});
  };
  const setRunning = (name: string, on: boolean) => {
    if (on) running[name] = new Date().toISOString();
    else delete running[name];
    const text = JSON.stringify({ token, running });
    // Best effort, in order: what status shows is never worth failing a build for.
    writes = writes.then(() => atomicWrite(runningFile, text)).catch(() => {});
    return writes;
  };
  return { path: file, release, setRunning, [Symbol.asyncDispose]: release };
}

/** The file a build publishes its running tasks in, beside the lock. */
const RUNNING = "running.json";

/**
 * The build that holds `<root>/.plait/lock`, if one does and its process is alive, with the tasks it
 * runs now; `undefined` otherwise (a lock left by a dead process counts as none).
 *
 * @example
 * ```ts ignore
 * const build = await readRunningBuild(pipeline.root);
 * if (build) console.log(`a build is running (pid ${build.pid})`, Object.keys(build.running));
 * ```
 */
export async function readRunningBuild(root: string): Promise<RunningBuild | undefined> {
  const dir = path.join(root, ".plait");
  const holder = await readLock(path.join(dir, "lock")).catch(() => "unreadable" as const);
  if (typeof holder !== "object" || holder.pid === Deno.pid || !(await isAlive(holder))) return undefined;
  let running: Record<string, string> = {};
  try {
    const published = JSON.parse(await Deno.readTextFile(path.join(dir, RUNNING)));
    if (published?.token === holder.token && typeof published.running === "object") {
      running = published.running;
    }
  } catch {
    // not published yet
  }
  return { pid: holder.pid, startedAt: holder.startedAt, command: holder.command ?? "build", running };
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

/**
 * Whether the lock's holder still runs: its pid exists, is not a zombie, and started before the lock
 * was taken (a later start means the pid was recycled). Asks `ps` (needs only --allow-run, and works
 * on Linux and macOS; /proc would need --allow-all under Deno), which runs only on contention.
 */
async function isAlive(holder: LockInfo): Promise<boolean> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("ps", {
      args: ["-o", "stat=,etime=", "-p", String(holder.pid)],
      stdout: "piped",
      stderr: "null",
    })
      .output();
  } catch {
    return signalable(holder.pid);
  }
  const [stat, etime] = new TextDecoder().decode(out.stdout).trim().split(/\s+/);
  if (!out.success || !stat || stat.startsWith("Z")) return false;
  const startedMs = Date.now() - elapsedSeconds(etime) * 1000;
  return startedMs <= Date.parse(holder.startedAt) + 2000;
}

/** `ps`'s etime, `[[dd-]hh:]mm:ss`, in seconds. */
export function elapsedSeconds(etime: string): number {
  const [days, rest] = etime.includes("-") ? etime.split("-") : ["0", etime];
  return rest.split(":").map(Number).reduce((acc, n) => acc * 60 + n, 0) + Number(days) * 86400;
}

function signalable(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch (e) {
    return e instanceof Deno.errors.PermissionDenied;
  }
}
