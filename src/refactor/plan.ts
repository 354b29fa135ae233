import { closest, type Issue, SpecError } from "../errors/mod.ts";
import type { SourceCell } from "../source/mod.ts";
import { analysisIssues, cellLocation } from "./analyze.ts";
import type {
  Analysis,
  DefRecord,
  PipelinePlan,
  PlannedTask,
  ReadRecord,
  Section,
  TaskInput,
} from "./types.ts";

/**
 * Turns sections and their analysis into tasks: each variable a section reads comes from the
 * nearest earlier section that defines (or mutates) it; a section saves only what a later one
 * reads. Throws a {@link SpecError} listing every problem (with its cell and line) at once.
 *
 * @example
 * ```ts ignore
 * const plan = planPipeline(sections, await analyzeSections(sections), "nb.ipynb");
 * plan.tasks[1].inputs; // [{ name: "df", from: "load" }]
 * ```
 */
export function planPipeline(sections: Section[], analysis: Analysis, file: string): PipelinePlan {
  const issues: Issue[] = analysisIssues(analysis, file, sections);
  issues.push(...duplicateDefs(analysis.defs, file, sections));
  const flows = sections.map((_, i) => analysis.sections[String(i)] ?? { reads: [], defines: [], uses: [] });
  const inputs: TaskInput[][] = sections.map(() => []);
  const outputs: Set<string>[] = sections.map(() => new Set());
  flows.forEach((flow, k) => {
    for (const read of flow.reads) {
      const j = findLastIndex(flows.slice(0, k), (f) => f.defines.includes(read.name));
      if (j < 0) {
        issues.push(undefinedIssue(read, k, sections, flows, file));
        continue;
      }
      inputs[k].push({ name: read.name, from: sections[j].name });
      outputs[j].add(read.name);
    }
  });
  issues.push(...reservedNames(sections, flows, outputs, file));
  if (issues.length) throw new SpecError(issues);
  const removals = new Map(analysis.cells.map((c) => [c.id, c.remove]));
  const setup = analysis.setup ?? [];
  const setupNames = setup.flatMap((s) => s.names);
  const tasks = sections.map((section, k): PlannedTask => {
    const uses = new Set(flows[k].uses);
    return {
      name: section.name,
      heading: section.heading,
      upstream: sections.filter((s) => inputs[k].some((i) => i.from === s.name)).map((s) => s.name),
      inputs: byProvider(inputs[k], sections),
      outputs: flows[k].defines.filter((name) => outputs[k].has(name)),
      imports: importsUsing(analysis, new Set([...uses, ...setupNames])),
      setup: setup.map((s) => s.text),
      exported: analysis.defs.filter((d) => uses.has(d.name)).map((d) => d.name),
      cells: section.cells.flatMap((c) => keptCell(c.cell, removals.get(c.number) ?? [])),
    };
  });
  return { tasks, exported: exportedModule(analysis) };
}

/** `upstream` and `product` are injected into every task; `nb` is the executed notebook's product key. */
function reservedNames(
  sections: Section[],
  flows: { defines: string[] }[],
  outputs: Set<string>[],
  file: string,
): Issue[] {
  return sections.flatMap((s, k) => {
    const bad = flows[k].defines.filter((n) =>
      n === "upstream" || n === "product" || (n === "nb" && outputs[k].has(n))
    );
    return bad.map((name) => ({
      location: { file },
      message: `Cannot refactor section "${s.name}": it defines "${name}", a name plait's tasks reserve`,
      hint: `rename the variable "${name}" in the notebook`,
    }));
  });
}

function byProvider(inputs: TaskInput[], sections: Section[]): TaskInput[] {
  const order = (i: TaskInput) => sections.findIndex((s) => s.name === i.from);
  return inputs.map((input, i) => ({ input, i })).sort((a, b) => order(a.input) - order(b.input) || a.i - b.i)
    .map((x) => x.input);
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

/** Import statements (one name each, in notebook order, no repeats) that bind a name in `uses`. */
function importsUsing(analysis: Analysis, uses: Set<string>): string[] {
  const out: string[] = [];
  for (const imp of analysis.imports) {
    if (imp.movable && imp.names.some((n) => uses.has(n)) && !out.includes(imp.text)) out.push(imp.text);
  }
  return out;
}

function keptCell(cell: SourceCell, remove: [number, number][]): SourceCell[] {
  if (cell.cellType !== "code" || remove.length === 0) return [cell];
  const lines = cell.source.split("\n").filter((_, i) => !remove.some(([a, b]) => i + 1 >= a && i + 1 <= b));
  const source = lines.join("\n").replace(/^\s*\n/, "").trim() === "" ? "" : trimBlankLines(lines);
  return source === "" ? [] : [{ ...cell, source }];
}

function trimBlankLines(lines: string[]): string {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi && lines[lo].trim() === "") lo++;
  while (hi > lo && lines[hi - 1].trim() === "") hi--;
  return lines.slice(lo, hi).join("\n");
}

function exportedModule(analysis: Analysis): string | undefined {
  if (analysis.defs.length === 0) return undefined;
  const reads = new Set(analysis.defs.flatMap((d) => d.reads));
  const imports = importsUsing(analysis, reads);
  const header = '"""Functions and classes moved out of the notebook by `plait refactor`."""';
  const head = imports.length ? `${header}\n\n${imports.join("\n")}` : header;
  return [head, ...analysis.defs.map((d) => d.text)].join("\n\n\n") + "\n";
}

function duplicateDefs(defs: DefRecord[], file: string, sections: Section[]): Issue[] {
  const cells = new Map(sections.flatMap((s) => s.cells.map((c) => [c.number, c] as const)));
  return defs.flatMap((d, i) => {
    const first = defs.findIndex((e) => e.name === d.name);
    if (first === i) return [];
    const where = cellLocation(file, cells.get(defs[first].cell)!, defs[first].line);
    return [{
      location: cellLocation(file, cells.get(d.cell)!, d.line),
      message: `${d.kind} "${d.name}" is defined a second time (first at ${where.file}${
        where.line ? `:${where.line}` : ""
      })`,
      hint: "give the two definitions different names: both move to exported.py",
    }];
  });
}

function undefinedIssue(
  read: ReadRecord,
  k: number,
  sections: Section[],
  flows: { defines: string[] }[],
  file: string,
): Issue {
  const cell = sections[k].cells.find((c) => c.number === read.cell)!;
  const later = flows.findIndex((f, j) => j > k && f.defines.includes(read.name));
  const known = [...new Set(flows.slice(0, k).flatMap((f) => f.defines))];
  const similar = closest(read.name, known);
  let hint = `define "${read.name}" in an earlier cell`;
  if (later >= 0) {
    hint = `it is first defined in section "${sections[later].name}": move that code before this cell`;
  } else if (similar) hint = `did you mean "${similar}"?`;
  return {
    location: cellLocation(file, cell, read.line, read.col),
    message: `Cannot refactor section "${
      sections[k].name
    }": it uses "${read.name}" before any section defines it`,
    hint,
  };
}
