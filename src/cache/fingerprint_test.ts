import { deepStrictEqual as assertEquals, notEqual } from "node:assert/strict";
import type { Pipeline } from "../graph/mod.ts";
import { computeInputs, FingerprintContext, type RecordSource } from "./fingerprint.ts";
import { makePipeline, tempProject } from "./_test_helpers.ts";
import type { TaskInputs, TaskRecord } from "./types.ts";

const none: RecordSource = { get: () => undefined };

/** Inputs of every task as a fresh build would compute them. */
async function inputsOf(
  p: Pipeline,
  records = none,
  interpreter = "py 3.11",
): Promise<Record<string, TaskInputs>> {
  const ctx = new FingerprintContext(p, { records, interpreter });
  const out: Record<string, TaskInputs> = {};
  for (const name of p.order) out[name] = await computeInputs(p.tasks.get(name)!, ctx);
  return out;
}

function changedTasks(a: Record<string, TaskInputs>, b: Record<string, TaskInputs>): string[] {
  return Object.keys(a).filter((k) => a[k].fingerprint !== b[k].fingerprint).sort();
}

const LOAD = `# %% tags=["parameters"]
upstream = None
product = None

# %%
import pandas as pd
from utils.features import add
df = add(1)  # first version
`;

/*
 * load ---> utils/features.py ---> utils/helpers.py      clean ---> utils/io.py
 *   (both also import the package utils/__init__.py)
 */
async function importProject() {
  const project = await tempProject();
  await project.write("tasks/load.py", LOAD);
  await project.write("tasks/clean.py", "# %%\nimport os\nimport utils.io as uio\nx = uio.read()\n");
  await project.write("tasks/other.py", "# %%\nimport numpy\nprint(1)\n");
  await project.write("utils/__init__.py", "");
  await project.write("utils/features.py", "from .helpers import h\n\ndef add(x):\n    return h(x) + 1\n");
  await project.write("utils/helpers.py", "def h(x):\n    return x\n");
  await project.write("utils/io.py", "def read():\n    return 1\n");
  const p = makePipeline(project.root, [
    { name: "load", source: "tasks/load.py", product: "output/load.ipynb" },
    { name: "clean", source: "tasks/clean.py", product: "output/clean.ipynb" },
    { name: "other", source: "tasks/other.py", product: "output/other.ipynb" },
  ]);
  return { project, p };
}

Deno.test("computeInputs() ignores a comment-only edit and notices a code edit", async () => {
  const { project, p } = await importProject();
  await using _ = project;
  const before = await inputsOf(p);
  await project.write("tasks/load.py", LOAD.replace("# first version", "# reworded\n\n# another comment"));
  assertEquals(changedTasks(before, await inputsOf(p)), []);
  await project.write("tasks/load.py", LOAD.replace("add(1)", "add(2)"));
  const after = await inputsOf(p);
  assertEquals(changedTasks(before, after), ["load"]);
  notEqual(after.load.components.code, before.load.components.code);
});

Deno.test("computeInputs() finds the project modules a task imports, transitively, and only those", async () => {
  const { project, p } = await importProject();
  await using _ = project;
  const inputs = await inputsOf(p);
  assertEquals(Object.keys(inputs.load.components.deps).sort(), [
    "utils/__init__.py",
    "utils/features.py",
    "utils/helpers.py",
  ]);
  assertEquals(Object.keys(inputs.clean.components.deps).sort(), ["utils/__init__.py", "utils/io.py"]);
  assertEquals(inputs.other.components.deps, {});
});

Deno.test("computeInputs() reruns exactly the importers when a project module is edited", async () => {
  const { project, p } = await importProject();
  await using _ = project;
  const before = await inputsOf(p);
  await project.write("utils/helpers.py", "def h(x):\n    # a comment only\n    return x\n");
  assertEquals(changedTasks(before, await inputsOf(p)), []);
  await project.write("utils/helpers.py", "def h(x):\n    return 2 * x\n");
  const afterHelpers = await inputsOf(p);
  assertEquals(changedTasks(before, afterHelpers), ["load"]);
  await project.write("utils/io.py", "def read():\n    return 2\n");
  assertEquals(changedTasks(afterHelpers, await inputsOf(p)), ["clean"]);
  await project.write("utils/__init__.py", "VERSION = 2\n");
  assertEquals(changedTasks(afterHelpers, await inputsOf(p)), ["clean", "load"]);
});

