/**
 * `plait scaffold`: missing sources of tests/cli/fixtures/ts_grid and chain, and a new project
 * built end to end with `deno task build` and real kernels.
 *
 *   ts_grid: prepare -> fit-0, fit-1 (grid) -> summary (TypeScript)
 *   chain:   load -> clean -> report
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { assertGolden, cli, normalize, run, tempProject } from "./_helpers.ts";

Deno.test("scaffold creates the missing sources of a TypeScript pipeline from its definitions", async () => {
  await using p = await tempProject("ts_grid");
  const before = await cli(p.dir, ["status"], 2);
  match(before.stderr, /Cannot find source "tasks\/fit\.ipynb" of task "fit-"/);
  const prepare = await p.read("tasks/prepare.py");

  const r = await cli(p.dir, ["scaffold"]);
  await assertGolden("scaffold_ts.txt", normalize(r.stdout, p.dir));
  const nb = JSON.parse(await p.read("tasks/fit.ipynb"));
  const cells = nb.cells.map((c: { cell_type: string; source: string[]; metadata: { tags?: string[] } }) => ({
    type: c.cell_type,
    tags: c.metadata.tags ?? [],
    source: c.source.join(""),
  }));
  deepStrictEqual(cells, [
    {
      type: "code",
      tags: ["parameters"],
      source: 'upstream = ["prepare"]\nproduct = None\nseed = 7\nalpha = 0.5\nlabel = "a"',
    },
    { type: "code", tags: [], source: "" },
  ]);
  strictEqual(await p.read("tasks/prepare.py"), prepare);

  const fit = await p.read("tasks/fit.ipynb");
  match((await cli(p.dir, ["scaffold"])).stdout, /Every task source exists: nothing to create\./);
  strictEqual(await p.read("tasks/fit.ipynb"), fit);
  match((await cli(p.dir, ["status"])).stdout, /^fit-1 +never +yes /m);
});

Deno.test("scaffold creates missing scripts of a pipeline.yaml with its params", async () => {
  await using p = await tempProject("chain");
  await Deno.remove(p.path("tasks/load.py"));
  await Deno.remove(p.path("tasks/report.py"));
  const r = await cli(p.dir, ["scaffold"]);
  match(
    r.stdout,
    /^created tasks\/load\.py\ncreated tasks\/report\.py\nkept {4}tasks\/clean\.py \(it exists\)\n/,
  );
  strictEqual(
    await p.read("tasks/load.py"),
    '# %% tags=["parameters"]\nupstream = None\nproduct = None\nn = 5\n\n# %%\n',
  );
  strictEqual(
    await p.read("tasks/report.py"),
    '# %% tags=["parameters"]\nupstream = None\nproduct = None\n\n# %%\n',
  );
});

Deno.test("scaffold with no pipeline makes a new project that `deno task build` builds", async () => {
  await using p = await tempProject();
  const r = await cli(p.dir, ["scaffold", "-e", "proj"]);
  await assertGolden("scaffold_new.txt", normalize(r.stdout, p.dir));
  const proj = p.path("proj");
  const config = JSON.parse(await p.read("proj/deno.json"));
  deepStrictEqual(Object.keys(config.tasks), ["build", "status", "plot"]);
  ok(!JSON.stringify(config).includes("-A"), "narrow permissions, not -A");

  const build = await run(proj, ["build"], ["deno", "task"]);
  strictEqual(build.code, 0, build.stdout + build.stderr);
  match(build.stdout, /build ok: 2 ran, 0 up to date/);
  const clean = (await p.read("proj/output/clean.csv")).trim().split(/\r?\n/);
  strictEqual(clean[0], "sensor,celsius,fahrenheit");
  ok(clean.length > 10 && clean.length <= 21, `20 readings, the empty ones dropped: ${clean.length - 1}`);

  const status = await run(proj, ["status"], ["deno", "task"]);
  strictEqual(status.code, 0, status.stderr);
  match(status.stdout, /All 2 tasks are up to date\./);
  match((await cli(proj, ["scaffold"])).stdout, /Every task source exists/);
});

Deno.test("scaffold writes the upstream a pipeline.yaml declares into a new script's parameters cell", async () => {
  await using p = await tempProject();
  await p.write(
    "pipeline.yaml",
    "tasks:\n  - source: load.py\n    product: out/load.ipynb\n" +
      "  - source: clean.py\n    product: out/clean.ipynb\n    upstream: [load]\n",
  );
  await cli(p.dir, ["scaffold"]);
  match(await p.read("clean.py"), /^upstream = \["load"\]$/m);
  match(await p.read("load.py"), /^upstream = None$/m);
  // The new sources agree with the YAML: the graph loads with load -> clean.
  const status = await cli(p.dir, ["status"]);
  match(status.stdout, /^clean +never +yes/m);
});

Deno.test("scaffold in the current folder says 'New project in this folder'", async () => {
  await using p = await tempProject();
  const r = await cli(p.dir, ["scaffold"]);
  match(r.stdout, /New project in this folder\. Next:/);
});
