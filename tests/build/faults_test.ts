/**
 * Builds that go wrong, through the CLI as a subprocess (exit codes, signals, leftover processes):
 *
 *   quick --> sleeper      killer      noproduct
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./_assert.ts";
import {
  buildIn,
  fixture,
  kernelProcesses,
  markedProcesses,
  plait,
  projectOf,
  readState,
  spawnPlait,
} from "./_helpers.ts";

/** Kernel / fork-server rows of `ps` started by the CLI run carrying `marker`. */
async function kernelsOf(marker: string): Promise<string[]> {
  const marked = new Set(markedProcesses(marker).map((p) => Number(p.split(":")[0])));
  return [...(await kernelProcesses()).entries()].filter(([pid]) => marked.has(pid)).map(([, row]) => row);
}

Deno.test("a task that kills its own kernel fails quickly saying the kernel died of SIGKILL, exit 1", async () => {
  await using copy = await fixture("faults");
  await using cli = spawnPlait(["build", "-e", copy.dir, "--partially", "killer"]);
  await cli.waitFor(/^run {2}killer/);
  const started = performance.now();
  const run = await cli.finish();
  const seconds = (performance.now() - started) / 1000;
  assertEquals(run.code, 1, run.stdout + run.stderr);
  assertMatch(run.stdout, /^FAIL killer: Kernel \S+ \(pid \d+\) died: killed by signal SIGKILL$/m);
  assertMatch(run.stdout, /^failed killer \(cell 3\): .*SIGKILL/m);
  assert(seconds < 20, `the build took ${seconds.toFixed(1)} s to end after the task started`);
  assertEquals(markedProcesses(cli.marker), []);
  assertEquals((await readState(copy.dir)).killer.status, "failed");
  const nb = JSON.parse(await copy.read("output/killer.ipynb"));
  assertEquals(nb.cells.at(-1).execution_count, null); // kept, as far as it got
});

Deno.test("a task that does not write a declared product fails naming the product", async () => {
  await using copy = await fixture("faults");
  const run = await buildIn(copy.dir, { partially: "noproduct" });
  assertEquals(run.outcome("noproduct"), "failed");
  const failure = run.summary.tasks[0].failure!;
  assertEquals(failure.message, 'Task "noproduct" finished without writing product "output/noproduct.json"');
  assertEquals(failure.notebook, "output/noproduct.ipynb");
  assertEquals((await readState(copy.dir)).noproduct.status, "failed");
});

Deno.test("Ctrl-C stops a running task within seconds: exit 130, finished work recorded, no kernel left", async () => {
  await using copy = await fixture("faults");
  await using cli = spawnPlait(["build", "-e", copy.dir, "--partially", "sleeper", "--log"]);
  await cli.waitFor(/^\[sleeper\] sleeping$/);
  const during = await kernelsOf(cli.marker);
  assert(during.some((row) => /ipykernel|fork_server/.test(row)), `no kernel seen while running: ${during}`);
  const sent = performance.now();
  cli.child.kill("SIGINT");
  const run = await cli.finish();
  const seconds = (performance.now() - sent) / 1000;
  assertEquals(run.code, 130, run.stdout + run.stderr);
  assert(seconds < 15, `the build took ${seconds.toFixed(1)} s to stop`);
  assertStringIncludes(run.stderr, "interrupted: stopping running tasks");
  assertMatch(run.stdout, /^sleeper +interrupted/m);
  assertMatch(run.stdout, /build interrupted: 1 ran/);
  assertEquals(markedProcesses(cli.marker), []);
  assertEquals(await kernelsOf(cli.marker), []);
  const state = await readState(copy.dir);
  assertEquals(state.quick.status, "ok");
  assertEquals([state.sleeper.status, state.sleeper.interrupted], ["failed", true]);
  assertEquals(JSON.parse(await copy.read("output/quick.json")), { quick: true });
  await Deno.stat(copy.file("output/sleeper.ipynb")); // the partial notebook is kept
});

