/**
 * `plait status` on a temp copy of tests/cli/fixtures/chain, built with real kernels:
 *
 *   load -> clean -> report
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { collectStatus, formatStatusTable, relativeTime, type StatusRow } from "../../src/cli/status.ts";
import { loadPipeline } from "../../src/project/mod.ts";
import { assertGolden, cli, tempProject } from "./_helpers.ts";

/** The table as `status` prints it, with "now" 3 minutes after the latest run so times are stable. */
async function statusTable(dir: string, why: boolean): Promise<string> {
  const { pipeline } = await loadPipeline({ entry: dir });
  const { rows } = await collectStatus(pipeline);
  const latest = Math.max(0, ...rows.map((r) => (r.lastRun ? Date.parse(r.lastRun) : 0)));
  return formatStatusTable(rows, { why, now: latest + 180_000 }) + "\n";
}

function outdated(rows: StatusRow[]): Record<string, string[]> {
  return Object.fromEntries(rows.filter((r) => r.outdated).map((r) => [r.name, r.reasons]));
}

Deno.test("relativeTime() says never, seconds, minutes, hours and days", () => {
  const now = Date.parse("2025-01-10T12:00:00Z");
  const ago = (s: number) => relativeTime(new Date(now - s * 1000).toISOString(), now);
  deepStrictEqual([relativeTime(null, now), ago(0), ago(42), ago(180), ago(3 * 3600), ago(3 * 86400)], [
    "never",
    "0 s ago",
    "42 s ago",
    "3 min ago",
    "3 h ago",
    "3 d ago",
  ]);
});

Deno.test("status shows never run, then up to date, then the edited task and its descendants", async (t) => {
  await using p = await tempProject("chain");

  await t.step("before a build every task is never run", async () => {
    await assertGolden("status_never.txt", await statusTable(p.dir, true));
    const { stdout } = await cli(p.dir, ["status"]);
    match(
      stdout,
      /^clean +never +yes +never run +output\/clean\.csv, output\/clean\.ipynb +Keep the even numbers +tasks\/clean\.py$/m,
    );
    match(stdout, /3 of 3 tasks outdated/);
  });

  await cli(p.dir, ["build"]);

  await t.step("after a build no task is outdated", async () => {
    await assertGolden("status_built.txt", await statusTable(p.dir, false));
    const { stdout } = await cli(p.dir, ["status", "--why"]);
    match(stdout, /^load +\d+ s ago +no +output\/raw\.csv/m); // no reason: the why column is blank
    match(stdout, /All 3 tasks are up to date\./);
  });

  const original = await p.read("tasks/clean.py");
  await t.step("a comment-only edit leaves every task up to date", async () => {
    await p.write(
      "tasks/clean.py",
      original.replace("# %%\nwith open(upstream", "# %%\n# read the numbers\nwith open(upstream"),
    );
    const { pipeline } = await loadPipeline({ entry: p.dir });
    deepStrictEqual(outdated((await collectStatus(pipeline)).rows), {});
  });

  await t.step("a code edit makes that task and its descendants outdated, with reasons", async () => {
    await p.write("tasks/clean.py", original.replace("i % 2 == 0", "i % 2 == 1"));
    await assertGolden("status_code_edit.txt", await statusTable(p.dir, true));
    const { stdout } = await cli(p.dir, ["status", "--why"]);
    match(stdout, /^clean +\d+ s ago +yes +source changed +output/m);
    match(stdout, /^report +\d+ s ago +yes +upstream "clean" outdated +output/m);
    match(stdout, /2 of 3 tasks outdated: `plait build` runs them\./);
  });

  await t.step("a deleted product makes its task outdated", async () => {
    await p.write("tasks/clean.py", original);
    await Deno.remove(p.path("output/raw.csv"));
    const { pipeline } = await loadPipeline({ entry: p.dir });
    deepStrictEqual(outdated((await collectStatus(pipeline)).rows), {
      load: ["product output/raw.csv missing"],
      clean: ['upstream "load" outdated'],
      report: ['upstream "clean" outdated'],
    });
  });

  await t.step("--json prints one object a task with stable keys", async () => {
    const rows = JSON.parse((await cli(p.dir, ["status", "--json"])).stdout) as StatusRow[];
    deepStrictEqual(
      rows.map((r) => Object.keys(r)),
      rows.map(() => [
        "name",
        "lastRun",
        "lastResult",
        "durationS",
        "outdated",
        "reasons",
        "matchesRun",
        "products",
        "doc",
        "source",
      ]),
    );
    const load = rows[0];
    deepStrictEqual(
      { ...load, lastRun: typeof load.lastRun, durationS: typeof load.durationS },
      {
        name: "load",
        lastRun: "string",
        lastResult: "ok",
        durationS: "number",
        outdated: true,
        reasons: ["product output/raw.csv missing"],
        matchesRun: null,
        products: ["output/raw.csv", "output/load.ipynb"],
        doc: "Write the numbers 0..n-1",
        source: "tasks/load.py",
      },
    );
    ok(Math.abs(Date.parse(load.lastRun!) - Date.now()) < 10 * 60_000);
    strictEqual(rows[2].doc, null);
  });
});

Deno.test("status takes a task's doc from its doc option, else from its source's first cell, as Ploomber does", async () => {
  await using p = await tempProject();
  await Deno.mkdir(p.path("tasks"));
  const params = '# %% tags=["parameters"]\nupstream = None\nproduct = None\n\n# %%\nx = 1\n';
  await p.write("tasks/md.py", `# %% [markdown]\n# # Load\n#\n# The iris data, as a CSV.\n\n${params}`);
  await p.write("tasks/docstring.py", `# %%\n"""Fit a forest.\n\nMore words."""\n\n${params}`);
  await p.write("tasks/plain.py", params);
  await p.write("tasks/explicit.py", `# %% [markdown]\n# Not this one.\n\n${params}`);
  await p.write("tasks/__init__.py", "");
  await p.write(
    "tasks/feats.py",
    'import json\n\n\ndef helper():\n    """Not this one."""\n\n\n@staticmethod\ndef make(product):\n' +
      '    """\n    Make the features.\n\n    As JSON.\n    """\n    json.dump({}, open(product, "w"))\n',
  );
  const task = (name: string, extra = "") =>
    `  - source: tasks/${name}.py\n    product: output/${name}.ipynb\n${extra}`;
  await p.write(
    "pipeline.yaml",
    "tasks:\n" + ["md", "docstring", "plain"].map((n) => task(n)).join("") +
      task("explicit", "    doc: The option wins\n") +
      "  - source: tasks.feats.make\n    product: output/feats.json\n",
  );
  const { pipeline } = await loadPipeline({ entry: p.dir });
  const { rows } = await collectStatus(pipeline);
  deepStrictEqual(Object.fromEntries(rows.map((r) => [r.name, r.doc])), {
    md: "The iris data, as a CSV.",
    docstring: "Fit a forest.",
    plain: null,
    explicit: "The option wins",
    make: "Make the features.",
  });
});
