import assert from "node:assert/strict";
import type { Task } from "../graph/mod.ts";
import { checkConversion, conversionOf } from "./nbconvert.ts";

const PYTHON = "/usr/bin/python3";
const task = (nbconvert?: Task["nbconvert"]) => ({ nbconvert }) as Task;

Deno.test("conversionOf() picks the exporter from the extension or nbconvert_exporter_name, as Ploomber", () => {
  const rows: Array<[string, Task["nbconvert"], unknown]> = [
    ["out/a.ipynb", undefined, { kind: "ipynb" }],
    ["out/a.html", undefined, { kind: "nbconvert", exporter: "html", kwargs: {} }],
    ["out/a.md", { kwargs: { exclude_input: true } }, {
      kind: "nbconvert",
      exporter: "markdown",
      kwargs: { exclude_input: true },
    }],
    ["out/a.pdf", { exporter: "webpdf" }, { kind: "nbconvert", exporter: "webpdf", kwargs: {} }],
    ["out/a.html", { exporter: "notebook" }, { kind: "ipynb" }],
  ];
  for (const [path, opts, want] of rows) assert.deepEqual(conversionOf(task(opts), path), want, path);
  const bad = conversionOf(task(), "out/a.docx");
  assert.ok("failure" in bad);
  assert.match(bad.failure.message, /no nbconvert exporter for the extension "\.docx"/);
});

Deno.test("checkConversion() names an unknown exporter and accepts a known one", async () => {
  const unknown = await checkConversion(PYTHON, { exporter: "no-such" }, "out/a.x");
  assert.match(unknown!.message, /nbconvert's "no-such" exporter: no such exporter/);
  assert.match(unknown!.traceback!.join(""), /nbconvert_exporter_name is one of .*html/);
  assert.equal(await checkConversion(PYTHON, { exporter: "html" }, "out/a.html"), undefined);
});
