/**
 * A build whose terminal goes away: a closed stdout pipe, SIGHUP (the terminal closed) and SIGTERM.
 * Each must end like Ctrl-C: a summary where it can be printed, state recorded, partial notebook kept,
 * the lock released, no process and no private kernel folder left.
 *
 *   quick --> sleeper      (the faults fixture; sleeper sleeps 30 s)
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./_assert.ts";
import { cliEnv, fixture, markedProcesses, projectOf, readState, REPO, spawnPlait } from "./_helpers.ts";
import { path } from "../../src/util/mod.ts";

/** A private TMPDIR for one CLI run, so the kernels' runtime folders it leaves can be counted. */
async function privateTmp(): Promise<{ dir: string; env: Record<string, string> } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "plait_tmp_" });
  return {
    dir,
    env: { TMPDIR: dir, XDG_RUNTIME_DIR: "" },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

async function entries(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

for (const sig of ["SIGHUP", "SIGTERM"] as const) {
  Deno.test(`${sig} stops a build as Ctrl-C does: summary, partial notebook, lock released, nothing left`, async () => {
    await using copy = await fixture("faults");
    await using tmp = await privateTmp();
    await using cli = spawnPlait(["build", "-e", copy.dir, "--partially", "sleeper", "--log"], tmp.env);
    await cli.waitFor(/^\[sleeper\] sleeping$/);
    cli.child.kill(sig);
    const run = await cli.finish();
    assertEquals(run.code, 130, run.stdout + run.stderr);
    assertStringIncludes(run.stderr, `interrupted (${sig}): stopping running tasks`);
    assertMatch(run.stdout, /^sleeper +interrupted/m);
    assertMatch(run.stdout, /build interrupted: 1 ran/);
    assertEquals(markedProcesses(cli.marker), []);
    const state = await readState(copy.dir);
    assertEquals(state.quick.status, "ok");
    assertEquals([state.sleeper.status, state.sleeper.interrupted], ["failed", true]);
    await Deno.stat(copy.file("output/sleeper.ipynb")); // the partial notebook is kept
    assertEquals((await entries(path.join(copy.dir, ".plait"))).filter((n) => /lock|\.tmp$/.test(n)), []);
    assertEquals(await entries(tmp.dir), [], "the kernels' private folder is left behind");
  });
}

Deno.test("a closed stdout (plait build | head -1) drops the output, not the build: exit 0, state, lock", async () => {
  await using project = await projectOf({
    "pipeline.yaml":
      "tasks:\n  - source: a.py\n    product: out/a.ipynb\n  - source: b.py\n    product: out/b.ipynb\n",
    "a.py": "# %%\nimport time\ntime.sleep(1)\n",
    "b.py": "# %% tags=['parameters']\nupstream = ['a']\n\n# %%\nprint('b')\n",
  });
  await using tmp = await privateTmp();
  const marker = crypto.randomUUID();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", path.join(REPO, "cli.ts"), "build", "-e", project.dir],
    env: { ...cliEnv(marker), ...tmp.env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  await reader.cancel(); // what `head -1` does after its line: the pipe's reading end closes
  const stderr = new Response(child.stderr).text();
  const { code } = await child.status;
  assertMatch(first, /^run {2}a/);
  assertEquals(code, 0, await stderr);
  const err = await stderr;
  assert(!/BrokenPipe|Uncaught|internal error/.test(err), err);
  assertEquals(markedProcesses(marker), []);
  assertEquals((await entries(path.join(project.dir, ".plait"))).filter((n) => /lock|\.tmp$/.test(n)), []);
  const state = await readState(project.dir);
  assertEquals([state.a.status, state.b.status], ["ok", "ok"]);
  assertEquals(await entries(tmp.dir), [], "the kernels' private folder is left behind");
});
