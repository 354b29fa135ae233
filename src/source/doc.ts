import type { TaskSource } from "./types.ts";

/**
 * A script's or notebook's doc, read as Ploomber reads it: the first cell, when it is markdown or a
 * code cell that opens with a triple-quoted string. `undefined` when the first cell is anything else
 * (the parameters cell, say).
 *
 * @example
 * ```ts
 * import { parseTaskSourceText, sourceDoc } from "./mod.ts";
 * const src = parseTaskSourceText('# %% [markdown]\n# # Clean\n# Drops bad rows.\n\n# %%\nx = 1\n', "t.py");
 * if (sourceDoc(src) !== "# Clean\nDrops bad rows.") throw new Error(sourceDoc(src));
 * ```
 */
export function sourceDoc(source: TaskSource): string | undefined {
  const first = source.cells[0];
  if (!first) return;
  if (first.cellType === "markdown") return first.source.trim() || undefined;
  if (first.cellType !== "code") return;
  const m = /^\s*[rR]?("""|''')([\s\S]*?)\1/.exec(first.source);
  return m?.[2].trim() || undefined;
}

/**
 * The line of a doc for a table: its first line that is not a Markdown heading, else the first
 * heading's text (`# Load\nThe iris data.` -> `The iris data.`).
 *
 * @example
 * ```ts
 * import { docSummary } from "./mod.ts";
 * if (docSummary("# Load\n\nThe iris data, as a CSV.\nMore.") !== "The iris data, as a CSV.") throw new Error();
 * if (docSummary("## Only a title") !== "Only a title") throw new Error();
 * ```
 */
export function docSummary(doc: string | undefined): string | undefined {
  const lines = (doc ?? "").split("\n").map((l) => l.trim()).filter(Boolean);
  const text = lines.find((l) => !/^#{1,6}\s/.test(l));
  return text ?? lines[0]?.replace(/^#{1,6}\s+/, "");
}