Deno.test("a second build of a project being built exits 2 naming the lock holder's pid", async () => {
  await using copy = await fixture("faults");
  await using first = spawnPlait(["build", "-e", copy.dir, "--partially", "sleeper"]);
  await first.waitFor(/^run {2}sleeper/);
  const second = await plait(["build", "-e", copy.dir, "--partially", "quick"]);
  first.child.kill("SIGINT");
  assertEquals(second.code, 2, second.stdout + second.stderr);
  assertStringIncludes(second.stderr, `another plait build (pid ${first.child.pid}`);
  assertStringIncludes(second.stderr, "holds .plait/lock");
  assertEquals((await first.finish()).code, 130);
  assertEquals(markedProcesses(first.marker), []);
});

Deno.test("status and task during a build say a build is running (pid) and show the running task as running", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: slow.py\n    product: out/slow.ipynb\n" +
      "  - source: after.py\n    product: out/after.ipynb\n",
    "slow.py":
      '# %% tags=["parameters"]\nupstream = None\n\n# %%\nimport time\nprint("sleeping", flush=True)\ntime.sleep(60)\n',
    "after.py": '# %% tags=["parameters"]\nupstream = ["slow"]\n\n# %%\nprint("after")\n',
  });
  await using cli = spawnPlait(["build", "-e", project.dir, "--log"]);
  await cli.waitFor(/^\[slow\] sleeping$/);
  const pid = cli.child.pid;
  const status = await plait(["status", "-e", project.dir]);
  const task = await plait(["task", "after", "-e", project.dir]);
  const one = await plait(["task", "slow", "--status", "-e", project.dir]);
  cli.child.kill("SIGINT");
  assertEquals((await cli.finish()).code, 130);
  assertEquals(status.code, 0, status.stderr);
  assertMatch(
    status.stdout,
    new RegExp(`^A build is running \\(pid ${pid}, started \\d+ s ago\\): 1 task running now\\.$`, "m"),
  );
  assertMatch(status.stdout, /^slow +running \(started \d+ s ago\)/m);
  assertMatch(status.stdout, /^after +never/m);
  assertEquals(task.code, 2, task.stdout + task.stderr);
  assertMatch(
    task.stderr,
    new RegExp(
      `^Cannot run task "after": a build is running \\(pid ${pid}, started \\d+ s ago\\), and its upstream "slow" is running in it$`,
      "m",
    ),
  );
  assert(!/interrupted/.test(task.stderr), task.stderr);
  assertMatch(one.stdout, /^last run +running \(started \d+ s ago\)/m);
  // Once the build is gone, the same task counts as interrupted, and nothing says a build runs.
  const after = await plait(["status", "-e", project.dir]);
  assertMatch(after.stdout, /^slow +interrupted/m);
  assert(!/A build is running/.test(after.stdout), after.stdout);
});
Deno.test("the kernel template started while the pipeline loads is ended when loading fails or on Ctrl-C", async () => {
  await using p = await projectOf({
    "pipeline.yaml": "tasks:\n  - {source: missing.py, product: out.txt}\n",
  });
  const marker = crypto.randomUUID();
  const bad = await plait(["build", "-e", p.dir], marker); // no .plait yet: a template is started
  assertEquals(bad.code, 2, bad.stdout + bad.stderr);
  assertEquals(markedProcesses(marker), []);
  // Ctrl-C while plait still loads (the template still imports ipykernel): nothing left either
  await Deno.writeTextFile(`${p.dir}/pipeline.yaml`, "tasks:\n  - {source: t.py, product: out.txt}\n");
  await Deno.writeTextFile(`${p.dir}/t.py`, "from pathlib import Path\nPath(product).write_text('x')\n");
  await using cli = spawnPlait(["build", "-e", p.dir]);
  await waitUntil(() => markedProcesses(cli.marker).some((row) => row.includes("fork_server")));
  cli.child.kill("SIGINT");
  await cli.finish();
  await waitUntil(() => markedProcesses(cli.marker).length === 0);
});

async function waitUntil(check: () => boolean, withinMs = 20_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!check()) {
    assert(performance.now() < deadline, "condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
