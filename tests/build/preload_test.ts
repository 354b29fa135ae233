/** `preload:` modules are imported once in the kernel template; one that cannot be imported is a warning. */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { plait, projectOf } from "./_helpers.ts";

Deno.test("a preload that cannot be imported is a warning naming it, and tasks still run with what did load", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "preload: [wave, plait_no_such_module]\ntasks:\n  - source: tasks/probe.py\n" +
      "    product:\n      nb: output/probe.ipynb\n      data: output/probe.json\n",
    "tasks/probe.py":
      '# %% tags=["parameters"]\nupstream = None\nproduct = None\n\n# %%\nimport json, sys\n' +
      'with open(product["data"], "w") as f:\n' +
      '    json.dump({"wave_preloaded": "wave" in sys.modules}, f)\n',
  });
  const { dir } = project;
  const run = await plait(["build", "-e", dir]);
  strictEqual(run.code, 0, run.stdout + run.stderr);
  match(
    run.stderr,
    /^warning: Cannot preload "plait_no_such_module" in the kernel template \(ModuleNotFoundError: No module named 'plait_no_such_module'\)\n {2}hint: check the name under "preload"/m,
  );
  strictEqual(run.stderr.match(/Cannot preload/g)?.length, 1, run.stderr);
  // wave (which ipykernel does not import) was imported before the fork, so the task's kernel has it without importing it.
  deepStrictEqual(JSON.parse(await Deno.readTextFile(`${dir}/output/probe.json`)), {
    wave_preloaded: true,
  });
});
