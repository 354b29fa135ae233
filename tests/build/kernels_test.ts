/**
 * A task may name its own Jupyter kernel (`kernel:` in pipeline.yaml): it runs in a kernel of that
 * kernelspec, found on the standard search path, while the others run in the default one.
 *
 *   plain (python3)      alt (kernel: plait-alt, a kernelspec setting PLAIT_KERNEL=alt)
 */
import { assertEquals } from "./_assert.ts";
import { buildIn, PYTHON } from "./_helpers.ts";

const SCRIPT = `# %% tags=["parameters"]
upstream = None
product = None

# %%
import os
from pathlib import Path
Path(product["data"]).write_text(os.environ.get("PLAIT_KERNEL", "default"))
`;

Deno.test("a task with its own kernel name runs in that kernelspec's kernel", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_kernels_" });
  const before = Deno.env.get("JUPYTER_PATH");
  try {
    const spec = `${dir}/jupyter/kernels/plait-alt`;
    await Deno.mkdir(spec, { recursive: true });
    await Deno.writeTextFile(
      `${spec}/kernel.json`,
      JSON.stringify({
        argv: [PYTHON, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name: "plait test kernel",
        language: "python",
        env: { PLAIT_KERNEL: "alt" },
      }),
    );
    await Deno.mkdir(`${dir}/project/tasks`, { recursive: true });
    await Deno.writeTextFile(`${dir}/project/tasks/probe.py`, SCRIPT);
    await Deno.writeTextFile(
      `${dir}/project/pipeline.yaml`,
      [
        "tasks:",
        "  - source: tasks/probe.py",
        "    name: plain",
        "    product: {nb: output/plain.ipynb, data: output/plain.txt}",
        "  - source: tasks/probe.py",
        "    name: alt",
        "    kernel: plait-alt",
        "    product: {nb: output/alt.ipynb, data: output/alt.txt}",
      ].join("\n"),
    );
    Deno.env.set("JUPYTER_PATH", `${dir}/jupyter`);
    const run = await buildIn(`${dir}/project`);
    assertEquals(run.summary.ok, true, JSON.stringify(run.summary.tasks.map((t) => t.failure)));
    assertEquals(await Deno.readTextFile(`${dir}/project/output/plain.txt`), "default");
    assertEquals(await Deno.readTextFile(`${dir}/project/output/alt.txt`), "alt");
  } finally {
    if (before === undefined) Deno.env.delete("JUPYTER_PATH");
    else Deno.env.set("JUPYTER_PATH", before);
    await Deno.remove(dir, { recursive: true });
  }
});
