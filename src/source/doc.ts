import { childrenOf, evalLiteral, parsePython } from "./_python.ts";
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

/**
 * The docstring of the top-level function `name` in Python `code` (decorated or not), cleaned as
 * `inspect.cleandoc` does; `undefined` when there is no such function or it has no docstring.
 * Needs the Python grammar: `await loadPythonGrammar()` first.
 *
 * @example
 * ```ts
 * import { functionDocstring, loadPythonGrammar } from "./mod.ts";
 * await loadPythonGrammar();
 * const doc = functionDocstring('def sepal(product):\n    """Sepal features.\n\n    As JSON."""\n', "sepal");
 * if (doc !== "Sepal features.\n\nAs JSON.") throw new Error(doc);
 * ```
 */
export function functionDocstring(code: string, name: string): string | undefined {
  for (const top of childrenOf(parsePython(code).topNode)) {
    const def = top.name === "DecoratedStatement" ? top.getChild("FunctionDefinition") : top;
    if (def?.name !== "FunctionDefinition") continue;
    const id = def.getChild("VariableName");
    if (!id || code.slice(id.from, id.to) !== name) continue;
    const first = childrenOf(def.getChild("Body")!).find((n) => n.name !== ":");
    const str = first?.name === "ExpressionStatement" ? first.firstChild : null;
    if (str?.name !== "String") return;
    const value = evalLiteral(str, code);
    return typeof value === "string" ? cleandoc(value) || undefined : undefined;
  }
}

/** Python's `inspect.cleandoc`: the first line stripped, the others dedented, blank ends dropped. */
function cleandoc(doc: string): string {
  const [head, ...rest] = doc.replaceAll("\t", "        ").split("\n");
  const indents = rest.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const cut = indents.length ? Math.min(...indents) : 0;
  const lines = [head.trim(), ...rest.map((l) => l.slice(cut).trimEnd())];
  while (lines.length && !lines[0]) lines.shift();
  while (lines.length && !lines.at(-1)) lines.pop();
  return lines.join("\n");
}
