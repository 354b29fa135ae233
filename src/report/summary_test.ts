import { equal } from "node:assert/strict";
import type { BuildEvent, BuildSummary } from "../scheduler/mod.ts";
import { ProgressView } from "./progress.ts";
import { formatFailures, formatSummaryTable, formatTotals } from "./summary.ts";

const summary: BuildSummary = {
  seconds: 4,
  interrupted: false,
  ok: false,
  tasks: [
    { name: "load", outcome: "up-to-date", seconds: 0, reasons: [] },
    { name: "clean", outcome: "ran", seconds: 3, reasons: ["source changed"] },
    {
      name: "fit",
      outcome: "failed",
      seconds: 1,
      reasons: ['upstream "clean" changed'],
      failure: {
        message: "AssertionError: missing values",
        traceback: ["\x1b[31mAssertionError\x1b[0m: missing values"],
        notebook: "output/fit.ipynb",
        cell: 3,
      },
    },
    { name: "report", outcome: "skipped", seconds: 0, reasons: ['upstream "fit" failed'] },
  ],
};

Deno.test("formatSummaryTable() lists task, ran?, seconds and share of task time", () => {
  equal(
    formatSummaryTable(summary),
    [
      "task    ran?     seconds  share",
      "------  -------  -------  -----",
      "load    no",
      "clean   yes         3.00  75.0%",
      "fit     FAILED      1.00  25.0%",
      "report  skipped",
    ].join("\n"),
  );
});

Deno.test("formatFailures() shows the failing cell, the traceback without colours, and the partial notebook", () => {
  equal(
    formatFailures(summary),
    "failed fit (cell 3): AssertionError: missing values\n  AssertionError: missing values\n  partial notebook: output/fit.ipynb",
  );
});

Deno.test("formatTotals() counts each outcome", () => {
  equal(formatTotals(summary), "build failed: 1 ran, 1 up to date, 1 failed, 1 skipped in 4.00 s");
});

Deno.test("ProgressView prints plain lines off a terminal and prefixes logged output by task", () => {
  let text = "";
  const view = new ProgressView({ write: (t) => (text += t), live: false, color: false, log: true });
  const events: BuildEvent[] = [
    { type: "build-start", tasks: ["load"], jobs: 1 },
    { type: "task-start", name: "load", reasons: ["never run"] },
    { type: "task-output", name: "load", output: { stream: "stdout", text: "150 rows\npart" } },
    { type: "task-output", name: "load", output: { stream: "stdout", text: "ial\n" } },
    { type: "task-end", name: "load", outcome: "ran", seconds: 0.5 },
    { type: "build-end", summary: { ...summary, tasks: [] } },
  ];
  for (const e of events) view.handle(e);
  equal(text, "run  load (never run)\n[load] 150 rows\n[load] partial\ndone load 0.50 s\n");
});
