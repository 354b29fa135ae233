/** Character span of one element of the notebook's `cells` array. */
export interface Span {
  start: number;
  end: number;
}

/** Layout facts about a notebook's JSON text needed to splice cells in and out. */
export interface CellsLayout {
  spans: Span[];
  /** Indentation unit of the file (`" "` for Jupyter's files). */
  unit: string;
  /** Offset just after the `[` of the cells array. */
  open: number;
}

function skipWs(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Offset just past the JSON value starting at `i` (which must not be whitespace). */
function skipValue(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      if (depth === 0) return i + 1;
    } else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && /[\s,\]}:]/.test(c)) return i;
  }
  return i;
}

/** Finds the spans of the elements of the top-level `"cells"` array of valid notebook JSON. */
export function cellsLayout(text: string): CellsLayout | undefined {
  let i = skipWs(text, 0);
  if (text[i] !== "{") return undefined;
  i++;
  while (i < text.length) {
    i = skipWs(text, i);
    if (text[i] === ",") i = skipWs(text, i + 1);
    if (text[i] !== '"') return undefined;
    const keyEnd = skipValue(text, i);
    const key = JSON.parse(text.slice(i, keyEnd));
    const lineStart = text.lastIndexOf("\n", i) + 1;
    i = skipWs(text, skipWs(text, keyEnd) + 1);
    if (key === "cells" && text[i] === "[") {
      return {
        spans: arraySpans(text, i),
        unit: text.slice(lineStart, i).match(/^\s*/)![0] || " ",
        open: i + 1,
      };
    }
    i = skipValue(text, i);
  }
  return undefined;
}

function arraySpans(text: string, open: number): Span[] {
  const spans: Span[] = [];
  let i = skipWs(text, open + 1);
  while (i < text.length && text[i] !== "]") {
    const end = skipValue(text, i);
    spans.push({ start: i, end });
    i = skipWs(text, end);
    if (text[i] === ",") i = skipWs(text, i + 1);
  }
  return spans;
}
