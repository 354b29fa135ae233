import { deepStrictEqual as assertEquals, ok, rejects } from "node:assert/strict";
import { PlaitError, SpecError, UsageError } from "../errors/mod.ts";
import { readTaskSource, renderIpynbSource } from "../source/mod.ts";
import { refactorFiles, refactorNotebook } from "./mod.ts";
import { cells } from "./_test_helpers.ts";

async function withNotebook(
  sources: string[],
  body: (dir: string, nb: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "plait_refactor_" });
  try {
    const nb = `${dir}/analysis.ipynb`;
    await Deno.writeTextFile(nb, renderIpynbSource(cells(...sources)));
    await body(dir, nb);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const TWO_STEPS = [
  "md:## Load",
  "import math\nx = math.pi",
  "md:## Show",
  "def f(v):\n    return v * 2",
  "print(f(x))",
];

Deno.test("refactorNotebook() writes tasks, exported.py and pipeline.yaml beside the notebook", async () => {
  await withNotebook(TWO_STEPS, async (dir, nb) => {
    const result = await refactorNotebook(nb);
    assertEquals(Object.keys(result.files).sort(), [
      "exported.py",
      "pipeline.yaml",
      "tasks/load.py",
      "tasks/show.py",
    ]);
    const show = await readTaskSource(`${dir}/tasks/show.py`);
    assertEquals(show.cells[0].source, "from exported import f");
    ok((await Deno.readTextFile(`${dir}/exported.py`)).includes("def f(v):\n    return v * 2\n"));
  });
});

Deno.test("refactorNotebook() refuses to overwrite files, naming each, unless forced", async () => {
  await withNotebook(TWO_STEPS, async (dir, nb) => {
    await Deno.mkdir(`${dir}/tasks`);
    await Deno.writeTextFile(`${dir}/tasks/show.py`, "mine");
    await Deno.writeTextFile(`${dir}/pipeline.yaml`, "mine");
    await rejects(refactorNotebook(nb), (e) => {
      ok(e instanceof UsageError);
      ok(/overwrite .*tasks\/show\.py, .*pipeline\.yaml/.test(e.message), e.message);
      ok(e.message.includes("--force"), e.message);
      return true;
    });
    assertEquals(await Deno.readTextFile(`${dir}/pipeline.yaml`), "mine");
    await refactorNotebook(nb, { force: true });
    ok((await Deno.readTextFile(`${dir}/pipeline.yaml`)).includes("tasks/show.py"));
  });
});

Deno.test("refactorFiles() without an H2 heading suggests --single-task, which makes one task", async () => {
  await withNotebook(["md:# Title", "x = 1", "print(x)"], async (_dir, nb) => {
    await rejects(refactorFiles(nb), (e) => {
      ok(e instanceof SpecError && e.message.includes('no "## " (H2) markdown heading'), String(e));
      ok((e as PlaitError).message.includes("--single-task"));
      return true;
    });
    const { plan, files } = await refactorFiles(nb, { singleTask: true, fileFormat: "ipynb" });
    assertEquals(plan.tasks.map((t) => t.name), ["analysis"]);
    const nbJson = JSON.parse(files["tasks/analysis.ipynb"]);
    assertEquals(nbJson.cells.map((c: { source: string[] }) => c.source.join("")), [
      "upstream = None\nproduct = None",
      "# Title",
      "x = 1",
      "print(x)",
    ]);
  });
});

Deno.test("refactorFiles() locates problems in a percent-format script by file line and column", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_refactor_" });
  try {
    const script = `${dir}/analysis.py`;
    await Deno.writeTextFile(
      script,
      "# %% [markdown]\n# ## Load\n\n# %%\nx = 1\n\n# %% [markdown]\n# ## Use\n\n# %%\nprint(y)\n",
    );
    await rejects(refactorFiles(script), (e) => {
      ok(e instanceof SpecError);
      ok(/analysis\.py:11:7: Cannot refactor section "use": it uses "y"/.test(e.message), e.message);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("refactorFiles() says which Python is missing", async () => {
  await withNotebook(TWO_STEPS, async (_dir, nb) => {
    await rejects(refactorFiles(nb, { python: "/no/such/python3" }), (e) => {
      ok(e instanceof UsageError && e.message.includes('Cannot run Python "/no/such/python3"'), String(e));
      return true;
    });
  });
});