Deno.test("computeInputs() fingerprints a Python function by what it uses, not its whole module", async () => {
  await using project = await tempProject();
  const module = (scale: string, petal: string, k: string) =>
    `import math\nK = ${k}\n\ndef _scale(x):\n    return x * ${scale}\n\n` +
    `def sepal(product, upstream):\n    return _scale(K)\n\n` +
    `@decorated\ndef petal(product, upstream):\n    return ${petal}\n`;
  await project.write("tasks/features.py", module("2", "1", "3"));
  const p = makePipeline(
    project.root,
    ["sepal", "petal"].map((fn) => ({
      name: fn,
      kind: "function" as const,
      dottedPath: `tasks.features.${fn}`,
      source: "tasks/features.py",
      product: `output/${fn}.csv`,
    })),
  );
  const base = await inputsOf(p);
  await project.write("tasks/features.py", module("2", "99", "3"));
  assertEquals(changedTasks(base, await inputsOf(p)), ["petal"]);
  await project.write("tasks/features.py", module("5", "1", "3"));
  assertEquals(changedTasks(base, await inputsOf(p)), ["sepal"]);
  await project.write("tasks/features.py", module("2", "1", "4"));
  assertEquals(changedTasks(base, await inputsOf(p)), ["petal", "sepal"]);
});

Deno.test("computeInputs() gives the same inputs from the analysis memo as from parsing, and saves it", async () => {
  const { project, p } = await importProject();
  await using _ = project;
  await Deno.mkdir(`${project.root}/.plait`);
  const ctx = new FingerprintContext(p, { records: none, interpreter: "py 3.11" });
  const parsed: Record<string, TaskInputs> = {};
  for (const name of p.order) parsed[name] = await computeInputs(p.tasks.get(name)!, ctx);
  await ctx.flush();
  const saved = JSON.parse(await Deno.readTextFile(`${project.root}/.plait/analysis.json`));
  // One entry per task source and per project module: 3 tasks, 4 modules.
  assertEquals(Object.keys(saved.entries).length, 7);
  assertEquals(await inputsOf(p), parsed);
});

function record(products: Record<string, { size: number; mtimeMs: number; hash: string }>): TaskRecord {
  const components = { code: "", params: "", options: "", kernel: "", upstream: {}, deps: {} };
  return { fingerprint: "f", components, products, finishedAt: "2026-01-01T00:00:00Z", durationS: 1 };
}

Deno.test("computeInputs() keeps the downstream fingerprint when an upstream rewrites identical bytes", async () => {
  await using project = await tempProject();
  await project.write("tasks/load.py", "# %%\nx = 1\n");
  await project.write("tasks/clean.py", "# %%\ny = 2\n");
  // load ---> clean
  const p = makePipeline(project.root, [
    { name: "load", source: "tasks/load.py", product: "output/raw.csv" },
    { name: "clean", source: "tasks/clean.py", product: "output/clean.csv", upstream: ["load"] },
  ]);
  const first = { load: record({ "output/raw.csv": { size: 3, mtimeMs: 1000, hash: "aaa" } }) };
  const rerunSame = { load: record({ "output/raw.csv": { size: 3, mtimeMs: 9000, hash: "aaa" } }) };
  const rerunNew = { load: record({ "output/raw.csv": { size: 3, mtimeMs: 9000, hash: "bbb" } }) };
  const at = (r: Record<string, TaskRecord>) => ({ get: (n: string) => r[n] });
  const a = await inputsOf(p, at(first));
  const b = await inputsOf(p, at(rerunSame));
  const c = await inputsOf(p, at(rerunNew));
  assertEquals(b.clean.fingerprint, a.clean.fingerprint);
  notEqual(c.clean.fingerprint, a.clean.fingerprint);
  notEqual(c.clean.components.upstream.load, a.clean.components.upstream.load);
  assertEquals((await inputsOf(p)).clean.components.upstream, { load: "none" });
});

