import { equal } from "node:assert/strict";
import type { BuildEvent } from "../scheduler/mod.ts";
import { stripAnsi } from "../util/mod.ts";
import { ProgressView } from "./progress.ts";

/** A live view on a fake terminal with a hand-moved clock; `screen()` is the text after the last erase. */
function liveView(columns = 60) {
  let text = "";
  let ms = 0;
  const view = new ProgressView({
    write: (t) => (text += t),
    live: true,
    color: false,
    log: false,
    columns: () => columns,
    now: () => ms,
    tickMs: 60_000,
  });
  return {
    view,
    at: (s: number) => (ms = s * 1000),
    screen: () => stripAnsi(text.split("\x1b[J").at(-1)!),
    raw: () => text,
  };
}

Deno.test("ProgressView live: a clock and cell i/n per running task, done/total and an ETA from last durations", () => {
  const t = liveView();
  const events: BuildEvent[] = [
    { type: "build-start", tasks: ["load", "clean"], jobs: 1, estimates: { load: 10, clean: 20 } },
    { type: "task-start", name: "load", reasons: [] },
    { type: "task-progress", name: "load", progress: { phase: "kernel" } },
  ];
  for (const e of events) t.view.handle(e);
  equal(t.screen(), "[0/2] ETA 0:30\n  load  0:00  starting kernel");
  t.at(4);
  t.view.handle({ type: "task-progress", name: "load", progress: { phase: "cell", cell: 2, cells: 7 } });
  equal(t.screen(), "[0/2] ETA 0:26\n  load  0:04  cell 2/7");
  t.at(12);
  t.view.handle({ type: "task-end", name: "load", outcome: "ran", seconds: 12, reasons: [] });
  t.view.handle({ type: "task-start", name: "clean", reasons: [] });
  equal(t.screen(), "[1/2] ETA 0:20\n  clean  0:00");
  t.view.handle({
    type: "build-end",
    summary: { tasks: [], seconds: 1, interrupted: false, ok: true },
  });
  equal(t.raw().endsWith("\r\x1b[1A\x1b[J"), true, JSON.stringify(t.raw().slice(-20)));
  t.view.stop();
});

Deno.test("ProgressView live: lines are cut to the terminal width", () => {
  const t = liveView(24);
  t.view.handle({ type: "build-start", tasks: ["a-very-long-task-name-indeed"], jobs: 1 });
  t.view.handle({ type: "task-start", name: "a-very-long-task-name-indeed", reasons: [] });
  for (const line of t.screen().split("\n")) equal(line.length <= 23, true, line);
  equal(t.screen().split("\n")[1].endsWith("…"), true);
  t.view.stop();
});

Deno.test("ProgressView live: many running tasks fold into '+N more' so the block fits a screen", () => {
  const t = liveView();
  const names = Array.from({ length: 20 }, (_, i) => `t${i}`);
  t.view.handle({ type: "build-start", tasks: names, jobs: 20 });
  for (const name of names) t.view.handle({ type: "task-start", name, reasons: [] });
  const lines = t.screen().split("\n");
  equal(lines.length, 13);
  equal(lines.at(-1), "  +9 more");
  t.view.stop();
});
