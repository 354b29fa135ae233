/**
 * A message that reaches plait from a kernel's socket without the kernel's key is dropped, never
 * shown as the task's output, and the build says how many it ignored.
 */
import { assert, assertEquals, assertMatch } from "./_assert.ts";
import { plait, projectOf } from "./_helpers.ts";

// The task publishes one stream message signed with a wrong key on its own IOPub socket: what a
// process that connected to the kernel's port without holding the key could send.
const FORGER = `# %% tags=["parameters"]
product = None

# %%
from pathlib import Path
from jupyter_client.session import Session
ip = get_ipython()
Session(key=b"not-the-key").send(ip.kernel.iopub_socket, "stream", {"name": "stdout", "text": "FORGED\\n"},
                                 parent=ip.kernel.get_parent())
print("genuine")
Path(product["data"]).write_text("done")
`;

Deno.test("a kernel message with a bad signature is dropped and counted in the build's warnings", async () => {
  await using project = await projectOf({
    "pipeline.yaml":
      "tasks:\n  - source: forger.py\n    product: {nb: out/forger.ipynb, data: out/forger.txt}\n",
    "forger.py": FORGER,
  });
  const run = await plait(["build", "-e", project.dir]);
  assertEquals(run.code, 0, run.stdout + run.stderr);
  assertEquals(await Deno.readTextFile(`${project.dir}/out/forger.txt`), "done");
  const nb = JSON.parse(await Deno.readTextFile(`${project.dir}/out/forger.ipynb`));
  const outputs = JSON.stringify(nb.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []));
  assert(outputs.includes("genuine") && !outputs.includes("FORGED"), outputs);
  const all = run.stdout + run.stderr;
  assert(!all.includes("FORGED"), all);
  assertMatch(all, /Ignored 1 kernel message with a bad signature/);
});
