import assert from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { buildExecutionCells, injectedCellSource } from "./injected_cell.ts";
import { parseTaskSourceText } from "./read_task_source.ts";

Deno.test("injectedCellSource() writes papermill's layout in the order of the values", () => {
  const src = injectedCellSource({
    upstream: { load: { nb: "output/load.ipynb", data: "output/raw.csv" } },
    product: { nb: "output/clean.ipynb" },
    n_estimators: 5,
  });
  assert.equal(
    src,
    '# Parameters\nupstream = {"load": {"nb": "output/load.ipynb", "data": "output/raw.csv"}}\n' +
      'product = {"nb": "output/clean.ipynb"}\nn_estimators = 5\n',
  );
});

Deno.test("injectedCellSource() rejects a parameter name that is not a Python identifier", () => {
  assert.throws(() => injectedCellSource({ "n-estimators": 5 }), SpecError);
});

Deno.test("injectedCellSource() defines the values when run by real Python", async () => {
  const values = { upstream: { a: "x.csv" }, product: "p.ipynb", flag: true, rate: 0.25, none: null };
  const code = `${
    injectedCellSource(values)
  }import json\nprint(json.dumps([upstream, product, flag, rate, none]))`;
  const out = await new Deno.Command("/usr/bin/python3", { args: ["-c", code], stdout: "piped" }).output();
  assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), Object.values(values));
});

const TEXT = '# %% [markdown]\n# hi\n\n# %% tags=["parameters"]\nupstream = None\n\n# %%\nprint(1)\n';

Deno.test("buildExecutionCells() inserts the injected cell right after the parameters cell", () => {
  const cells = buildExecutionCells(parseTaskSourceText(TEXT, "t.py"), { x: 1 });
  assert.deepEqual(cells.map((c) => c.tags), [[], ["parameters"], ["injected-parameters"], []]);
  assert.equal(cells[2].source, "# Parameters\nx = 1");
  assert.equal(cells[2].cellType, "code");
});

Deno.test("buildExecutionCells() replaces an existing injected cell", () => {
  const text = TEXT.replace("# %%\nprint", '# %% tags=["injected-parameters"]\nx = 0\n\n# %%\nprint');
  const src = parseTaskSourceText(text, "t.py");
  assert.equal(src.cells.length, 4);
  const cells = buildExecutionCells(src, { x: 2 });
  assert.equal(cells.length, 4);
  assert.deepEqual(cells.filter((c) => c.tags.includes("injected-parameters")).map((c) => c.source), [
    "# Parameters\nx = 2",
  ]);
  assert.equal(cells[2].tags[0], "injected-parameters");
});

Deno.test("buildExecutionCells() puts the injected cell first when there is no parameters cell", () => {
  const cells = buildExecutionCells(parseTaskSourceText("# %%\nprint(1)\n", "t.py"), { x: 1 });
  assert.deepEqual(cells.map((c) => c.tags), [["injected-parameters"], []]);
});

Deno.test("buildExecutionCells() does not modify the source's cells", () => {
  const src = parseTaskSourceText(TEXT, "t.py");
  buildExecutionCells(src, { x: 1 });
  assert.equal(src.cells.length, 3);
});
