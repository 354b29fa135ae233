import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { SourceCell } from "../source/mod.ts";
import { splitSections, taskNameFor } from "./mod.ts";

const md = (source: string): SourceCell => ({
  cellType: "markdown",
  source,
  tags: [],
  metadata: {},
  line: 1,
});
const code = (source: string): SourceCell => ({ cellType: "code", source, tags: [], metadata: {}, line: 1 });

Deno.test("taskNameFor() lower-cases, dashes, drops leading digits and markdown, and stays unique", () => {
  const cases: [string, string][] = [
    ["Load data", "load-data"],
    ["1. Load the *data*", "load-the-data"],
    ["Train/test split!", "train-test-split"],
    ["Données brutes", "donnees-brutes"],
    ["See [the docs](http://x.org)", "see-the-docs"],
    ["2021", "section"],
    ["Load data", "load-data-2"],
    ["load DATA", "load-data-3"],
  ];
  const taken = new Set<string>();
  for (const [heading, name] of cases) assertEquals(taskNameFor(heading, taken), name, heading);
});

Deno.test("splitSections() starts a section at each H2; what precedes the first joins it", () => {
  const cells = [
    md("# Title"),
    code("import os"),
    md("## Load"),
    code("x = 1"),
    md("### Detail\n## Fit"),
    code("y = x"),
  ];
  const sections = splitSections(cells);
  assertEquals(sections.map((s) => s.name), ["load", "fit"]);
  assertEquals(sections[0].cells.map((c) => c.number), [1, 2, 3, 4]);
  assertEquals(sections[1].cells.map((c) => c.number), [5, 6]);
});

Deno.test("splitSections() merges a heading without code into the next section, or the last into the previous", () => {
  const cells = [md("## Intro"), md("## Load"), code("x = 1"), md("## Fit"), code("y = x"), md("## The end")];
  const sections = splitSections(cells);
  assertEquals(sections.map((s) => s.name), ["load", "fit"]);
  assertEquals(sections[0].cells.map((c) => c.number), [1, 2, 3]);
  assertEquals(sections[1].cells.map((c) => c.number), [4, 5, 6]);
});

Deno.test("splitSections() finds no section without an H2 heading (H1 and H3 do not count)", () => {
  assertEquals(splitSections([md("# Title"), md("### Sub"), code("x = 1"), md("##No space")]), []);
});
