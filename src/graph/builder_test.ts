import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { pipeline } from "./builder.ts";

Deno.test("pipeline().task() records where each task was defined", () => {
  const line = new Error().stack!.split("\n")[1].match(/:(\d+):\d+\)?$/)![1];
  const b = pipeline()
    .task("load", { source: "tasks/load.py", product: "out/load.ipynb" });
  const where = b.definitions[0].where.task;
  assert(where.file.endsWith("builder_test.ts"), where.file);
  assertEquals(where.line, Number(line) + 2);
  assertEquals(b.location.line, Number(line) + 1);
});

Deno.test("PipelineBuilder.task() returns a new builder and leaves the old one unchanged", () => {
  const a = pipeline({ executor: "parallel" });
  const b = a.task("load", { run: () => {}, product: "out/x" });
  assertEquals([a.definitions.length, b.definitions.length], [0, 1]);
  assertEquals(b.options, { executor: "parallel" });
});

Deno.test("PipelineBuilder.main() does nothing when the module is imported", () => {
  const b = pipeline().task("load", { run: () => {}, product: "out/x" });
  assertEquals(b.main({ main: false } as ImportMeta), b);
});
