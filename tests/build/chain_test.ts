/**
 * End-to-end builds of the chain fixture with real kernels:
 *
 *   load --> clean --> report        side
 *
 * clean imports utils/features.py, side imports exported.py. One CLI build makes the built
 * template; each incremental test works on its own copy of it.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./_assert.ts";
import {
  buildIn,
  type CliRun,
  fixture,
  type FixtureCopy,
  nbformatErrors,
  plait,
  ranInOutput,
  readState,
} from "./_helpers.ts";

let built: Promise<{ copy: FixtureCopy; run: CliRun }> | undefined;

/** The chain fixture built once by the CLI (shared, read-only). */
function builtChain(): Promise<{ copy: FixtureCopy; run: CliRun }> {
  built ??= (async () => {
    const copy = await fixture("chain");
    const run = await plait(["build", "-e", copy.dir]);
    if (run.code !== 0) throw new Error(`the template build failed:\n${run.stdout}\n${run.stderr}`);
    return { copy, run };
  })();
  return built;
}

/** A private copy of the built chain, state and products included. */
async function builtCopy(): Promise<FixtureCopy> {
  const { copy } = await builtChain();
  return await fixture("chain", { from: copy.dir });
}

globalThis.addEventListener("unload", () => {
  void built?.then(({ copy }) => copy[Symbol.asyncDispose]());
});

Deno.test("build runs a chain and writes every product and a valid executed notebook per task", async () => {
  const { copy, run } = await builtChain();
  assertEquals(ranInOutput(run.stdout).sort(), ["clean", "load", "report", "side"]);
  assertMatch(run.stdout, /build ok: 4 ran, 0 up to date/);
  assertEquals(await copy.read("output/raw.csv"), "i,value\r\n0,0\r\n1,1\r\n2,2\r\n3,3\r\n4,4\r\n5,5\r\n");
  assertEquals(await copy.read("output/clean.csv"), "i,value\r\n0,0\r\n1,2\r\n2,4\r\n3,6\r\n4,8\r\n5,10\r\n");
  assertEquals(JSON.parse(await copy.read("output/summary.json")), { rows: 6, total: 30 });
  assertEquals(JSON.parse(await copy.read("output/side.json")), { label: "side branch" });
  for (const nb of ["load", "clean", "side"]) {
    assertEquals(
      await nbformatErrors(copy.file(`output/${nb}.ipynb`)),
      "",
      `${nb}.ipynb is not valid nbformat`,
    );
  }
  const state = await readState(copy.dir);
  assertEquals(Object.keys(state).sort(), ["clean", "load", "report", "side"]);
  for (const entry of Object.values(state)) assertEquals(entry.status, "ok");
});

Deno.test("an executed notebook has the injected cell after parameters, outputs, an image and execution counts", async () => {
  const { copy } = await builtChain();
  const load = JSON.parse(await copy.read("output/load.ipynb"));
  const tagsOf = (c: { metadata: { tags?: string[] } }) => c.metadata.tags ?? [];
  const params = load.cells.findIndex((c: never) => tagsOf(c).includes("parameters"));
  const injected = load.cells[params + 1];
  assertEquals(tagsOf(injected), ["injected-parameters"]);
  const injectedSource = injected.source.join("");
  assertStringIncludes(injectedSource, 'product = {"nb": "output/load.ipynb", "data": "output/raw.csv"}');
  assertStringIncludes(injectedSource, "n_rows = 6");
  assertEquals(load.cells[0].cell_type, "markdown");
  const code = load.cells.filter((c: { cell_type: string }) => c.cell_type === "code");
  assertEquals(code.map((c: { execution_count: number }) => c.execution_count), [1, 2, 3]);
  const last = code.at(-1);
  assertEquals(last.outputs, [{ output_type: "stream", name: "stdout", text: ["loaded 6 rows\n"] }]);

  const side = JSON.parse(await copy.read("output/side.ipynb"));
  const outputs = side.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []);
  const image = outputs.find((o: { output_type: string }) => o.output_type === "display_data");
  assert(image?.data?.["image/png"], "side.ipynb has no display_data image/png");
  const png = atob([image.data["image/png"]].flat().join("").replace(/\s/g, ""));
  assertEquals(png.slice(1, 4), "PNG");
  assert(outputs.some((o: { text?: string[] }) => o.text?.join("") === "side branch\n"));
});

