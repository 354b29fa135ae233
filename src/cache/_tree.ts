import { notebookContentHash } from "../source/mod.ts";
import { path, sha256Hex } from "../util/mod.ts";
import type { ProductStat } from "./types.ts";

/** Content hash of one file: `.ipynb` without volatile metadata, anything else by its bytes. */
export async function fileContentHash(abs: string): Promise<string> {
  const bytes = await Deno.readFile(abs);
  if (path.extname(abs).toLowerCase() === ".ipynb") {
    try {
      return notebookContentHash(new TextDecoder().decode(bytes));
    } catch {
      // Not a readable notebook: fall back to its bytes.
    }
  }
  return sha256Hex(bytes);
}

interface Entry {
  rel: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

async function walk(abs: string, prefix: string, out: Entry[]): Promise<void> {
  for await (const e of Deno.readDir(abs)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    const child = path.join(abs, e.name);
    if (e.isDirectory) await walk(child, rel, out);
    else {
      const s = await Deno.stat(child);
      if (s.isFile) out.push({ rel, size: s.size, mtimeMs: s.mtime?.getTime() ?? 0, ino: s.ino ?? 0 });
    }
  }
}

/**
 * Stat and hash of a folder: the hash covers the sorted relative paths and each file's content hash;
 * `listing` (paths, sizes, mtimes) is the stat-cache key, so an unchanged folder is not re-read.
 */
export async function folderStat(abs: string, cached?: ProductStat): Promise<ProductStat> {
  const entries: Entry[] = [];
  await walk(abs, "", entries);
  entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const listing = sha256Hex(entries.map((e) => `${e.rel}\t${e.size}\t${e.mtimeMs}\t${e.ino}`).join("\n"));
  const size = entries.reduce((n, e) => n + e.size, 0);
  const mtimeMs = entries.reduce((m, e) => Math.max(m, e.mtimeMs), 0);
  if (cached?.listing === listing) return cached;
  const hashes = await Promise.all(entries.map((e) => fileContentHash(path.join(abs, e.rel))));
  const hash = sha256Hex(entries.map((e, i) => `${e.rel}\t${hashes[i]}`).join("\n"));
  return { size, mtimeMs, hash, listing };
}

/**
 * Stat and content hash of a file or folder, or `undefined` when it does not exist. With `cached`,
 * a file whose size, mtime and inode are unchanged is not read again.
 */
export async function pathStat(abs: string, cached?: ProductStat): Promise<ProductStat | undefined> {
  let info: Deno.FileInfo;
  try {
    // Synchronous: a stat takes microseconds, an async op's round trip far longer, and a no-op
    // rebuild of a chain stats every product one task after the other.
    info = Deno.statSync(abs);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return undefined;
    throw e;
  }
  if (info.isDirectory) return folderStat(abs, cached);
  const size = info.size;
  const mtimeMs = info.mtime?.getTime() ?? 0;
  const ino = info.ino ?? undefined;
  if (
    cached && cached.listing === undefined && cached.size === size && cached.mtimeMs === mtimeMs &&
    (cached.ino === undefined || cached.ino === ino)
  ) {
    return cached;
  }
  try {
    return { size, mtimeMs, hash: await fileContentHash(abs), ...(ino === undefined ? {} : { ino }) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}