Deno.test("computeInputs() covers params, deps, kernel, options and TypeScript code", async () => {
  await using project = await tempProject();
  await project.write("tasks/fit.py", "# %%\nfit()\n");
  await project.write("data/config.json", "{}");
  const spec = {
    name: "fit",
    source: "tasks/fit.py",
    product: "output/fit.ipynb",
    deps: ["data/config.json"],
  };
  const fp = async (
    s: Partial<typeof spec> & { params?: Record<string, unknown>; kernel?: string },
    py = "py 3.11",
  ) => (await inputsOf(makePipeline(project.root, [{ ...spec, ...s }]), none, py)).fit.fingerprint;
  const base = await fp({});
  assertEquals(await fp({}), base);
  notEqual(await fp({ params: { n: 5 } }), base);
  notEqual(await fp({ kernel: "other" }), base);
  notEqual(await fp({}, "py 3.12"), base);
  notEqual(await fp({ product: "output/fit2.ipynb" }), base);
  await project.write("data/config.json", '{"a": 1}');
  notEqual(await fp({}), base);
  // params key order does not matter
  assertEquals(await fp({ params: { a: 1, b: 2 } }), await fp({ params: { b: 2, a: 1 } }));

  const ts = (run: () => unknown) =>
    inputsOf(makePipeline(project.root, [{ name: "t", run, product: "o.txt" }]));
  const t1 = await ts(() => 1);
  assertEquals((await ts(() => 1)).t.fingerprint, t1.t.fingerprint);
  notEqual((await ts(() => 2)).t.fingerprint, t1.t.fingerprint);
});

Deno.test("computeInputs() ignores markdown and outputs of an .ipynb source", async () => {
  await using project = await tempProject();
  const nb = (md: string, code: string) =>
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: "markdown", metadata: {}, source: md },
        { cell_type: "code", metadata: {}, source: code, outputs: [], execution_count: null },
      ],
    });
  await project.write("tasks/a.ipynb", nb("# Title", "x = 1"));
  const p = makePipeline(project.root, [{ name: "a", source: "tasks/a.ipynb", product: "output/a.ipynb" }]);
  const base = (await inputsOf(p)).a.fingerprint;
  await project.write("tasks/a.ipynb", nb("# Another title", "x = 1  # note"));
  assertEquals((await inputsOf(p)).a.fingerprint, base);
  await project.write("tasks/a.ipynb", nb("# Title", "x = 2"));
  notEqual((await inputsOf(p)).a.fingerprint, base);
});

Deno.test("computeInputs() ignores an upstream script's executed notebook when it has data products too", async () => {
  await using project = await tempProject();
  await project.write("tasks/load.py", "# %%\nx = 1\n");
  await project.write("tasks/clean.py", "# %%\ny = 2\n");
  // load {nb, data} ---> clean
  const p = makePipeline(project.root, [
    { name: "load", source: "tasks/load.py", product: { nb: "output/load.ipynb", data: "output/raw.csv" } },
    { name: "clean", source: "tasks/clean.py", product: "output/clean.csv", upstream: ["load"] },
  ]);
  const at = (nb: string, data: string) => ({
    get: (n: string) =>
      n === "load"
        ? record({
          "output/load.ipynb": { size: 1, mtimeMs: 1, hash: nb },
          "output/raw.csv": { size: 1, mtimeMs: 1, hash: data },
        })
        : undefined,
  });
  const base = (await inputsOf(p, at("nb1", "d1"))).clean.fingerprint;
  assertEquals((await inputsOf(p, at("nb2", "d1"))).clean.fingerprint, base);
  notEqual((await inputsOf(p, at("nb1", "d2"))).clean.fingerprint, base);
});

Deno.test("computeInputs() follows the modules of module::function params and of serializers", async () => {
  const project = await tempProject();
  await using _ = project;
  const script = '# %% tags=["parameters"]\nupstream = None\nproduct = None\nn = None\n\n# %%\nprint(n)\n';
  await project.write("tasks/load.py", script);
  await project.write("tasks/params.py", "def n_rows():\n    return 10\n");
  await project.write("tasks/io.py", "def dump(obj, product):\n    pass\n");
  const p = makePipeline(project.root, [
    {
      name: "load",
      source: "tasks/load.py",
      product: "output/load.ipynb",
      params: { n: "tasks.params::n_rows" },
    },
    { name: "save", source: "tasks/load.py", product: "output/save.ipynb", serializer: "tasks.io.dump" },
    { name: "plain", source: "tasks/load.py", product: "output/plain.ipynb" },
  ]);
  const before = await inputsOf(p);
  await project.write("tasks/params.py", "def n_rows():\n    return 20\n");
  const afterParams = await inputsOf(p);
  assertEquals(changedTasks(before, afterParams), ["load"]);
  await project.write("tasks/io.py", "def dump(obj, product):\n    open(product, 'w').write(str(obj))\n");
  assertEquals(changedTasks(afterParams, await inputsOf(p)), ["save"]);
});
