/**
 * Python function tasks by dotted path, serializers, hooks, `module::function` params, and a
 * TypeScript function task, all with real kernels:
 *
 *   functions:   sepal --> petal        table        broken
 *   typescript:  make --> use
 */
import { assertEquals, assertMatch, assertStringIncludes } from "./_assert.ts";
import { buildIn, fixture, plait, projectOf } from "./_helpers.ts";
import { loadPipeline } from "../../src/project/mod.ts";

Deno.test("function tasks run by dotted path with params, serializers, task and pipeline on_finish hooks", async () => {
  await using copy = await fixture("functions");
  const run = await buildIn(copy.dir, { partially: "petal" });
  assertEquals(run.started, ["sepal", "petal"]);
  assertEquals(run.summary.ok, true, JSON.stringify(run.summary.tasks.map((t) => t.failure)));
  // sepal(product, n, scale) writes its product itself; n comes from tasks.params::n_rows (4)
  assertEquals(JSON.parse(await copy.read("output/sepal.json")), [0, 2, 4, 6]);
  // petal(upstream) gets sepal.json loaded by tasks.io.load and its return value saved by tasks.io.dump
  assertEquals(await copy.read("output/petal.json"), '{"count": 4, "total": 12}');
  assertEquals(
    await copy.read("output/hooks.log"),
    "done output/sepal.json\nnotify x petal\npipeline ok, ran sepal,petal\n",
  );

  const again = await buildIn(copy.dir, { partially: "petal" });
  assertEquals(again.started, []);
  await copy.edit("tasks/features.py", "return {", "values = values + [100]\n    return {");
  const edited = await buildIn(copy.dir, { partially: "petal" });
  assertEquals(edited.started, ["petal"]);
  assertEquals(await copy.read("output/petal.json"), '{"count": 5, "total": 112}');
});

Deno.test("a failing function task shows its traceback; task and pipeline on_failure hooks get it", async () => {
  await using copy = await fixture("functions");
  const run = await buildIn(copy.dir, { partially: "broken" });
  assertEquals(run.outcome("broken"), "failed");
  const failure = run.summary.tasks[0].failure!;
  assertEquals(failure.message, "function tasks.features.broken raised AssertionError: broken on purpose");
  // deno-lint-ignore no-control-regex
  const traceback = failure.traceback!.join("\n").replace(/\x1b\[[0-9;]*m/g, "");
  assertMatch(traceback, /tasks\/features\.py:\d+, in broken/);
  assertEquals(traceback.includes("__plait_call"), false);
  assertEquals(
    await copy.read("output/hooks.log"),
    "failed AssertionError: broken on purpose\n" +
      "build failed: broken: broken: function tasks.features.broken raised AssertionError: broken on purpose\n",
  );
});

Deno.test("a module::function param is computed before a script runs; its injected cell shows the value", async () => {
  await using copy = await fixture("functions");
  const run = await buildIn(copy.dir, { partially: "table" });
  assertEquals(run.started, ["table"]);
  assertEquals(JSON.parse(await copy.read("output/table.json")), { n: 4 });
  const nb = JSON.parse(await copy.read("output/table.ipynb"));
  const injected = nb.cells.find((c: { metadata: { tags?: string[] } }) =>
    c.metadata.tags?.includes("injected-parameters")
  );
  // the value the function returned, not the call (it is evaluated once, before the build)
  assertStringIncludes(injected.source.join(""), "\nn = 4");
});

Deno.test("a TypeScript function task runs in Deno with its hooks and feeds a script", async () => {
  await using copy = await fixture("typescript");
  const run = await buildIn(copy.dir);
  assertEquals(run.summary.ok, true, JSON.stringify(run.summary.tasks.map((t) => t.failure)));
  assertEquals(run.started, ["make", "use"]);
  assertEquals(JSON.parse(await copy.read("output/make.json")), { k: 3, from: "make", ratio: "number" });
  assertEquals(await copy.read("output/ts-hook.txt"), "finished make");
  assertEquals(await copy.read("output/py-hook.txt"), "done make output/make.json");
  assertEquals(JSON.parse(await copy.read("output/use.json")), { k2: 6 });
  assertEquals((await buildIn(copy.dir)).started, []);
});

const FNS_YAML = `tasks:
  - {source: fns.a, product: out/a.txt}
  - {source: fns.b, product: out/b.txt}
`;
const FNS_PY = `from pathlib import Path


def helper():
    return "unused"


def a(product):
    Path(product).write_text("a")


def b(product, upstream):
    helper = "b"  # a local named like the sibling function: not a dependency
    Path(product).write_text(Path(upstream["a"]).read_text() + helper)
`;

Deno.test("a function task's upstream comes from upstream[...] in its body: it waits, receives it, plot and status show the edge", async () => {
  await using p = await projectOf({ "pipeline.yaml": FNS_YAML, "fns.py": FNS_PY });
  const { pipeline } = await loadPipeline({ entry: p.dir });
  assertEquals(pipeline.tasks.get("b")!.upstream, ["a"]);
  assertEquals(pipeline.layers, [["a"], ["b"]]);
  const run = await buildIn(p.dir);
  assertEquals(run.summary.ok, true, JSON.stringify(run.summary.tasks.map((t) => t.failure)));
  assertEquals(run.started, ["a", "b"]);
  assertEquals(await Deno.readTextFile(`${p.dir}/out/b.txt`), "ab");

  const svg = await plait(["plot", "-e", p.dir, "-o", `${p.dir}/g.svg`]);
  assertEquals(svg.code, 0, svg.stderr);
  assertStringIncludes(await Deno.readTextFile(`${p.dir}/g.svg`), 'data-from="a" data-to="b"');
  // Editing the sibling `helper` changes neither fingerprint; editing `a` makes b's upstream outdated.
  await Deno.writeTextFile(`${p.dir}/fns.py`, FNS_PY.replace('"unused"', '"edited"'));
  assertEquals((await buildIn(p.dir)).started, []);
  await Deno.writeTextFile(`${p.dir}/fns.py`, FNS_PY.replace('write_text("a")', 'write_text("A")'));
  const status = await plait(["status", "--why", "-e", p.dir]);
  assertMatch(status.stdout, /^b .*upstream "a" outdated/m);
  assertEquals((await buildIn(p.dir)).started, ["a", "b"]);
  assertEquals(await Deno.readTextFile(`${p.dir}/out/b.txt`), "Ab");
});

Deno.test("a function a package's __init__.py imports is read where it is defined", async () => {
  await using p = await projectOf({
    "pipeline.yaml":
      "tasks:\n  - {source: fns.a, product: out/a.txt}\n  - {source: fns.b, product: out/b.txt}\n",
    "fns/__init__.py": "from .impl import a\nfrom fns.other import b\n",
    "fns/impl.py": "def a(product):\n    pass\n",
    "fns/other.py": 'def b(product, upstream):\n    return upstream["a"]\n',
  });
  const { pipeline, notices } = await loadPipeline({ entry: p.dir });
  assertEquals(pipeline.tasks.get("b")!.upstream, ["a"]);
  assertEquals(notices, []);
});
