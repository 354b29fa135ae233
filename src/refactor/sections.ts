import type { SourceCell } from "../source/mod.ts";
import type { NumberedCell, Section } from "./types.ts";

const H2 = /^ {0,3}##[ \t]+(.*?)[ \t#]*$/m;

/** The text of the first `## ` heading in a markdown cell, or undefined. */
export function h2Heading(cell: SourceCell): string | undefined {
  if (cell.cellType !== "markdown") return undefined;
  const m = H2.exec(cell.source);
  return m ? m[1].trim() : undefined;
}

/**
 * A task name from a heading: markdown and accents dropped, lower case, every run of other
 * characters turned into `-`, no leading digits; made unique against `taken` (which it extends).
 *
 * @example
 * ```ts
 * import { taskNameFor } from "./mod.ts";
 * const taken = new Set<string>();
 * if (taskNameFor("1. Load the *data*", taken) !== "load-the-data") throw new Error("unexpected");
 * if (taskNameFor("Load the data", taken) !== "load-the-data-2") throw new Error("unexpected");
 * ```
 */
export function taskNameFor(heading: string, taken: Set<string>): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  let base = text.replace(/[^a-z0-9]+/g, "-").replace(/^[-0-9]+/, "").replace(/-+$/, "");
  if (base === "") base = "section";
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

/**
 * Splits a notebook's cells at each `## ` heading. Cells before the first heading join the first
 * section; a heading with no code before the next heading joins the next section. Returns an
 * empty list when there is no H2 heading.
 *
 * @example
 * ```ts
 * import { splitSections } from "./mod.ts";
 * const md = (source: string) => ({ cellType: "markdown" as const, source, tags: [], metadata: {}, line: 1 });
 * const code = (source: string) => ({ cellType: "code" as const, source, tags: [], metadata: {}, line: 1 });
 * const sections = splitSections([md("# Title"), code("x = 1"), md("## Load"), code("y = x")]);
 * // the title and the first code cell join the first section
 * if (sections.length !== 1 || sections[0].cells.length !== 4) throw new Error("unexpected");
 * ```
 */
export function splitSections(cells: SourceCell[]): Section[] {
  const groups: { heading: string; cells: NumberedCell[] }[] = [];
  let lead: NumberedCell[] = [];
  cells.forEach((cell, i) => {
    const numbered = { number: i + 1, cell };
    const heading = h2Heading(cell);
    const current = groups[groups.length - 1];
    if (heading !== undefined && (!current || hasCode(current.cells))) {
      groups.push({ heading, cells: groups.length ? [numbered] : [...lead, numbered] });
      lead = [];
    } else if (current) {
      if (heading !== undefined) current.heading = heading;
      current.cells.push(numbered);
    } else lead.push(numbered);
  });
  const last = groups[groups.length - 1];
  if (last && !hasCode(last.cells) && groups.length > 1) {
    groups[groups.length - 2].cells.push(...groups.pop()!.cells);
  }
  const taken = new Set<string>();
  return groups.map((g) => ({ name: taskNameFor(g.heading, taken), heading: g.heading, cells: g.cells }));
}

function hasCode(cells: NumberedCell[]): boolean {
  return cells.some((c) => c.cell.cellType === "code" && c.cell.source.trim() !== "");
}

/** The whole notebook as one section, named after the notebook file. */
export function singleSection(cells: SourceCell[], notebookName: string): Section {
  const name = taskNameFor(notebookName, new Set());
  return { name, heading: notebookName, cells: cells.map((cell, i) => ({ number: i + 1, cell })) };
}
