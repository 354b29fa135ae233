import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { parseDocument } from "../deps.ts";
import { loadPythonGrammar, parseParametersCell, parseTaskSourceText } from "../source/mod.ts";
import { path } from "../util/mod.ts";
import {
  plaitModuleFrom,
  type PlannedTask,
  renderPipelineTs,
  renderPipelineYaml,
  renderTask,
  taskCells,
} from "./mod.ts";

await loadPythonGrammar();

const task: PlannedTask = {
  name: "fit",
  heading: "Fit",
  upstream: ["split"],
  inputs: [{ name: "X_train", from: "split" }, { name: "meta", from: "split" }],
  outputs: ["model", "table"],
  imports: ["from sklearn.linear_model import LogisticRegression"],
  exported: ["helper"],
  cells: [
    { cellType: "markdown", source: "## Fit", tags: [], metadata: {}, line: 1 },
    {
      cellType: "code",
      source: "%time model = 1\ntable = X_train",
      tags: ["parameters"],
      metadata: {},
      line: 1,
    },
  ],
};

Deno.test("renderTask() writes imports, parameters, load, own cells and save, and parses back", () => {
  for (const format of ["py", "ipynb"] as const) {
    const text = renderTask(task, { format, dfFormat: "pickle" });
    const src = parseTaskSourceText(text, `tasks/fit.${format}`);
    assertEquals(src.cells.map((c) => c.cellType), ["code", "code", "code", "markdown", "code", "code"]);
    assertEquals(src.parametersIndex, 1, "only the generated cell keeps the parameters tag");
    assertEquals(parseParametersCell(src.cells[1], src.path).upstream, { kind: "list", names: ["split"] });
    assertEquals(
      src.cells[0].source,
      "from sklearn.linear_model import LogisticRegression\nfrom exported import helper",
    );
    ok(
      src.cells[2].source.includes('X_train = pickle.loads(Path(upstream["split"]["X_train"]).read_bytes())'),
    );
    assertEquals(src.cells[4].source, "%time model = 1\ntable = X_train", "magics stay verbatim");
    ok(src.cells[5].source.includes('Path(product["table"]).write_bytes(pickle.dumps(table))'));
  }
});

Deno.test("taskCells() writes upstream = None and no load or save cell for a task alone", () => {
  const alone = { ...task, upstream: [], inputs: [], outputs: [], imports: [], exported: [] };
  assertEquals(taskCells(alone, "pickle").map((c) => c.source.split("\n")[0]), [
    "upstream = None",
    "## Fit",
    "%time model = 1",
  ]);
});

Deno.test("the csv save and load cells keep DataFrames as csv and pickle everything else", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_refactor_" });
  try {
    const cells = taskCells(task, "csv");
    const load = cells[2].source;
    const save = cells[cells.length - 1].source;
    const script = [
      "import pandas as pd",
      `product = {"model": "${dir}/out/model", "table": "${dir}/out/table"}`,
      'model = {"w": [1, 2]}',
      'table = pd.DataFrame({"a": [1.5, 2.5]}, index=[7, 3])',
      save,
      `upstream = {"split": {"X_train": "${dir}/out/table", "meta": "${dir}/out/model"}}`,
      load,
      "assert X_train.equals(table), X_train",
      "assert meta == model",
      `assert open("${dir}/out/table").read().startswith(",a")`,
      'print("ok")',
    ].join("\n");
    const out = await new Deno.Command("/usr/bin/python3", { args: ["-c", script] }).output();
    assertEquals(new TextDecoder().decode(out.stdout).trim(), "ok", new TextDecoder().decode(out.stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("renderPipelineYaml() lists each task's source and products under the prefix", () => {
  const yaml = renderPipelineYaml([task], "py", { productPrefix: "out/data", dfFormat: "pickle" });
  assertEquals(parseDocument(yaml).toJS(), {
    tasks: [{
      source: "tasks/fit.py",
      product: { nb: "out/data/fit.ipynb", model: "out/data/fit-model.pkl", table: "out/data/fit-table.pkl" },
    }],
  });
  const csv = renderPipelineYaml([task], "ipynb", { productPrefix: "output", dfFormat: "csv" });
  ok(csv.includes("source: tasks/fit.ipynb") && csv.includes("table: output/fit-table\n"), csv);
});

Deno.test("renderPipelineTs() imports plait by the given path and declares upstream", () => {
  const ts = renderPipelineTs(
    [task],
    "py",
    { productPrefix: "output", dfFormat: "pickle" },
    "../plait/mod.ts",
  );
  ok(ts.includes('import { pipeline } from "../plait/mod.ts";'), ts);
  ok(ts.includes('upstream: ["split"],') && ts.includes("export default pipeline()"), ts);
  ok(ts.trimEnd().endsWith(".main(import.meta);"), ts);
});

Deno.test("plaitModuleFrom() is a relative path from the output folder to plait's mod.ts", () => {
  const mod = path.fromFileUrl(new URL("../../mod.ts", import.meta.url));
  const out = "/tmp/some/project";
  const rel = plaitModuleFrom(out);
  ok(rel.startsWith("../") || rel.startsWith("./"), rel);
  assertEquals(path.resolve(out, rel), mod);
});
