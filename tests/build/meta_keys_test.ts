/** Ploomber's meta keys: `import_tasks_from` (tasks in another YAML file), `product_relative_to_source`. */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { plait, projectOf } from "./_helpers.ts";
import { displayPath } from "../../src/util/path.ts";

/** A file of the project as the CLI (run in this process's folder) shows it, wherever the clone sits. */
const shown = (dir: string, rel: string) => displayPath(`${dir}/${rel}`);

const script = (upstream: string, body: string) =>
  `# %% tags=["parameters"]\nupstream = ${upstream}\nproduct = None\n\n# %%\nimport json\n${body}\n`;

Deno.test("meta.import_tasks_from adds the tasks of another file, sources relative to it, and they build", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "meta:\n  import_tasks_from: features/tasks.yaml\ntasks:\n  - source: tasks/load.py\n" +
      "    product:\n      nb: output/load.ipynb\n      data: output/load.json\n",
    "env.yaml": "scale: 3\n",
    "tasks/load.py": script("None", 'json.dump({"x": 2}, open(product["data"], "w"))'),
    "features/tasks.yaml": "- source: scripts/scaled.py\n  params: {k: '{{scale}}'}\n  product:\n" +
      "    nb: output/scaled.ipynb\n    data: output/scaled.json\n",
    "features/scripts/scaled.py": script(
      '["load"]',
      'x = json.load(open(upstream["load"]["data"]))["x"]\njson.dump({"y": x * k}, open(product["data"], "w"))',
    ),
  });
  const run = await plait(["build", "-e", project.dir]);
  strictEqual(run.code, 0, run.stdout + run.stderr);
  deepStrictEqual(JSON.parse(await Deno.readTextFile(`${project.dir}/output/scaled.json`)), { y: 6 });
  const status = await plait(["status", "-e", project.dir]);
  strictEqual(/^scaled .* features\/scripts\/scaled\.py$/m.test(status.stdout), true, status.stdout);
});

Deno.test("a problem in an imported task file is located in that file; a missing file at the meta key", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "meta:\n  import_tasks_from: more.yaml\ntasks: []\n",
    "more.yaml": "- source: tasks/x.py\n  prodcut: output/x.ipynb\n",
  });
  const bad = await plait(["status", "-e", project.dir]);
  strictEqual(bad.code, 2);
  strictEqual(bad.stderr.includes(`${shown(project.dir, "more.yaml")}:2:3: `), true, bad.stderr);
  await Deno.writeTextFile(
    `${project.dir}/pipeline.yaml`,
    "meta:\n  import_tasks_from: nowhere.yaml\ntasks: []\n",
  );
  const missing = await plait(["status", "-e", project.dir]);
  strictEqual(missing.code, 2);
  strictEqual(
    missing.stderr.includes(
      `${shown(project.dir, "pipeline.yaml")}:2:22: Cannot read "${shown(project.dir, "nowhere.yaml")}"`,
    ),
    true,
    missing.stderr,
  );
});

Deno.test("meta.product_relative_to_source puts a script's relative products beside it", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "meta:\n  product_relative_to_source: true\ntasks:\n  - source: scripts/make.py\n" +
      "    product:\n      nb: out/make.ipynb\n      data: out/make.json\n",
    "scripts/make.py": script("None", 'json.dump({"made": True}, open(product["data"], "w"))'),
  });
  const run = await plait(["build", "-e", project.dir]);
  strictEqual(run.code, 0, run.stdout + run.stderr);
  deepStrictEqual(JSON.parse(await Deno.readTextFile(`${project.dir}/scripts/out/make.json`)), {
    made: true,
  });
  await Deno.stat(`${project.dir}/scripts/out/make.ipynb`);
});

Deno.test("meta.extract_product takes each script's product from its parameters cell; a missing one is located", async () => {
  const declaring = '# %% tags=["parameters"]\nupstream = None\n' +
    'product = {"nb": "output/made.ipynb", "data": "output/made.json"}\n\n# %%\nimport json\n' +
    'json.dump({"made": True}, open(product["data"], "w"))\n';
  await using project = await projectOf({
    "pipeline.yaml": "meta:\n  extract_product: true\ntasks:\n  - source: tasks/made.py\n",
    "tasks/made.py": declaring,
  });
  const run = await plait(["build", "-e", project.dir]);
  strictEqual(run.code, 0, run.stdout + run.stderr);
  deepStrictEqual(JSON.parse(await Deno.readTextFile(`${project.dir}/output/made.json`)), { made: true });

  await Deno.writeTextFile(`${project.dir}/tasks/made.py`, script("None", "pass"));
  await Deno.writeTextFile(`${project.dir}/tasks/good.py`, declaring);
  await Deno.writeTextFile(
    `${project.dir}/pipeline.yaml`,
    "meta:\n  extract_product: true\ntasks:\n  - source: tasks/made.py\n  - source: tasks/good.py\n    paramz: {}\n",
  );
  const bad = await plait(["status", "-e", project.dir]);
  strictEqual(bad.code, 2);
  // The second entry's own problem keeps its place, though the first entry was left out.
  deepStrictEqual(bad.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: /.test(l)), [
    `${shown(project.dir, "pipeline.yaml")}:6:5: unknown key "paramz" in tasks[1] (did you mean "params"?)`,
    `${shown(project.dir, "tasks/made.py")}:3:1: Cannot take the product (meta.extract_product): ` +
    "the parameters cell's product is null, not a path or a dict of paths",
  ]);
});
