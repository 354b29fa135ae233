import type { SourceLocation } from "../errors/mod.ts";
import { displayPath, fromFileUrl } from "../util/path.ts";

const FRAME = /\(?((?:file|https?):\/\/[^\s()]+):(\d+):(\d+)\)?\s*$/;
/** The builder's own files: frames in them are plait's, not the user's. */
const OWN_FILES = [new URL("./builder.ts", import.meta.url).href, import.meta.url];

/** A path relative to the current folder, or as is when the process may not read the cwd. */
function shownPath(path: string): string {
  try {
    return displayPath(path);
  } catch {
    return path;
  }
}

/**
 * The first stack frame outside the builder's own files: where a user called the builder.
 * Remote (`https:`) frames are kept as URLs.
 */
export function callSite(): SourceLocation {
  const stack = new Error().stack ?? "";
  for (const line of stack.split("\n").slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m || OWN_FILES.includes(m[1])) continue;
    const file = m[1].startsWith("file:") ? shownPath(fromFileUrl(m[1])) : m[1];
    return { file, line: Number(m[2]), col: Number(m[3]) };
  }
  return { file: "<unknown>" };
}
