/**
 * `plait nb --inject / --remove` on temp copies of tests/cli/fixtures:
 *
 *   chain:   load -> clean -> report
 *   ts_grid: prepare -> fit-0, fit-1 (grid) -> summary (TypeScript)
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { assertGolden, cli, normalize, run, tempProject } from "./_helpers.ts";

const PYTHON = "/usr/bin/python3";

Deno.test("nb --inject writes a build's values so each script runs by hand from its own folder", async () => {
  await using p = await tempProject("chain");
  const originals = await Promise.all(["load", "clean", "report"].map((n) => p.read(`tasks/${n}.py`)));

  const r = await cli(p.dir, ["nb", "--inject"]);
  await assertGolden("nb_inject.txt", normalize(r.stdout, p.dir));
  strictEqual(
    await p.read("tasks/clean.py"),
    originals[1].replace(
      "product = None\n",
      `product = None\n\n# %% tags=["injected-parameters"]\n# Parameters\n` +
        `upstream = {"load": {"nb": "${p.dir}/output/load.ipynb", "data": "${p.dir}/output/raw.csv"}}\n` +
        `product = {"nb": "${p.dir}/output/clean.ipynb", "data": "${p.dir}/output/clean.csv"}\n`,
    ),
  );

  // Percent-format scripts are Python: run them as Jupyter would, from the tasks/ folder.
  for (const name of ["load", "clean"]) {
    const py = await run(p.path("tasks"), [`${name}.py`], [PYTHON]);
    strictEqual(py.code, 0, py.stderr);
  }
  strictEqual(
    await p.read("output/raw.csv"),
    "0\n1\n2\n3\n4\n",
    "n = 5 from pipeline.yaml, not the source's 3",
  );
  strictEqual(await p.read("output/clean.csv"), "0\n2\n4\n");

  match((await cli(p.dir, ["nb", "--inject", "clean"])).stdout, /^unchanged tasks\/clean\.py\n/);
  const removed = await cli(p.dir, ["nb", "--remove"]);
  match(removed.stdout, /removed injected parameters from 3 of 3 sources\./);
  deepStrictEqual(
    await Promise.all(["load", "clean", "report"].map((n) => p.read(`tasks/${n}.py`))),
    originals,
  );
});

Deno.test("nb --inject keeps a built task up to date, and a build ignores the injected cell", async () => {
  await using p = await tempProject("chain");
  await cli(p.dir, ["build"]);
  await cli(p.dir, ["nb", "--inject", "clean", "--relative"]);
  match(
    await p.read("tasks/clean.py"),
    /^upstream = \{"load": \{"nb": "output\/load\.ipynb", "data": "output\/raw\.csv"\}\}$/m,
  );
  match((await cli(p.dir, ["status"])).stdout, /All 3 tasks are up to date\./);
  match((await cli(p.dir, ["build", "--force", "--partially", "clean"])).stdout, /build ok: 2 ran/);
  strictEqual(await p.read("output/clean.csv"), "0\n2\n4\n");
});

Deno.test("nb --inject gives a grid task's source the chosen grid point's parameters", async () => {
  await using p = await tempProject("ts_grid");
  await cli(p.dir, ["scaffold"]);
  const injectedOf = async () => {
    const cells = JSON.parse(await p.read("tasks/fit.ipynb")).cells as {
      source: string[];
      metadata: { tags?: string[] };
    }[];
    return cells.find((c) => c.metadata.tags?.includes("injected-parameters"))?.source.join("");
  };

  match(
    (await cli(p.dir, ["nb", "--inject", "fit"])).stdout,
    /^injected tasks\/fit\.ipynb \(parameters of fit-0\)$/m,
  );
  match((await injectedOf())!, /^seed = 7\nalpha = 0\.5\nlabel = "a"$/m);
  match(
    (await cli(p.dir, ["nb", "--inject", "--grid-index", "1"])).stdout,
    /^injected tasks\/fit\.ipynb \(parameters of fit-1\)$/m,
  );
  match(
    (await injectedOf())!,
    /^upstream = \{"prepare": \{"nb": ".*\/output\/prepare\.ipynb", "data": ".*\/output\/data\.txt"\}\}\n.*\nseed = 7\nalpha = 2\nlabel = "a"$/m,
  );

  const bad = await cli(p.dir, ["nb", "--inject", "fit-*", "--grid-index", "5"], 2);
  strictEqual(
    bad.stderr,
    'Cannot use --grid-index 5 for "tasks/fit.ipynb": its grid has points fit-0 .. fit-1\n  hint: pass an index from 0 to 1\n',
  );
  const neither = await cli(p.dir, ["nb"], 2);
  match(neither.stderr, /^Cannot run "nb": pass exactly one of --inject and --remove\n/);

  await cli(p.dir, ["nb", "--remove", "fit"]);
  strictEqual(await injectedOf(), undefined);
});

Deno.test("nb --inject writes a module::function param as the call a build makes, runnable from the script's folder", async () => {
  await using p = await tempProject();
  await Deno.mkdir(p.path("tasks"));
  await p.write(
    "pipeline.yaml",
    "tasks:\n  - source: tasks/table.py\n    params:\n      n: tasks.params::n_rows\n      k: 2\n" +
      "    product:\n      nb: output/table.ipynb\n      data: output/table.json\n",
  );
  await p.write("tasks/__init__.py", "");
  await p.write("tasks/params.py", "def n_rows():\n    return 4\n");
  const script = '# %% tags=["parameters"]\nupstream = None\nproduct = None\nn = 1\nk = 1\n\n' +
    '# %%\nimport json\n\nwith open(product["data"], "w") as f:\n    json.dump({"n": n, "k": k}, f)\n';
  await p.write("tasks/table.py", script);

  strictEqual((await cli(p.dir, ["nb", "--inject"])).code, 0);
  const injected = await p.read("tasks/table.py");
  match(injected, /^k = 2$/m);
  match(
    injected,
    /^n = getattr\(__import__\("importlib"\)\.import_module\("tasks\.params"\), "n_rows"\)\(\)$/m,
  );
  const py = await run(p.path("tasks"), ["table.py"], [PYTHON]);
  strictEqual(py.code, 0, py.stderr);
  deepStrictEqual(JSON.parse(await p.read("output/table.json")), { n: 4, k: 2 });

  await cli(p.dir, ["nb", "--remove"]);
  strictEqual(await p.read("tasks/table.py"), script);
});

Deno.test("nb --inject and --remove work on a light-format script, and a build ignores the injected cell", async () => {
  await using p = await tempProject();
  await Deno.mkdir(p.path("tasks"));
  await p.write(
    "pipeline.yaml",
    "tasks:\n  - source: tasks/count.py\n    params: {n: 4}\n    product: {nb: output/n.ipynb, n: output/n.txt}\n",
  );
  const original = '# Count\n\n# + tags=["parameters"]\nupstream = None\nproduct = None\nn = 1\n# -\n\n' +
    'from pathlib import Path\n\nPath(product["n"]).write_text(str(n))\n';
  await p.write("tasks/count.py", original);
  await cli(p.dir, ["nb", "--inject", "--relative"]);
  match(
    await p.read("tasks/count.py"),
    /^# -\n# \+ tags=\["injected-parameters"\]\n# Parameters\n[\s\S]*^n = 4\n# -\n\nfrom pathlib/m,
  );
  const py = await run(p.dir, ["tasks/count.py"], [PYTHON]); // by hand, from the pipeline folder
  strictEqual(py.code, 0, py.stderr);
  strictEqual(await p.read("output/n.txt"), "4", "the injected n = 4, not the source's 1");

  await p.write("output/n.txt", "");
  match((await cli(p.dir, ["build"])).stdout, /build ok: 1 ran/);
  strictEqual(await p.read("output/n.txt"), "4");
  match((await cli(p.dir, ["nb", "--remove"])).stdout, /removed injected parameters from 1 of 1 source\./);
  strictEqual(await p.read("tasks/count.py"), original);
});
