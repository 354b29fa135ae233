/** No kernel, fork server or kernel subprocess outlives Deno: on Ctrl-C, on SIGKILL, after the suite. */
import { deepStrictEqual, ok } from "node:assert/strict";
import { descendants, isAlive, leftoverPythonProcesses, STARTED_PIDS, survivors } from "./_helpers.ts";

/** Starts _orphan_child.ts, lets `kill` end it, and checks that nothing it started survives, nor any folder. */
async function killedDenoLeavesNothing(
  kill: (child: Deno.ChildProcess, family: number[]) => void,
): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "plait-orphans-test-" });
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("./_orphan_child.ts", import.meta.url).pathname],
      env: { TMPDIR: tmp, XDG_RUNTIME_DIR: tmp },
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let out = "";
    while (!out.includes("READY")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    ok(out.includes("READY"), `child said: ${out}`);
    const family = descendants(child.pid);
    // fork server, 3 forked kernels (1 used + 2 warm), their sleep subprocess, the cold kernel
    ok(family.length >= 5, `descendants: ${family.join(" ")}`);
    ok([...Deno.readDirSync(tmp)].length >= 2, "the pool's and the cold kernel's runtime folders exist");
    kill(child, family);
    await child.status;
    await reader.cancel();
    deepStrictEqual(await survivors(family, 15_000), []);
    deepStrictEqual([...Deno.readDirSync(tmp)].map((e) => e.name), [], "runtime folders left behind");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

Deno.test("Ctrl-C (SIGINT) of the Deno process leaves no kernel, fork server or subprocess behind", async () => {
  await killedDenoLeavesNothing((child) => child.kill("SIGINT"));
});

Deno.test("SIGKILL of the Deno process leaves no kernel, fork server or subprocess behind", async () => {
  await killedDenoLeavesNothing((child) => child.kill("SIGKILL"));
});

Deno.test("SIGTERM to Deno and all its kernels at once (SLURM ending a job step) leaves no process or runtime folder", async () => {
  await killedDenoLeavesNothing((child, family) => {
    for (const pid of [child.pid, ...family]) {
      try {
        Deno.kill(pid, "SIGTERM");
      } catch { /* already gone */ }
    }
  });
});

Deno.test("no kernel process started by the kernel tests is left behind", () => {
  deepStrictEqual([...STARTED_PIDS].filter(isAlive), []);
  deepStrictEqual(leftoverPythonProcesses(), []);
});
