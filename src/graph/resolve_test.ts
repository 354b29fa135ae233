import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { pipeline } from "./builder.ts";
import { type ResolveOptions, resolvePipeline } from "./resolve.ts";

const ROOT = "/project";
const noop = () => {};
/** Every file under /project "exists"; scripts' upstream comes from `scripts`. */
function options(scripts: Record<string, string[] | undefined> = {}): ResolveOptions {
  return {
    root: ROOT,
    file: "/project/pipeline.ts",
    exists: (p) => p.startsWith(`${ROOT}/`),
    extractUpstream: (path) => Promise.resolve(scripts[path.slice(ROOT.length + 1)]),
  };
}

async function specError(run: () => Promise<unknown>): Promise<SpecError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error("expected a SpecError");
}

Deno.test("resolvePipeline() expands a grid and resolves a glob and a group name to its points", async () => {
  //        load
  //       /    \
  //   fit-0    fit-1      (grid over alpha)
  //       \    /
  //  report (upstream "fit-*")  compare (upstream "fit")
  const b = pipeline()
    .task("load", { source: "tasks/load.py", product: "out/load.ipynb" })
    .task("fit-", {
      source: "tasks/fit.py",
      upstream: ["load"],
      product: "out/fit-[[alpha]].ipynb",
      grid: { alpha: [0.1, 1] },
    })
    .task("report", { source: "tasks/report.py", upstream: ["fit-*"], product: "out/report.ipynb" })
    .task("compare", { source: "tasks/compare.py", upstream: ["fit", "load"], product: "out/compare.ipynb" });
  const p = await resolvePipeline(b, options());
  assertEquals([...p.tasks.keys()], ["load", "fit-0", "fit-1", "report", "compare"]);
  assertEquals(p.tasks.get("fit-1")!.product, "out/fit-1-1.ipynb"); // Ploomber 0.23: value, then index
  assertEquals(p.tasks.get("fit-1")!.params, { alpha: 1 });
  assertEquals(p.tasks.get("fit-0")!.grid, { group: "fit", index: 0, values: { alpha: 0.1 } });
  assertEquals(p.tasks.get("report")!.upstreamRefs, [{
    key: "fit-*",
    tasks: ["fit-0", "fit-1"],
    multi: true,
  }]);
  assertEquals(p.tasks.get("compare")!.upstream, ["fit-0", "fit-1", "load"]);
  assertEquals(p.layers, [["load"], ["fit-0", "fit-1"], ["compare", "report"]]);
  assertEquals(p.downstream.get("load"), ["compare", "fit-0", "fit-1"]);
});

Deno.test("resolvePipeline() reads upstream from scripts unless the task declares it", async () => {
  const b = pipeline()
    .task("load", { source: "tasks/load.py", product: "out/load.ipynb" })
    .task("clean", { source: "tasks/clean.py", product: "out/clean.ipynb" })
    .task("plot", { source: "tasks/plot.py", upstream: ["load"], product: "out/plot.ipynb" });
  const scripts = { "tasks/clean.py": ["load"], "tasks/plot.py": ["clean"] };
  const p = await resolvePipeline(b, options(scripts));
  assertEquals(p.tasks.get("clean")!.upstream, ["load"]);
  assertEquals(p.tasks.get("plot")!.upstream, ["load"]);
  const off = pipeline({ extractUpstream: false }).task("load", { source: "tasks/load.py", product: "o/l" })
    .task("clean", { source: "tasks/clean.py", product: "o/c" });
  assertEquals((await resolvePipeline(off, options(scripts))).tasks.get("clean")!.upstream, []);
});

