import assert from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";
import { parseTaskSourceText, readTaskSource } from "./read_task_source.ts";

const FIXTURES = path.join(path.dirname(path.fromFileUrl(import.meta.url)), "../../tests/fixtures/source");

Deno.test("readTaskSource() splits a percent-format script into cells with tags, types and lines", async () => {
  const src = await readTaskSource(path.join(FIXTURES, "clean.py"));
  assert.equal(src.format, "py");
  assert.equal(src.kernelName, "python3");
  assert.deepEqual(
    src.cells.map((c) => [c.cellType, c.tags, c.line]),
    [["markdown", [], 14], ["code", ["parameters"], 19], ["code", [], 24], ["code", ["save", "io"], 31]],
  );
  assert.equal(src.cells[0].source, "# Clean the data\n\nDrops rows with a missing `price`.");
  assert.equal(
    src.cells[1].source,
    'upstream = ["load", "fit-*"]  # the raw table\nproduct = None\nthreshold = 0.5',
  );
  assert.deepEqual(src.cells[3].metadata, { title: "Save it" });
  assert.equal(src.parametersIndex, 1);
});

Deno.test("readTaskSource() reads an .ipynb's cells, tags, metadata and kernel name", async () => {
  const src = await readTaskSource(path.join(FIXTURES, "fit.ipynb"));
  assert.equal(src.format, "ipynb");
  assert.equal(src.kernelName, "python3");
  assert.equal(src.parametersIndex, 1);
  assert.deepEqual(src.cells.map((c) => c.cellType), ["markdown", "code", "code"]);
  assert.equal(src.cells[0].source, "# Fit\nTrains the model — ünïcode.");
  assert.deepEqual(src.cells[2].metadata, { ExecuteTime: { end_time: "2024" } });
  assert.deepEqual(src.cells[2].tags, []);
});

Deno.test("readTaskSource() names a missing file in a SpecError", async () => {
  await assert.rejects(() => readTaskSource("/nonexistent/task.py"), (e: unknown) => {
    assert.ok(e instanceof SpecError);
    assert.match(e.message, /task\.py.*no such file/);
    return true;
  });
});

const PERCENT_CASES: Array<{ name: string; text: string; cells: Array<[string, string, string[], number]> }> =
  [
    { name: "no markers: one code cell", text: "x = 1\ny = 2\n", cells: [["code", "x = 1\ny = 2", [], 1]] },
    {
      name: "a non-empty header becomes a cell",
      text: "import os\n\n# %%\nx = 1\n",
      cells: [["code", "import os", [], 1], ["code", "x = 1", [], 4]],
    },
    { name: "a blank header is dropped", text: "\n\n# %%\nx = 1\n", cells: [["code", "x = 1", [], 4]] },
    {
      name: "tags with several values and spaces",
      text: '# %% tags=["parameters", "x"]\na = 1\n',
      cells: [["code", "a = 1", ["parameters", "x"], 2]],
    },
    {
      name: "markdown cell with tags, uncommented",
      text: '# %% [markdown] tags=["note"]\n# Title\n#\n# body # kept\n',
      cells: [["markdown", "Title\n\nbody # kept", ["note"], 2]],
    },
    {
      name: "a markdown cell in a triple-quoted string, as jupytext writes it",
      text: '# %% [markdown]\n"""\nA *long*\n\nmarkdown\n"""\n\n# %%\nx = 1\n',
      cells: [["markdown", "A *long*\n\nmarkdown", [], 2], ["code", "x = 1", [], 9]],
    },
    {
      name: "md alias and raw",
      text: "# %% [md]\n# a\n# %% [raw]\n# b\n",
      cells: [["markdown", "a", [], 2], ["raw", "b", [], 4]],
    },
    {
      name: "#%% without space",
      text: "#%%\nx = 1\n#%% tags=['p']\ny = 2",
      cells: [["code", "x = 1", [], 2], ["code", "y = 2", ["p"], 4]],
    },
    {
      name: "empty cell kept",
      text: "# %%\n\n# %%\nx = 1\n",
      cells: [["code", "", [], 2], ["code", "x = 1", [], 4]],
    },
    {
      name: "leading blank lines move the line",
      text: "# %%\n\n\nx = 1\n",
      cells: [["code", "x = 1", [], 4]],
    },
    {
      name: "CRLF line endings",
      text: "# %%\r\nx = 1\r\n\r\n# %%\r\ny = 2\r\n",
      cells: [["code", "x = 1", [], 2], ["code", "y = 2", [], 5]],
    },
    {
      name: "'%%' in code is not a marker",
      text: "# %%\ns = '# %% no'\n# %%time\n",
      cells: [["code", "s = '# %% no'\n# %%time", [], 2]],
    },
  ];

for (const c of PERCENT_CASES) {
  Deno.test(`parseTaskSourceText() reads percent format: ${c.name}`, () => {
    const src = parseTaskSourceText(c.text, "t.py");
    assert.deepEqual(src.cells.map((x) => [x.cellType, x.source, x.tags, x.line]), c.cells);
  });
}

Deno.test("parseTaskSourceText() reports -1 when no cell is tagged parameters", () => {
  assert.equal(parseTaskSourceText("# %%\nx = 1\n", "t.py").parametersIndex, -1);
  assert.equal(parseTaskSourceText('# %% [markdown] tags=["parameters"]\n# x\n', "t.py").parametersIndex, -1);
});

Deno.test("parseTaskSourceText() rejects invalid notebook JSON and unknown extensions with a SpecError", () => {
  assert.throws(() => parseTaskSourceText("{not json", "nb.ipynb"), SpecError);
  assert.throws(() => parseTaskSourceText('{"nbformat": 3, "cells": []}', "nb.ipynb"), SpecError);
  assert.throws(() => parseTaskSourceText("x", "task.R"), /unsupported extension "\.R"/);
});
