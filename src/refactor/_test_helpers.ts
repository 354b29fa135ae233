/** Helpers shared by the refactor module's tests. */
import type { SourceCell } from "../source/mod.ts";

/** Cells from strings; "md:" starts a markdown cell. */
export function cells(...sources: string[]): SourceCell[] {
  return sources.map((s) => ({
    cellType: s.startsWith("md:") ? "markdown" : "code",
    source: s.startsWith("md:") ? s.slice(3) : s,
    tags: [],
    metadata: {},
    line: 1,
  }));
}
