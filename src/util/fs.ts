import { type Issue, RuntimeError } from "../errors/mod.ts";
import { displayPath } from "./path.ts";

/** Whether something (a file, folder or link) is at `path`. Errors other than "not found" are thrown. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Synchronous {@link exists}, for checks that run once per task while a pipeline is validated. */
export function existsSync(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * A file-system operation failed for a reason outside plait (a full disk, a read-only mount, a folder
 * where a file belongs, a symbolic link where plait does not follow one). Exit code 74 (`EX_IOERR`).
 */
export class FileSystemError extends RuntimeError {
  override readonly exitCode: number = 74;
  /** The errno name, e.g. `ENOSPC`. */
  readonly code: string;
  constructor(issue: Issue, code: string, options?: ErrorOptions) {
    super(issue, options);
    this.name = "FileSystemError";
    this.code = code;
  }
}

const CAUSES: Record<string, [what: string, hint: (p: string) => string]> = {
  ENOSPC: ["the disk is full", (p) => `free some space on the disk that holds ${p}, then run again`],
  EDQUOT: ["the disk quota is used up", (p) => `free some of your space on the disk that holds ${p}`],
  EROFS: ["the file system is read-only", () => "run from a writable copy of the project, or remount it"],
  EACCES: ["permission denied", (p) => `check the owner and mode of ${p} (ls -ld ${p})`],
  EPERM: ["operation not permitted", (p) => `check the owner, mode and attributes of ${p}`],
  EISDIR: ["it is a folder, where plait keeps a file", (p) => `remove or rename the folder ${p}`],
  ENOTDIR: ["a part of its path is a file, not a folder", (p) => `check the path ${p}`],
  ELOOP: [
    "it is a symbolic link, which plait does not follow here",
    (p) => `replace the link ${p} by a plain file, or remove it`,
  ],
  EIO: ["an input/output error", () => "check the disk (dmesg)"],
};

const VERBS: Record<string, string> = {
  writefile: "write",
  readfile: "read",
  open: "open",
  mkdir: "create the folder",
  rename: "rename",
  link: "link",
  remove: "remove",
  stat: "inspect",
  lstat: "inspect",
  copy: "copy",
  symlink: "link",
};

/**
 * The {@link FileSystemError} an OS error from Deno's file API stands for, or `undefined` for anything
 * else (which then is a bug). `path` and `op` (e.g. `"read"`) name what failed in place of what the
 * message names (e.g. a temporary file the user never sees).
 */
export function asFileSystemError(e: unknown, path?: string, op?: string): FileSystemError | undefined {
  if (e instanceof FileSystemError) return e;
  const code = (e as { code?: unknown })?.code;
  if (!(e instanceof Error) || typeof code !== "string" || !(code in CAUSES)) return undefined;
  const m = /^(.*?) \(os error \d+\)(?:: (\w+) '([^']*)'(?: -> '([^']*)')?)?/.exec(e.message);
  const target = path ?? m?.[4] ?? m?.[3];
  const verb = op ?? VERBS[m?.[2] ?? ""] ?? "write";
  const shown = target ? displayPath(target) : "a file";
  const [what, hint] = CAUSES[code];
  return new FileSystemError(
    {
      message: `Cannot ${verb} "${shown}": ${what} (${m?.[1] ?? e.message})`,
      hint: hint(shown),
    },
    code,
    { cause: e },
  );
}

/**
 * Opens a file without following a symbolic link at `path` (the state files): a link is refused
 * with `ELOOP`, and a file swapped in between the check and the open is noticed by its inode.
 */
export async function openNoFollow(path: string, options: Deno.OpenOptions): Promise<Deno.FsFile> {
  const before = await Deno.lstat(path).catch((e) => {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  });
  if (before?.isSymlink) throw linkError(path);
  const file = await Deno.open(path, options);
  const after = await file.stat();
  if (before ? after.ino !== before.ino : (await Deno.lstat(path)).isSymlink) {
    file.close();
    throw linkError(path);
  }
  return file;
}

/** The text of `path`, `undefined` when it does not exist; a symbolic link is refused (see {@link openNoFollow}). */
export async function readTextNoFollow(path: string): Promise<string | undefined> {
  try {
    using file = await openNoFollow(path, { read: true });
    const decoder = new TextDecoder();
    const buf = new Uint8Array(1 << 16);
    let text = "";
    for (let n = await file.read(buf); n !== null; n = await file.read(buf)) {
      text += decoder.decode(buf.subarray(0, n), { stream: true });
    }
    return text + decoder.decode();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw asFileSystemError(e, path, "read") ?? e;
  }
}

/** Appends `data` to `path` (created if missing, never through a link), flushed to disk when `durable`. */
export async function appendNoFollow(path: string, data: Uint8Array, durable: boolean): Promise<void> {
  try {
    using file = await openNoFollow(path, { append: true, create: true });
    for (let done = 0; done < data.length;) done += await file.write(data.subarray(done));
    if (durable) await file.syncData();
  } catch (e) {
    throw asFileSystemError(e, path) ?? e;
  }
}

function linkError(path: string): FileSystemError {
  const e = Object.assign(new Error(`Too many levels of symbolic links (os error 40): open '${path}'`), {
    code: "ELOOP",
  });
  return asFileSystemError(e)!;
}
