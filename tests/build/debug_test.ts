/**
 * `build --debug`: the failed task's kernel stays alive with its variables, a console attaches with
 * the printed `jupyter console --existing FILE`, and Ctrl-C ends it leaving no process behind.
 */
import { assert, assertEquals, assertStringIncludes } from "./_assert.ts";
import { markedProcesses, projectOf, PYTHON, spawnPlait } from "./_helpers.ts";

/** What a Jupyter client sees when it runs `code` in the kernel of `connectionFile`. */
async function runInKernel(connectionFile: string, code: string): Promise<string> {
  const client = "import sys, jupyter_client\n" +
    "c = jupyter_client.BlockingKernelClient(connection_file=sys.argv[1])\n" +
    "c.load_connection_file()\nc.start_channels()\nc.wait_for_ready(timeout=30)\n" +
    "out = []\nc.execute_interactive(sys.argv[2], timeout=30, " +
    "output_hook=lambda m: out.append(m['content'].get('text', '')))\n" +
    "c.stop_channels()\nprint(''.join(out), end='')\n";
  const r = await new Deno.Command(PYTHON, { args: ["-c", client, connectionFile, code], stdout: "piped" })
    .output();
  return new TextDecoder().decode(r.stdout);
}

Deno.test("build --debug keeps the failed task's kernel with its state for a console; Ctrl-C ends it, nothing left", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: fails.py\n    product: out/fails.ipynb\n",
    "fails.py": '# %% tags=["parameters"]\nupstream = None\nproduct = None\n\n# %%\nsecret = 41\n' +
      "raise ValueError('bad data')\n",
  });
  await using live = spawnPlait(["build", "-e", project.dir, "--debug", "--debug-timeout", "120"]);
  const line = await live.waitFor(/jupyter console --existing /);
  const file = line.trim().split(" ").at(-1)!;
  assertEquals(await runInKernel(file, "print(secret + 1)"), "42\n");
  live.child.kill("SIGINT");
  const run = await live.finish();
  assertEquals(run.code, 1, run.stdout + run.stderr);
  assertStringIncludes(run.stdout, 'debug: task "fails" failed: ValueError: bad data');
  assertStringIncludes(run.stdout, 'debug: shutting down the kernel of "fails"');
  assert(!(await Deno.stat(file).then(() => true, () => false)), "the connection file is removed");
  assertEquals(markedProcesses(live.marker), []);
});

Deno.test("build --debug-timeout ends the kept kernel by itself; only the failed task is held", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: fails.py\n    product: out/fails.ipynb\n" +
      "  - source: fine.py\n    product: out/fine.ipynb\n",
    "fails.py": '# %% tags=["parameters"]\nupstream = None\nproduct = None\n\n# %%\n1 / 0\n',
    "fine.py": '# %% tags=["parameters"]\nupstream = None\nproduct = None\n\n# %%\nprint("fine")\n',
  });
  await using live = spawnPlait(["build", "-e", project.dir, "--debug", "--debug-timeout", "1", "-j", "1"]);
  const run = await live.finish();
  assertEquals(run.code, 1, run.stdout + run.stderr);
  assertStringIncludes(run.stdout, 'debug: task "fails" failed: ZeroDivisionError: division by zero');
  assertStringIncludes(run.stdout, "(it ends by itself in 1 s)");
  assertStringIncludes(run.stdout, 'debug: shutting down the kernel of "fails"');
  assert(!run.stdout.includes('task "fine" failed'), run.stdout);
  assertEquals(markedProcesses(live.marker), []);
});
