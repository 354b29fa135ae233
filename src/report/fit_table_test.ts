import { equal } from "node:assert/strict";
import { fitTable } from "./fit_table.ts";
import { truncateMiddle } from "./_text.ts";

const header = ["task", "why", "products", "doc"];
const rows = [[
  "clean",
  "source changed, 3 upstream outdated",
  "output/features/clean-data.csv",
  "Cleans the data",
]];
const fit = ["keep", "end", "middle", "drop"] as const;

Deno.test("fitTable() keeps full width without a width", () => {
  equal(fitTable(header, rows, { fit: [...fit] }).split("\n")[2], rows[0].join("  "));
});

Deno.test("fitTable() drops the doc column first, then cuts paths in the middle and text at the end", () => {
  const lines = fitTable(header, rows, { width: 60, fit: [...fit] }).split("\n");
  equal(lines[0].includes("doc"), false);
  for (const l of lines) equal(l.length <= 60, true, l);
  equal(lines[2], "clean  source changed, 3 upstream outdated  output/f…ata.csv");
  const narrow = fitTable(header, rows, { width: 40, fit: [...fit] }).split("\n")[2];
  // paths shrink first (to 12), then the text
  equal(narrow, "clean  source changed, 3 …  output…a.csv");
});

Deno.test("truncateMiddle() keeps both ends", () => {
  equal(truncateMiddle("output/metrics-forest.json", 12), "output….json");
  equal(truncateMiddle("short", 12), "short");
});