Deno.test("an .html notebook product renders offline with its rich outputs", async () => {
  const { copy } = await builtChain();
  const html = await copy.read("output/report.html");
  assertStringIncludes(html, "<table class='summary'>");
  assertStringIncludes(html, "summary {&#39;rows&#39;: 6");
  assert(!/<script[^>]+src=["']?(https?:)?\/\//i.test(html), "report.html loads a remote script");
  assert(!/<link[^>]+href=["']?(https?:)?\/\//i.test(html), "report.html links a remote resource");
});

Deno.test("a comment, blank-line or markdown edit makes the next build run nothing", async () => {
  await using copy = await builtCopy();
  await copy.edit("tasks/load.py", "# one row per index", "# one row per index, numbered from zero\n\n\n");
  await copy.edit("tasks/load.py", "Load the raw data", "Load the *raw* data (edited)");
  await copy.edit("tasks/clean.py", "A data-quality check", "A data quality check, as markdown");
  await copy.edit("utils/features.py", "return 2 * x", "return 2 * x  # doubled");
  const run = await plait(["build", "-e", copy.dir]);
  assertEquals(run.code, 0, run.stderr);
  assertEquals(ranInOutput(run.stdout), []);
  assertStringIncludes(run.stdout, "Everything is up to date (4 tasks");
});

Deno.test("a params edit upstream re-runs exactly the tasks its data reaches, saying why", async () => {
  await using copy = await builtCopy();
  await copy.edit("pipeline.yaml", "n_rows: 6", "n_rows: 7");
  const run = await plait(["build", "-e", copy.dir]);
  assertEquals(run.code, 0, run.stderr);
  assertEquals(ranInOutput(run.stdout), ["load", "clean", "report"]);
  assertMatch(run.stdout, /^run {2}load \(params changed\)$/m);
  assertMatch(run.stdout, /^run {2}clean \(upstream "load" changed\)$/m);
  assertMatch(run.stdout, /^run {2}report \(upstream "clean" changed\)$/m);
  assertEquals(JSON.parse(await copy.read("output/summary.json")), { rows: 7, total: 42 });
});

Deno.test("early cutoff: a code edit that writes identical data re-runs the task, not its downstream", async () => {
  await using copy = await builtCopy();
  await copy.edit("tasks/load.py", 'print(f"loaded', 'x = 1\nprint(f"loaded');
  const first = await buildIn(copy.dir);
  assertEquals(first.started, ["load"]);
  assertEquals(first.reasons("load"), ["source changed"]);
  assertEquals(first.outcome("clean"), "up-to-date");
  assertEquals(first.outcome("report"), "up-to-date");
  assertStringIncludes(await copy.read("output/load.ipynb"), "x = 1");
  const again = await buildIn(copy.dir);
  assertEquals(again.started, []);
});

Deno.test("editing an imported project module re-runs exactly the tasks importing it", async () => {
  await using copy = await builtCopy();
  await copy.write(
    "utils/features.py",
    "def double(x):\n    return x + x\n\n\ndef triple(x):\n    return 3 * x\n",
  );
  const features = await buildIn(copy.dir);
  assertEquals(features.started, ["clean"]);
  assertEquals(features.reasons("clean"), ["dependency utils/features.py changed"]);
  assertEquals(features.outcome("report"), "up-to-date"); // clean.csv came out identical

  await copy.edit("exported.py", '"side branch"', '"side branch, v2"');
  const exported = await buildIn(copy.dir);
  assertEquals(exported.started, ["side"]);
  assertEquals(exported.reasons("side"), ["dependency exported.py changed"]);
  assertEquals(JSON.parse(await copy.read("output/side.json")), { label: "side branch, v2" });
});

Deno.test("--force, --partially and --skip-upstream choose what runs", async () => {
  await using copy = await builtCopy();
  const partial = await buildIn(copy.dir, { partially: "clean" });
  assertEquals(partial.summary.tasks.map((t) => [t.name, t.outcome]), [["load", "up-to-date"], [
    "clean",
    "up-to-date",
  ]]);

  const forced = await buildIn(copy.dir, { force: true, partially: "clean" });
  assertEquals(forced.started, ["load", "clean"]);
  assertEquals(forced.reasons("clean"), ["forced"]);

  const alone = await buildIn(copy.dir, { force: true, partially: "c*", skipUpstream: true });
  assertEquals(alone.started, ["clean"]);
  assertEquals(alone.summary.tasks.map((t) => t.name), ["clean"]);

  const all = await buildIn(copy.dir, { force: true, jobs: 2 });
  assertEquals(all.started.sort(), ["clean", "load", "report", "side"]);
  assert(all.summary.ok);
});

Deno.test("a failing assert fails its task: exit 1, downstream skipped, partial notebook kept, not recorded", async () => {
  await using copy = await builtCopy();
  await copy.edit("pipeline.yaml", "offset: 0", "offset: -3");
  await copy.edit("exported.py", '"side branch"', '"side branch, again"');
  const run = await plait(["build", "-e", copy.dir]);
  assertEquals(run.code, 1, run.stdout + run.stderr);
  assertMatch(run.stdout, /^clean +FAILED/m);
  assertMatch(run.stdout, /^report +skipped/m);
  assertMatch(run.stdout, /^side +yes/m);
  assertMatch(run.stdout, /^skip report \(upstream "clean" failed\)$/m);
  assertMatch(run.stdout, /failed clean: tasks\/clean\.py:17: AssertionError: negative values in raw data/);
  assertMatch(run.stdout, /-+> *\d+ assert all\(int\(r\["value"\]\) >= 0/);
  assertStringIncludes(run.stdout, "partial notebook: output/clean.ipynb");
  assertMatch(run.stdout, /build failed: 2 ran, 0 up to date, 1 failed, 1 skipped/);

  const nb = JSON.parse(await copy.read("output/clean.ipynb"));
  assertEquals(await nbformatErrors(copy.file("output/clean.ipynb")), "");
  const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code");
  const errorCell = code.findIndex((c: { outputs: { output_type: string }[] }) =>
    c.outputs.some((o) => o.output_type === "error")
  );
  assert(errorCell > 0, "the partial notebook has no error output");
  assertEquals(code[errorCell].outputs.at(-1).ename, "AssertionError");
  assertEquals(code.slice(errorCell + 1).map((c: { execution_count: null }) => c.execution_count), []);
  assertEquals(await copy.read("output/clean.csv"), "i,value\r\n0,0\r\n1,2\r\n2,4\r\n3,6\r\n4,8\r\n5,10\r\n");

  const state = await readState(copy.dir);
  assertEquals(state.clean.status, "failed");
  assertEquals(state.report.status, "ok"); // skipped: its last success still stands, outdated by its upstream
  const again = await plait(["build", "-e", copy.dir]);
  assertEquals(again.code, 1);
  assertEquals(ranInOutput(again.stdout), ["clean"]);
  assertMatch(again.stdout, /^run {2}clean \(previous run failed\)$/m);
});
