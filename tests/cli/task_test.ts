/**
 * `plait task NAME` on a temp copy of tests/cli/fixtures/chain, with real kernels:
 *
 *   load -> clean -> report
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import type { StatusRow } from "../../src/cli/status.ts";
import { assertGolden, cli, normalize, tempProject } from "./_helpers.ts";

async function results(dir: string): Promise<Record<string, string>> {
  const rows = JSON.parse((await cli(dir, ["status", "--json"])).stdout) as StatusRow[];
  return Object.fromEntries(rows.map((r) => [r.name, `${r.lastResult}${r.outdated ? " outdated" : ""}`]));
}

Deno.test("task runs one task once its upstream is built, and refuses before", async (t) => {
  await using p = await tempProject("chain");

  await t.step("task clean before load was built fails, naming load and the fix", async () => {
    const r = await cli(p.dir, ["task", "clean"], 2);
    strictEqual(
      r.stderr,
      'Cannot run task "clean": its upstream "load" was never built\n' +
        '  hint: build it first with `plait build --partially clean` (runs "clean" and what it needs)\n',
    );
    strictEqual(await p.exists("output/raw.csv"), false);
  });

  await t.step("task load, then task clean, run just those tasks in kernels", async () => {
    match((await cli(p.dir, ["task", "load"])).stdout, /build ok: 1 ran, 0 up to date/);
    match((await cli(p.dir, ["task", "clean"])).stdout, /build ok: 1 ran, 0 up to date/);
    strictEqual(await p.read("output/clean.csv"), "0\n2\n4\n");
    deepStrictEqual(await results(p.dir), { load: "ok", clean: "ok", report: "never outdated" });
  });

  await t.step("task clean again is up to date, and --force runs it", async () => {
    match((await cli(p.dir, ["task", "clean"])).stdout, /^Everything is up to date \(1 task,/m);
    match((await cli(p.dir, ["task", "clean", "--force"])).stdout, /build ok: 1 ran/);
  });

  await t.step("task clean with an outdated upstream warns and runs on its current products", async () => {
    await p.write("tasks/load.py", (await p.read("tasks/load.py")).replace("range(n)", "range(n + 1)"));
    // Without --force, clean itself is up to date: the warning says it does not run, and it does not.
    const idle = await cli(p.dir, ["task", "clean"]);
    match(
      idle.stderr,
      /upstream "load" is outdated \(source changed\), but "clean" is up to date .*so it does not run/,
    );
    match(idle.stdout, /^Everything is up to date \(1 task,/m);
    const r = await cli(p.dir, ["task", "clean", "--force"]);
    match(
      r.stderr,
      /warning: upstream "load" is outdated \(source changed\); "clean" runs on its current products/,
    );
    strictEqual(await p.read("output/clean.csv"), "0\n2\n4\n");
  });

  await t.step("task NAME --status prints its status and why", async () => {
    const r = await cli(p.dir, ["task", "report", "--status"]);
    await assertGolden("task_status.txt", normalize(r.stdout, p.dir));
  });

  await t.step("an unknown task name is a usage error with a suggestion", async () => {
    const r = await cli(p.dir, ["task", "clen"], 2);
    strictEqual(
      r.stderr,
      'Cannot find task "clen" in the pipeline (did you mean "clean"?)\n  hint: `plait status` lists every task\n',
    );
  });
});
