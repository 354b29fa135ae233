/**
 * Progress events with real kernels: a script reports the kernel wait, then each code cell it
 * executes (i of n); a function task is one cell; the kernel wait is kept apart from run time.
 *
 *   two (script, markdown + 3 code cells)      fn (Python function)
 */
import { assert, assertEquals } from "./_assert.ts";
import { buildIn, plait, projectOf } from "./_helpers.ts";
import type { BuildEvent, TaskProgress } from "../../src/scheduler/mod.ts";

const FILES = {
  "pipeline.yaml": [
    "tasks:",
    "  - source: tasks/two.py",
    "    product: {nb: out/two.ipynb, data: out/two.txt}",
    "  - source: tasks.fns.fn",
    "    product: out/fn.txt",
  ].join("\n"),
  "tasks/__init__.py": "",
  "tasks/fns.py": "def fn(product):\n    open(product, 'w').write('fn')\n",
  "tasks/two.py": [
    "# %% tags=['parameters']",
    "upstream = None",
    "product = None",
    "# %% [markdown]",
    "# a note",
    "# %%",
    "x = 1",
    "# %%",
    "",
    "# %%",
    "open(product['data'], 'w').write(str(x))",
  ].join("\n"),
};

function progressOf(events: BuildEvent[], name: string): TaskProgress[] {
  return events.flatMap((e) => e.type === "task-progress" && e.name === name ? [e.progress] : []);
}

Deno.test("build emits kernel then cell i/n progress and reports kernel wait apart from run time", async () => {
  await using p = await projectOf(FILES);
  const run = await buildIn(p.dir, { python: "/usr/bin/python3", jobs: 1 });
  assertEquals(run.summary.ok, true, JSON.stringify(run.summary));
  const two = progressOf(run.events, "two");
  assertEquals(two[0], { phase: "kernel" });
  const cells = two.slice(1);
  // parameters + injected parameters + `x = 1` + the write (markdown and the empty cell are not executed)
  assertEquals(cells, [1, 2, 3, 4].map((cell) => ({ phase: "cell", cell, cells: 4 })));
  assertEquals(progressOf(run.events, "fn"), [{ phase: "kernel" }, { phase: "cell", cell: 1, cells: 1 }]);
  for (const name of ["two", "fn"]) {
    const end = run.events.find((e) => e.type === "task-end" && e.name === name);
    assert(end?.type === "task-end");
    assert(typeof end.kernelSeconds === "number" && end.kernelSeconds > 0, `${name}: ${end.kernelSeconds}`);
    const report = run.summary.tasks.find((t) => t.name === name)!;
    assertEquals(report.kernelSeconds, end.kernelSeconds);
    assert(report.seconds >= 0);
  }

  // The CLI's --json summary carries the same split: run seconds and kernel wait apart.
  const cli = await plait([
    "build",
    "-e",
    p.dir,
    "--json",
    "--partially",
    "fn",
    "--force",
    "--python",
    "/usr/bin/python3",
  ]);
  assertEquals(cli.code, 0, cli.stderr);
  const json = JSON.parse(cli.stdout);
  assertEquals(json.tasks.map((t: { name: string; outcome: string }) => [t.name, t.outcome]), [[
    "fn",
    "ran",
  ]]);
  assert(typeof json.tasks[0].kernelSeconds === "number" && typeof json.tasks[0].seconds === "number");
});

// A 1x1 PNG, shown while the task runs, then an SVG; the events carry both, before the task ends.
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

Deno.test("images a task displays reach the build's events as they are shown", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: plot.py\n    product: out/plot.ipynb\n",
    "plot.py": [
      "# %% tags=['parameters']",
      "upstream = None",
      "product = None",
      "# %%",
      "import base64",
      "from IPython.display import Image, SVG, display",
      `display(Image(data=base64.b64decode("${PNG}")))`,
      'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\'))',
      "print('after the plots')",
    ].join("\n"),
  });
  const run = await buildIn(project.dir);
  assertEquals(run.summary.ok, true);
  const shown = run.events.flatMap((e) => e.type === "task-display" ? [e.display] : []);
  assertEquals(shown.map((d) => d.mime), ["image/png", "image/svg+xml"]);
  assertEquals(shown[0].data, PNG);
  assert(shown[1].data.startsWith("<svg"), shown[1].data);
  const kinds = run.events.filter((e) => "name" in e && e.name === "plot").map((e) => e.type);
  assert(kinds.indexOf("task-display") < kinds.indexOf("task-end"), kinds.join(" "));
});
