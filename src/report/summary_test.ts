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

Deno.test("formatSummaryTable() shows kernel wait apart, and the share follows the seconds column", () => {
  const waited: BuildSummary = {
    ...summary,
    tasks: [
      { name: "load", outcome: "ran", seconds: 1, kernelSeconds: 4, reasons: [] },
      { name: "clean", outcome: "ran", seconds: 3, kernelSeconds: 0.5, reasons: [] },
    ],
  };
  equal(
    formatSummaryTable(waited),
    [
      "task   ran?  seconds  kernel  share",
      "-----  ----  -------  ------  -----",
      "load   yes      1.00    4.00  25.0%",
      "clean  yes      3.00    0.50  75.0%",
    ].join("\n"),
  );
});

Deno.test("formatFailures() shows the failing cell, the traceback without colours, and the partial notebook", () => {
  equal(
    formatFailures(summary),
    "failed fit (cell 3): AssertionError: missing values\n  AssertionError: missing values\n  partial notebook: output/fit.ipynb",
  );
});

const located: BuildSummary = {
  ...summary,
  tasks: [{
    name: "clean",
    outcome: "failed",
    seconds: 1,
    reasons: [],
    failure: {
      message: "KeyError: 'x'",
      location: { file: "tasks/clean.py", line: 12 },
      traceback: [
        "Cell In[3], line 2",
        "File /usr/lib/python3/site-packages/pandas/frame.py:9, in get()",
        "KeyError: 'x'",
      ],
      userTraceback: ["tasks/clean.py:12", "KeyError: 'x'"],
      foldedFrames: 1,
    },
  }, {
    name: "fit",
    outcome: "interrupted",
    seconds: 1,
    reasons: [],
    failure: { message: "x", traceback: ["a"], cell: 4 },
  }],
};

Deno.test("formatFailures() leads with FILE:LINE, folds library frames, and gives an interrupted task one line", () => {
  equal(
    formatFailures(located),
    [
      "failed clean: tasks/clean.py:12: KeyError: 'x'",
      "  tasks/clean.py:12",
      "  KeyError: 'x'",
      "  (1 library frame folded; --verbose shows the full traceback)",
      "",
      "interrupted fit in cell 4",
    ].join("\n"),
  );
  const full = formatFailures(located, { verbose: true });
  equal(full.includes("site-packages/pandas/frame.py:9"), true, full);
  equal(full.includes("folded"), false);
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
