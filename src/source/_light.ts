import { type Line, makeCell, type PercentSpan, uncomment } from "./_percent.ts";
import type { SourceCell } from "./types.ts";

/**
 * `# +`, optionally followed by a cell type and `key=value` metadata (`# + [markdown] tags=["x"]`):
 * the start of an explicit light-format cell. Free text after it (`# + add the offsets`) is a comment.
 */
export const LIGHT_START = /^#\s?\+(?:\s+((?:\[\w+\]\s*)?(?:[A-Za-z_][\w.-]*=.*)?))?\s*$/;
/** `# -`: the end of an explicit light-format cell. */
export const LIGHT_END = /^#\s?-\s*$/;
/** A line at column 0 that continues the statement above it even after a blank line. */
const CONTINUES = /^(?:else\b|elif\b|except\b|finally\b|case\b|[)\]}])/;

/**
 * Splits a jupytext light-format script (the lines after its YAML header) into cells:
 * - `# +` ... `# -` (or up to the next `# +`, or the end) is one explicit cell; options after
 *   `# +` are read as in the percent format (`[markdown]`, `tags=[...]`, `key="value"`);
 * - elsewhere, a blank line ends a cell unless the code goes on indented, inside brackets or a
 *   multi-line string, or with `else`/`except`/...;
 * - a paragraph of comments not directly followed by code is a markdown cell (`# ` removed).
 */
export function scanLight(text: string, lines: Line[], first: number): PercentSpan[] {
  const spans: PercentSpan[] = [];
  const end = (i: number) => (i < lines.length ? lines[i].start : text.length);
  let i = first;
  while (i < lines.length) {
    const t = lines[i].text;
    if (t.trim() === "" || LIGHT_END.test(t)) {
      i++;
      continue;
    }
    const start = LIGHT_START.exec(t);
    if (start) {
      let j = i + 1;
      while (j < lines.length && !LIGHT_START.test(lines[j].text) && !LIGHT_END.test(lines[j].text)) j++;
      const stop = j < lines.length && LIGHT_END.test(lines[j].text) ? j + 1 : j;
      const cell = makeCell(start[1] ?? "", lines.slice(i + 1, j), i + 2);
      spans.push({ cell, markerStart: lines[i].start, end: end(stop), markerLine: i + 1 });
      i = stop;
      continue;
    }
    const stop = implicitEnd(lines, i);
    spans.push({
      cell: implicitCell(lines.slice(i, stop), i + 1),
      markerStart: -1,
      end: end(stop),
      markerLine: 0,
    });
    i = stop;
  }
  return spans;
}

function implicitCell(body: Line[], firstLine: number): SourceCell {
  let texts = body.map((l) => l.text);
  while (texts.length && texts[texts.length - 1].trim() === "") texts.pop();
  const markdown = texts.every((t) => /^\s*#/.test(t));
  if (markdown) texts = uncomment(texts);
  return {
    cellType: markdown ? "markdown" : "code",
    source: texts.join("\n"),
    tags: [],
    metadata: {},
    line: firstLine,
  };
}

/**
 * Index of the line just past an implicit cell starting at `i`: a comment paragraph ends at a blank
 * line (it is markdown) unless code follows it directly; code ends at a blank line followed by an
 * unindented line, when no bracket or triple-quoted string is open.
 */
function implicitEnd(lines: Line[], i: number): number {
  const lexer = new OpenCode();
  let j = i;
  let sawCode = false;
  while (j < lines.length) {
    const t = lines[j].text;
    if (LIGHT_START.test(t) || LIGHT_END.test(t)) return j;
    if (t.trim() === "") {
      if (lexer.open) {
        j++;
        continue;
      }
      if (!sawCode) return j;
      let k = j;
      while (k < lines.length && lines[k].text.trim() === "") k++;
      if (k >= lines.length) return k;
      const next = lines[k].text;
      if (!/^\s/.test(next) && !CONTINUES.test(next)) return j;
      j = k;
      continue;
    }
    if (!/^\s*#/.test(t)) sawCode = true;
    lexer.feed(t);
    j++;
  }
  return j;
}

/** Tracks whether a bracket or a triple-quoted string is still open after the lines fed so far. */
class OpenCode {
  #depth = 0;
  #triple = "";

  get open(): boolean {
    return this.#depth > 0 || this.#triple !== "";
  }

  feed(line: string): void {
    let quote = "";
    for (let k = 0; k < line.length; k++) {
      const c = line[k];
      if (this.#triple) {
        if (c === "\\") k++;
        else if (line.startsWith(this.#triple, k)) {
          k += 2;
          this.#triple = "";
        }
      } else if (quote) {
        if (c === "\\") k++;
        else if (c === quote) quote = "";
      } else if (c === "#") return;
      else if (line.startsWith('"""', k) || line.startsWith("'''", k)) {
        this.#triple = line.slice(k, k + 3);
        k += 2;
      } else if (c === '"' || c === "'") quote = c;
      else if ("([{".includes(c)) this.#depth++;
      else if (")]}".includes(c)) this.#depth = Math.max(0, this.#depth - 1);
    }
  }
}
