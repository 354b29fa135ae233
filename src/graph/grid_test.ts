import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Issue } from "../errors/mod.ts";
import { expandGrid, gridCombinations, gridGroupName, gridPointName, withIndex } from "./grid.ts";

const at = { file: "pipeline.yaml", line: 3, col: 5 };

Deno.test("gridPointName() names points as Ploomber does: name + index, or filled placeholders", () => {
  assertEquals([0, 1].map((i) => gridPointName("fit-", { a: i }, i)), ["fit-0", "fit-1"]);
  assertEquals([0, 1].map((i) => gridPointName("fit", { a: i }, i)), ["fit0", "fit1"]);
  assertEquals(gridPointName("fit-[[a]]-[[b]]", { a: 0.5, b: "gini" }, 3), "fit-0.5-gini");
  assertEquals(gridPointName("p=[[flag]]/[[none]]", { flag: true, none: null }, 0), "p=True/None");
});

Deno.test("gridGroupName() drops placeholders and trailing separators", () => {
  assertEquals(["fit-", "fit", "fit-[[a]]", "fit_[[a]]-[[b]]", "[[a]]"].map(gridGroupName), [
    "fit",
    "fit",
    "fit",
    "fit",
    "[[a]]",
  ]);
});

Deno.test("gridCombinations() takes the cartesian product, last key fastest, and unions a list of dicts", () => {
  assertEquals(gridCombinations({ n: [5, 10], c: ["gini", "entropy"] }), [
    { n: 5, c: "gini" },
    { n: 5, c: "entropy" },
    { n: 10, c: "gini" },
    { n: 10, c: "entropy" },
  ]);
  assertEquals(gridCombinations([{ a: [1] }, { a: [2, 3], b: ["x"] }]), [{ a: 1 }, { a: 2, b: "x" }, {
    a: 3,
    b: "x",
  }]);
});

Deno.test("expandGrid() numbers every product path as Ploomber 0.23 does, then fills its placeholders", () => {
  const issues: Issue[] = [];
  const points = expandGrid(
    "fit-",
    { n: [5, 10], c: ["gini", "entropy"] },
    {
      nb: "out/fit-[[n]]-[[c]].ipynb",
      model: "out/model.tar.gz",
      plot: "out/[[c]]/plot.png",
    },
    at,
    issues,
  );
  assertEquals(issues, []);
  assertEquals(points.map((p) => p.name), ["fit-0", "fit-1", "fit-2", "fit-3"]);
  assertEquals(points[1].product, {
    nb: "out/fit-5-entropy-1.ipynb",
    model: "out/model-1.tar.gz",
    plot: "out/entropy/plot-1.png",
  });
  assertEquals(points[3].values, { n: 10, c: "entropy" });
});

Deno.test("withIndex() puts the index before every suffix of the template, never inside a value", () => {
  const cases: [string, string][] = [
    ["out/fit.ipynb", "out/fit-2.ipynb"],
    ["a.tar.gz", "a-2.tar.gz"],
    ["out/data", "out/data-2"],
    ["out/.hidden", "out/.hidden-2"],
    ["out/fit-[[alpha]].csv", "out/fit-[[alpha]]-2.csv"],
  ];
  for (const [path, want] of cases) assertEquals(withIndex(path, 2), want);
});

Deno.test("expandGrid() renders a placeholder that one block of a grid list lacks as empty", () => {
  const issues: Issue[] = [];
  const points = expandGrid(
    "fit-[[model]]-[[criterion]][[learning_rate]]",
    [{ model: ["rf"], criterion: ["gini"] }, { model: ["ada"], learning_rate: [1] }],
    "out/[[model]][[criterion]].pkl",
    at,
    issues,
  );
  assertEquals(issues, []);
  assertEquals(points.map((p) => [p.name, p.product]), [
    ["fit-rf-gini", "out/rfgini-0.pkl"],
    ["fit-ada-1", "out/ada-1.pkl"],
  ]);
});

Deno.test("expandGrid() indexes a single product path that has no placeholder", () => {
  const points = expandGrid("fit", { a: [1, 2] }, "out/fit.ipynb", at, []);
  assertEquals(points.map((p) => [p.name, p.product]), [["fit0", "out/fit-0.ipynb"], [
    "fit1",
    "out/fit-1.ipynb",
  ]]);
});

Deno.test("expandGrid() reports placeholders with no grid value at the name and product", () => {
  const issues: Issue[] = [];
  const where = { grid: at, name: { ...at, line: 2 }, product: { ...at, line: 4 } };
  expandGrid("fit-[[alpah]]", { alpha: [1, 2] }, "out/[[beta]].ipynb", where, issues);
  assertEquals(issues.map((i) => [i.location?.line, i.message]), [
    [2, 'Cannot fill placeholder "[[alpah]]" in the name of task "fit-[[alpah]]": the grid has no "alpah"'],
    [4, 'Cannot fill placeholder "[[beta]]" in the product of task "fit-[[alpah]]": the grid has no "beta"'],
  ]);
  assertEquals(issues[0].hint, "grid keys are: alpha");
});

Deno.test("expandGrid() reports an empty grid", () => {
  const issues: Issue[] = [];
  assertEquals(expandGrid("fit", { a: [] }, "out/x", at, issues), []);
  assertEquals(issues[0].message, 'Cannot expand grid of task "fit": it has no values');
});
