import { asFileSystemError } from "./fs.ts";
import { dirname } from "./path.ts";

/**
 * Writes a file atomically: the data goes to a temporary file in the same folder, which
 * is then renamed over the target, so readers see the old or the new content, never half.
 */
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true }).catch((e) => {
    throw asFileSystemError(e, dir, "create the folder") ?? e;
  });
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw asFileSystemError(e, path, "write") ?? e; // named by the target, not the temporary file
  }
}