Deno.test("resolvePipeline() reports every problem at once, each at its call site", async () => {
  const b = pipeline()
    .task("load", { source: "tasks/load.py", product: "out/load.ipynb" })
    .task("load", { source: "tasks/load2.py", product: "out/load2.ipynb" })
    .task("clean", { source: "tasks/clean.py", product: "out/load.ipynb" })
    .task("train", { source: "tasks/train.py", product: "out/train.ipynb" })
    .task("ts", { run: noop, source: "tasks/x.py", product: "out/ts" });
  const scripts = {
    "tasks/load.py": ["clean"],
    "tasks/clean.py": ["load"],
    "tasks/train.py": ["claen", "train"],
  };
  const e = await specError(() => resolvePipeline(b, options(scripts)));
  const here = new URL(import.meta.url).pathname.split("/").pop()!;
  assert(e.issues.every((i) => i.location?.file.endsWith(here) && i.location.line! > 0), e.message);
  assertEquals(e.issues.map((i) => i.message), [
    'Cannot define task "ts" with both source and run',
    `Cannot add task "load": a task of that name is already defined at src/graph/${here}:${
      e.issues[1].location!.line! - 1
    }:6`,
    'unknown upstream "claen" in task "train" (did you mean "clean"?)',
    'Cannot use "train" as an upstream of task "train": it is the task itself',
    'Cannot use product "out/load.ipynb" for task "clean": task "load" writes it too',
    "Cannot order tasks: they form a cycle: load -> clean -> load",
  ]);
});

Deno.test("resolvePipeline() leaves alone references to tasks the caller could not define", async () => {
  // @ts-expect-error: "load" is not defined (as when the YAML loader dropped a broken task)
  const b = pipeline().task("clean", { source: "tasks/clean.py", upstream: ["load"], product: "out/c" });
  await rejects(resolvePipeline(b, options()), /unknown upstream "load"/);
  const p = await resolvePipeline(b, { ...options(), undefinedNames: ["load"] });
  assertEquals(p.tasks.get("clean")!.upstream, []);
});

Deno.test("resolvePipeline() keeps product and deps paths relative to the pipeline folder", async () => {
  const b = pipeline().task("a", {
    run: noop,
    product: { nb: "/project/out/a.ipynb", data: "/elsewhere/a.csv" },
    deps: ["/project/lib/x.py", "../shared.py"],
  });
  const t = (await resolvePipeline(b, options())).tasks.get("a")!;
  assertEquals(t.product, { nb: "out/a.ipynb", data: "/elsewhere/a.csv" });
  assertEquals(t.deps, ["lib/x.py", "/shared.py"]);
  assertEquals([t.kind, t.kernel], ["typescript", "python3"]);
});

Deno.test("resolvePipeline() classifies sources: scripts, notebooks and dotted-path functions", async () => {
  const b = pipeline()
    .task("a", { source: "tasks/a.py", product: { nb: "o/a.ipynb", data: "o/a.csv" } })
    .task("b", { source: "tasks/b.ipynb", product: "o/b.ipynb" })
    .task("c", { source: "tasks.features.sepal", product: "o/c.csv" });
  const p = await resolvePipeline(b, options());
  assertEquals([...p.tasks.values()].map((t) => [t.kind, t.sourcePath, t.dottedPath]), [
    ["notebook", "/project/tasks/a.py", undefined],
    ["notebook", "/project/tasks/b.ipynb", undefined],
    ["function", "/project/tasks/features.py", "tasks.features.sepal"],
  ]);
  const bad = pipeline().task("a", { source: "tasks/a.py", product: { data: "o/a.csv" } }).task("b", {
    source: "tasks/b.sql",
    product: "o/b",
  });
  const e = await specError(() => resolvePipeline(bad, options()));
  assertEquals(e.issues.map((i) => i.message), [
    'Cannot define task "a": a script task with named products needs an "nb" product',
    'Cannot use source "tasks/b.sql" of task "b": unsupported kind',
  ]);
});

Deno.test("resolvePipeline() carries timeout, notebook: false and nbconvert to script tasks", async () => {
  const b = pipeline()
    .task("export", {
      source: "tasks/export.py",
      product: { data: "out/x.csv" },
      notebook: false,
      timeout: 5,
    })
    .task("report", {
      source: "tasks/report.py",
      product: "out/report.html",
      nbconvert: { kwargs: { exclude_input: true } },
    });
  const p = await resolvePipeline(b, options());
  const [exp, rep] = ["export", "report"].map((n) => p.tasks.get(n)!);
  assertEquals([exp.notebook, exp.timeout, exp.nbconvert], [false, 5, undefined]);
  assertEquals([rep.notebook, rep.timeout, rep.nbconvert], [undefined, undefined, {
    kwargs: { exclude_input: true },
  }]);
  // Without notebook: false, named products still need an nb.
  const bad = pipeline().task("export", { source: "tasks/export.py", product: { data: "out/x.csv" } });
  assert((await specError(() => resolvePipeline(bad, options()))).message.includes('needs an "nb" product'));
});
