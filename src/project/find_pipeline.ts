import { UsageError } from "../errors/mod.ts";
import { dirname, displayPath, join, resolve } from "../util/path.ts";

const NAMES = ["pipeline.ts", "pipeline.yaml", "pipeline.yml"];

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/**
 * The pipeline file to use: `entry` (a file, or a folder holding one), else the first of
 * pipeline.ts / pipeline.yaml in the current folder or a parent.
 */
export function findPipelineFile(entry?: string, cwd = Deno.cwd()): string {
  if (entry) {
    const p = resolve(cwd, entry);
    if (isFile(p)) return p;
    if (isDir(p)) {
      const hit = NAMES.map((n) => join(p, n)).find(isFile);
      if (hit) return hit;
    }
    throw new UsageError({
      message: `Cannot find pipeline "${entry}": no such file${isDir(p) ? " in that folder" : ""}`,
      hint: "pass -e path/to/pipeline.yaml or a pipeline.ts",
    });
  }
  for (let dir = resolve(cwd);; dir = dirname(dir)) {
    const hit = NAMES.map((n) => join(dir, n)).find(isFile);
    if (hit) return hit;
    if (dir === "/") break;
  }
  throw new UsageError({
    message: `Cannot find a pipeline: no pipeline.ts or pipeline.yaml in ${
      displayPath(cwd) || "."
    } or its parents`,
    hint: "run `plait scaffold` to start a new project, or pass -e PATH",
  });
}
