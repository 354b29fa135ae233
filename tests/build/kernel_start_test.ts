/**
 * A kernelspec whose Python lacks ipykernel: the task fails saying so, with the kernel's own words
 * ("No module named ...") and the command that fixes it, whether the kernel is forked from a
 * template (a plain `-m ipykernel_launcher` spec) or started as the spec says (any other argv).
 *
 *   t      (kernel: broken, a kernelspec under a private JUPYTER_PATH)
 */
import { assertEquals, assertMatch } from "./_assert.ts";
import { plait, projectOf, PYTHON } from "./_helpers.ts";
import { path } from "../../src/util/mod.ts";

async function brokenKernel(dir: string, argv: string[]): Promise<void> {
  const spec = path.join(dir, "jupyter", "kernels", "broken");
  await Deno.mkdir(spec, { recursive: true });
  await Deno.writeTextFile(
    path.join(spec, "kernel.json"),
    JSON.stringify({ argv, display_name: "no ipykernel", language: "python" }),
  );
}

const PROJECT = {
  "pipeline.yaml": "tasks:\n  - source: t.py\n    product: out/t.ipynb\n    kernel: broken\n",
  "t.py": '# %% tags=["parameters"]\nupstream = None\n\n# %%\nprint(1)\n',
};

Deno.test("a kernelspec whose Python lacks ipykernel: the kernel's stderr and the fix, forked or started", async () => {
  await using project = await projectOf(PROJECT);
  // A virtual environment without packages (forked from a template), and python -S (started as is).
  const venv = path.join(project.dir, "venv");
  const made = await new Deno.Command(PYTHON, { args: ["-m", "venv", "--without-pip", venv] }).output();
  assertEquals(made.success, true, "python3 -m venv is not available");
  const cases: [string[], string, string][] = [
    [
      [`${venv}/bin/python`, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
      "ipykernel",
      `${venv}/bin/python`,
    ],
    [[PYTHON, "-S", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "ipykernel_launcher", PYTHON],
  ];
  for (const [argv, module, python] of cases) {
    await brokenKernel(project.dir, argv);
    const run = await plait(["build", "-e", project.dir], undefined, {
      JUPYTER_PATH: path.join(project.dir, "jupyter"),
    });
    assertEquals(run.code, 1, run.stdout + run.stderr);
    assertMatch(
      run.stdout,
      new RegExp(
        `^failed t: Cannot start the "broken" kernel with ".*": .*No module named ${module} ` +
          `\\(ipykernel is not installed for this interpreter\\)$`,
        "m",
      ),
    );
    assertMatch(
      run.stdout,
      new RegExp(`hint: install it for that interpreter: \`${python} -m pip install ipykernel\``),
    );
  }
});
