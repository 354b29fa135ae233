import { parsePython } from "./_python.ts";
import { INJECTED_TAG, type TaskSource } from "./types.ts";

const STRING_NODES = new Set(["String", "FormatString"]);

/**
 * The code of a task source as fingerprinted: code cells only (markdown and raw cells and the
 * injected-parameters cell are left out), with comments, blank lines and trailing whitespace removed.
 * Strings stay intact: a `#` inside a string is not a comment, and lines inside a multi-line string
 * are kept as they are. So editing a comment or markdown leaves the text unchanged; any code edit
 * changes it. Needs the Python grammar loaded (`await loadPythonGrammar()`).
 *
 * @example
 * ```ts
 * import { codeText, loadPythonGrammar, parseTaskSourceText } from "./mod.ts";
 * await loadPythonGrammar();
 * const a = parseTaskSourceText('# %%\nx = "#1"  # note\n\n# %% [markdown]\n# hi\n', "t.py");
 * if (codeText(a) !== 'x = "#1"') throw new Error(codeText(a));
 * ```
 */
export function codeText(source: TaskSource): string {
  const parts: string[] = [];
  for (const cell of source.cells) {
    if (cell.cellType !== "code" || cell.tags.includes(INJECTED_TAG)) continue;
    const text = stripCode(cell.source);
    if (text) parts.push(text);
  }
  return parts.join("\n");
}

/** Removes comments, blank lines and trailing whitespace from Python code, keeping strings intact (grammar loaded). */
export function stripCode(code: string): string {
  const comments: number[] = [];
  const strings: Array<[number, number]> = [];
  parsePython(code).iterate({
    enter(node) {
      if (node.name === "Comment") comments.push(node.from);
      else if (STRING_NODES.has(node.name)) {
        if (code.lastIndexOf("\n", node.to - 1) >= node.from) strings.push([node.from, node.to]);
        return false;
      }
    },
  });
  const inString = (offset: number) => strings.some(([from, to]) => from < offset && offset < to);
  const out: string[] = [];
  let ci = 0;
  let start = 0;
  while (start <= code.length) {
    const nl = code.indexOf("\n", start);
    const end = nl < 0 ? code.length : nl;
    while (ci < comments.length && comments[ci] < start) ci++;
    let line = ci < comments.length && comments[ci] < end
      ? code.slice(start, comments[ci])
      : code.slice(start, end);
    const openAtStart = inString(start);
    const openAtEnd = nl >= 0 && inString(end);
    if (!openAtEnd) line = line.trimEnd();
    if (openAtStart || openAtEnd || line.trim() !== "") out.push(line);
    if (nl < 0) break;
    start = nl + 1;
  }
  return out.join("\n");
}
