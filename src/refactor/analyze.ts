import { type Issue, RuntimeError, type SourceLocation, UsageError } from "../errors/mod.ts";
import { h2Heading } from "./sections.ts";
import type { Analysis, NumberedCell, Section } from "./types.ts";

/** Options for {@link analyzeSections}. */
export interface AnalyzeOptions {
  /** The Python that runs `analyze.py` (default `/usr/bin/python3`). */
  python?: string;
}

/**
 * Runs `analyze.py` once, in one Python process, over every code cell of the sections and
 * returns what it found: imports, definitions, per-section variable flow, and located errors.
 *
 * @example
 * ```ts ignore
 * const analysis = await analyzeSections(splitSections(source.cells));
 * analysis.sections["1"].reads; // [{ name: "df", cell: 4, line: 1, col: 6 }]
 * ```
 */
export async function analyzeSections(sections: Section[], options: AnalyzeOptions = {}): Promise<Analysis> {
  const python = options.python ?? "/usr/bin/python3";
  const firstHeading = sections[0]?.cells.find((c) => h2Heading(c.cell) !== undefined)?.number ?? 0;
  const cells = sections.flatMap((s, section) =>
    s.cells.filter((c) => c.cell.cellType === "code").map((c) => ({
      id: c.number,
      section,
      source: c.cell.source,
      preamble: c.number < firstHeading,
    }))
  );
  const script = await readAnalyzer();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(python, {
      args: ["-c", script],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    })
      .spawn();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new UsageError({
      message: `Cannot run Python "${python}": no such program`,
      hint: "pass the Python that runs your kernels with --python PATH",
    });
  }
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify({ cells })));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    throw new RuntimeError({
      message: `Cannot analyze the notebook with "${python}": analyze.py failed`,
      hint: new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3).join(" | "),
    });
  }
  return JSON.parse(new TextDecoder().decode(out.stdout)) as Analysis;
}

async function readAnalyzer(): Promise<string> {
  const url = new URL("./analyze.py", import.meta.url);
  if (url.protocol === "file:") return await Deno.readTextFile(url);
  const res = await fetch(url);
  if (!res.ok) throw new RuntimeError({ message: `Cannot fetch "${url}": HTTP ${res.status}` });
  return await res.text();
}

/**
 * Where a line of a cell is, as a user finds it: `nb.ipynb:cell 4:line 2` for a notebook,
 * `script.py:LINE:COL` (a line of the whole file) for a percent-format script.
 */
export function cellLocation(file: string, cell: NumberedCell, line?: number, col?: number): SourceLocation {
  if (!file.toLowerCase().endsWith(".ipynb")) {
    return { file, line: cell.cell.line + (line ?? 1) - 1, col };
  }
  const at = line === undefined ? "" : `:line ${line}` + (col === undefined ? "" : `:col ${col}`);
  return { file: `${file}:cell ${cell.number}${at}` };
}

/** The analysis errors as located issues. */
export function analysisIssues(analysis: Analysis, file: string, sections: Section[]): Issue[] {
  const byNumber = new Map(sections.flatMap((s) => s.cells.map((c) => [c.number, c] as const)));
  return analysis.errors.map((e) => ({
    location: cellLocation(file, byNumber.get(e.cell)!, e.line, e.col),
    message: e.message,
    hint: e.hint,
  }));
}
