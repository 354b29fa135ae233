import { parseDocument } from "../deps_yaml.ts";
import type { CellType, SourceCell } from "./types.ts";

/** A cell of a percent-format script together with where it sits in the text. */
export interface PercentSpan {
  cell: SourceCell;
  /** Offset of the `# %%` line, or -1 for the header cell before the first marker. */
  markerStart: number;
  /** Offset just past the cell's last character (the next marker line, or the end of the text). */
  end: number;
  /** 1-based line of the cell's marker, or 0 for a cell without one. */
  markerLine: number;
}

/** A percent-format script split into cells. */
export interface PercentScript {
  spans: PercentSpan[];
  /** `jupyter.kernelspec.name` from a jupytext YAML header, if any. */
  kernelName?: string;
}

/** A percent-format cell marker: `# %%`, then an optional `[markdown]`, title and `key=value` metadata. */
export const MARKER = /^\s*#\s*%%(%*)(?:\s(.*))?$/;

/** One line of a script without its line break, and its offset. */
export interface Line {
  text: string;
  start: number;
}

/** Splits text into lines (`\\r\\n` or `\\n`), keeping offsets. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    const stop = nl < 0 ? text.length : nl;
    lines.push({ text: text.slice(start, stop).replace(/\r$/, ""), start });
    start = stop + 1;
  }
  return lines;
}

/** Splits a percent-format (jupytext) script into cells, remembering each cell's span. */
export function scanPercent(text: string): PercentScript {
  const lines = splitLines(text);
  const { first, kernelName } = skipYamlHeader(lines);
  return { spans: percentSpans(text, lines, first), kernelName };
}

/** The percent-format cells of `lines` from line index `first` (past the YAML header). */
export function percentSpans(text: string, lines: Line[], first: number): PercentSpan[] {
  const spans: PercentSpan[] = [];
  let markerLine = -1;
  let bodyStart = first;
  const flush = (stopLine: number) => {
    const markerStart = markerLine < 0 ? -1 : lines[markerLine].start;
    const end = stopLine < lines.length ? lines[stopLine].start : text.length;
    const header = markerLine < 0 ? "" : MARKER.exec(lines[markerLine].text)![2] ?? "";
    const cell = makeCell(header, lines.slice(bodyStart, stopLine), bodyStart + 1);
    if (markerLine >= 0 || cell.source !== "") {
      spans.push({ cell, markerStart, end, markerLine: markerLine + 1 });
    }
  };
  for (let i = first; i < lines.length; i++) {
    if (!MARKER.test(lines[i].text)) continue;
    flush(i);
    markerLine = i;
    bodyStart = i + 1;
  }
  flush(lines.length);
  return spans;
}

/** A cell from its marker's header and its body lines (blank lines around it trimmed), in either format. */
export function makeCell(header: string, body: Line[], firstLine: number): SourceCell {
  const opts = parseMarkerOptions(header);
  let lo = 0;
  let hi = body.length;
  while (lo < hi && body[lo].text.trim() === "") lo++;
  while (hi > lo && body[hi - 1].text.trim() === "") hi--;
  let texts = body.slice(lo, hi).map((l) => l.text);
  if (opts.cellType !== "code") texts = uncomment(texts);
  return {
    cellType: opts.cellType,
    source: texts.join("\n"),
    tags: opts.tags,
    metadata: opts.metadata,
    line: lo < hi ? firstLine + lo : firstLine,
  };
}

/** The text of a markdown or raw cell: `# ` removed from each line, or the inside of a `"""` string. */
export function uncomment(texts: string[]): string[] {
  const joined = texts.join("\n").trim();
  const quoted = /^("""|''')\n?([\s\S]*?)\n?\1$/.exec(joined);
  if (quoted) return quoted[2].split("\n");
  return texts.map((t) => t.replace(/^#( |$)/, ""));
}

interface MarkerOptions {
  cellType: CellType;
  tags: string[];
  metadata: Record<string, unknown>;
  /** What could not be read (a `tags` that is not a list of strings, a bracketed value that is not JSON). */
  problems: string[];
}

/** Parses what follows `# %%`: an optional `[markdown]`/`[raw]`, a title, and `key=value` metadata. */
export function parseMarkerOptions(header: string): MarkerOptions {
  let s = header.trim();
  let cellType: CellType = "code";
  const kind = /^\[(markdown|md|raw)\]\s*/.exec(s);
  if (kind) {
    cellType = kind[1] === "raw" ? "raw" : "markdown";
    s = s.slice(kind[0].length);
  }
  const metadata: Record<string, unknown> = {};
  const problems: string[] = [];
  const keyRe = /(?:^|\s)([A-Za-z_][\w.-]*)=/g;
  const firstKey = keyRe.exec(s);
  const title = (firstKey ? s.slice(0, firstKey.index) : s).trim();
  if (title) metadata.title = title;
  let pos = firstKey ? firstKey.index : s.length;
  while (pos < s.length) {
    const m = /^\s*([A-Za-z_][\w.-]*)=/.exec(s.slice(pos));
    if (!m) break;
    pos += m[0].length;
    const end = valueEnd(s, pos);
    const raw = s.slice(pos, end);
    metadata[m[1]] = parseValue(raw);
    if (/^[[{]/.test(raw) && typeof metadata[m[1]] === "string") {
      problems.push(`${m[1]}=${raw} is not valid JSON`);
    }
    pos = end;
  }
  let tags: string[] = [];
  if ("tags" in metadata) {
    const t = metadata.tags;
    if (Array.isArray(t) && t.every((x) => typeof x === "string")) tags = t;
    else if (!problems.length) problems.push(`tags=${JSON.stringify(t)} is not a list of strings`);
    delete metadata.tags;
  }
  return { cellType, tags, metadata, problems };
}

/** End offset of a JSON-ish value starting at `pos`: balanced brackets, strings, or up to whitespace. */
function valueEnd(s: string, pos: number): number {
  let depth = 0;
  let quote = "";
  for (let i = pos; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) {
        quote = "";
        if (depth === 0) return i + 1;
      }
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      depth--;
      if (depth <= 0) return i + 1;
    } else if (depth === 0 && /\s/.test(c)) return i;
  }
  return s.length;
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    try {
      return JSON.parse(raw.replace(/'/g, '"').replace(/\bTrue\b/g, "true").replace(/\bFalse\b/g, "false"));
    } catch {
      return raw;
    }
  }
}

/** The index of the first line past a jupytext YAML header (`# ---` ... `# ---`), and its kernel name. */
export function skipYamlHeader(lines: Line[]): { first: number; kernelName?: string } {
  let i = 0;
  while (i < lines.length && lines[i].text.trim() === "") i++;
  if (i >= lines.length || lines[i].text.trimEnd() !== "# ---") return { first: 0 };
  for (let j = i + 1; j < lines.length; j++) {
    const t = lines[j].text;
    if (t.trimEnd() === "# ---") return { first: j + 1, kernelName: kernelFromYaml(lines.slice(i + 1, j)) };
    if (!t.startsWith("#")) break;
  }
  return { first: 0 };
}

function kernelFromYaml(lines: Line[]): string | undefined {
  try {
    const yaml = lines.map((l) => l.text.replace(/^# ?/, "")).join("\n");
    const doc = parseDocument(yaml).toJS() as { jupyter?: { kernelspec?: { name?: unknown } } } | null;
    const name = doc?.jupyter?.kernelspec?.name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}
