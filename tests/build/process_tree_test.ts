/**
 * Nothing a task starts outlives the build: a subprocess it did not wait for, one it started in a
 * new session (setsid), and a daemon that double-forked away from it are all ended with its kernel.
 *
 *   spawner      (starts three `sleep`-like Python processes and records their pids)
 */
import { assertEquals } from "./_assert.ts";
import { markedProcesses, plait, projectOf } from "./_helpers.ts";
import { path } from "../../src/util/mod.ts";

const SPAWNER = `# %% tags=["parameters"]
upstream = None
product = None

# %%
import json, os, subprocess, sys, time
sleeper = [sys.executable, "-c", "import time; time.sleep(300)"]
plain = subprocess.Popen(sleeper)
session = subprocess.Popen(sleeper, start_new_session=True)
# a daemon: its parent exits at once, so it is nobody's child in the kernel any more
daemon = subprocess.run([sys.executable, "-c", "import os, subprocess, sys; "
    "p = subprocess.Popen(sys.argv[1:], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(p.pid)",
    *sleeper], capture_output=True, text=True, check=True)
pids = [plain.pid, session.pid, int(daemon.stdout)]
json.dump(pids, open(product["data"], "w"))
`;

function alive(pid: number): boolean {
  try {
    return !/\) [ZX] /.test(Deno.readTextFileSync(`/proc/${pid}/stat`));
  } catch {
    return false;
  }
}

Deno.test("a subprocess, a new-session child and a daemon a task leaves running all end with the build", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: spawner.py\n    product:\n      nb: out/spawner.ipynb\n" +
      "      data: out/spawner.json\n",
    "spawner.py": SPAWNER,
  });
  const marker = crypto.randomUUID();
  const run = await plait(["build", "-e", project.dir], marker);
  assertEquals(run.code, 0, run.stdout + run.stderr);
  const pids: number[] = JSON.parse(await Deno.readTextFile(path.join(project.dir, "out/spawner.json")));
  assertEquals(pids.length, 3);
  assertEquals(pids.filter(alive), [], "processes the task started are still running");
  assertEquals(markedProcesses(marker), []);
});
