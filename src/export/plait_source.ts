import { UsageError } from "../errors/mod.ts";
import { join, relative } from "../util/path.ts";
import type { ExportFile } from "./types.ts";

const TOP = ["cli.ts", "mod.ts", "deno.json", "deno.lock"];

async function walk(dir: string, into: string[]): Promise<void> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) await walk(p, into);
    else if (/\.(ts|py)$/.test(e.name) && !/_test(_helpers)?\.ts$/.test(e.name)) into.push(p);
  }
}

/**
 * plait's own files (cli.ts, mod.ts, deno.json, deno.lock, src/ without tests), for the image: the
 * Dockerfile copies them to /opt/plait. Needs plait to run from a local copy.
 */
export async function plaitSourceFiles(
  from: URL = new URL("../../", import.meta.url),
): Promise<ExportFile[]> {
  if (from.protocol !== "file:") {
    throw new UsageError({
      message: `Cannot export: plait runs from ${from.href}, and the image needs a local copy to include`,
      hint: "run plait from a checkout (deno run ... /path/to/plait/cli.ts export ...)",
    });
  }
  const root = decodeURIComponent(from.pathname).replace(/\/$/, "");
  const paths: string[] = [];
  await walk(join(root, "src"), paths);
  paths.sort();
  const files = await Promise.all(
    [...TOP.map((f) => join(root, f)), ...paths].map(async (p) => ({
      path: join("plait", relative(root, p)),
      content: await Deno.readTextFile(p),
    })),
  );
  return files;
}
