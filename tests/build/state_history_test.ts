/**
 * State keeps a record per configuration (fingerprint), so switching back to an earlier one whose
 * products are still there is a no-op, as Ploomber's per-product metadata allows:
 *
 *   make (params: run = {{run_number}}) -> report      products under out/run-{{run_number}}/
 */
import { assert, assertEquals, assertStringIncludes } from "./_assert.ts";
import { plait, projectOf } from "./_helpers.ts";

const FILES = {
  "env.yaml": "run_number: 1\n",
  "pipeline.yaml": "tasks:\n" +
    "  - source: make.py\n    params: {run: '{{run_number}}'}\n" +
    "    product: {nb: 'out/run-{{run_number}}/make.ipynb', data: 'out/run-{{run_number}}/make.json'}\n" +
    "  - source: report.py\n" +
    "    product: {nb: 'out/run-{{run_number}}/report.ipynb', data: 'out/run-{{run_number}}/report.json'}\n",
  "make.py": '# %% tags=["parameters"]\nupstream = None\nproduct = None\nrun = None\n\n# %%\nimport json\n' +
    'json.dump({"run": run, "square": run * run}, open(product["data"], "w"))\n',
  "report.py": '# %% tags=["parameters"]\nupstream = ["make"]\nproduct = None\n\n# %%\nimport json\n' +
    'made = json.load(open(upstream["make"]["data"]))\n' +
    'json.dump({"report": made["square"] + 1}, open(product["data"], "w"))\n',
};

Deno.test("going back to an earlier configuration whose products are intact runs nothing; status --why names that run", async () => {
  await using project = await projectOf(FILES);
  const dir = project.dir;
  const read = (rel: string) => Deno.readTextFile(`${dir}/${rel}`).then(JSON.parse);
  const first = await plait(["build", "-e", dir]);
  assertEquals(first.code, 0, first.stdout + first.stderr);
  const second = await plait(["build", "-e", dir, "--env--run_number", "3"]);
  assertEquals(second.code, 0, second.stdout + second.stderr);
  assertStringIncludes(second.stdout, "2 ran");
  assertEquals(await read("out/run-3/report.json"), { report: 10 });

  const back = await plait(["build", "-e", dir]);
  assertEquals(back.code, 0, back.stdout + back.stderr);
  assertStringIncludes(back.stdout, "Everything is up to date (2 tasks");
  assertEquals(await read("out/run-1/make.json"), { run: 1, square: 1 });
  assertEquals(await read("out/run-1/report.json"), { report: 2 });

  const status = await plait(["status", "--why", "-e", dir]);
  assertEquals(status.code, 0, status.stderr);
  assert(/report .*matches the run of \d{4}-\d\d-\d\d \d\d:\d\d UTC/.test(status.stdout), status.stdout);
  assertStringIncludes(status.stdout, "All 2 tasks are up to date.");

  // A product changed by hand still makes its task (and what depends on it) run again.
  await Deno.writeTextFile(`${dir}/out/run-1/make.json`, '{"run": 1, "square": 100}');
  const edited = await plait(["build", "-e", dir]);
  assertEquals(edited.code, 0, edited.stdout + edited.stderr);
  assertEquals(await read("out/run-1/report.json"), { report: 2 });
  assertStringIncludes(edited.stdout, "changed by hand");
});
