import { isAbsolute, join } from "../util/path.ts";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  csv: "text/csv; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  json: "application/json",
  ipynb: "application/json",
  md: "text/plain; charset=utf-8",
  py: "text/plain; charset=utf-8",
};

/** A Content-Type for a file name (default: bytes to download). */
export function contentType(path: string): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return TYPES[ext] ?? "application/octet-stream";
}

/**
 * The real path of a product to serve, or undefined: `rel` comes from the pipeline (never from the
 * client), and its real path (symlinks followed) must still be a file inside the pipeline folder.
 */
export async function insideRoot(root: string, rel: string): Promise<string | undefined> {
  if (isAbsolute(rel)) return undefined;
  try {
    const [realRoot, real] = await Promise.all([Deno.realPath(root), Deno.realPath(join(root, rel))]);
    if (!real.startsWith(realRoot + "/")) return undefined;
    return (await Deno.stat(real)).isFile ? real : undefined;
  } catch {
    return undefined;
  }
}

/** The size in bytes of a product inside the root, or undefined when absent (or outside). */
export async function productSize(root: string, rel: string): Promise<number | undefined> {
  const real = await insideRoot(root, rel);
  return real ? (await Deno.stat(real)).size : undefined;
}
