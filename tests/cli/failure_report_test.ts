/**
 * Failure reports lead with the user's FILE:LINE, with real kernels: a percent script (a markdown
 * cell first, so the notebook's cell number differs from the file's), a light-format script, a notebook and a function
 * task that fails inside a helper of the user's module. Library frames are folded unless --verbose.
 *
 *   clean (tasks/clean.py)   explore (tasks/explore.ipynb)   fn (tasks.fns.fn)   light (tasks/light.py)
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../build/_assert.ts";
import { plait, projectOf } from "../build/_helpers.ts";

const notebook = (cells: string[]) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
    cells: cells.map((source, i) => ({
      cell_type: i === 0 ? "markdown" : "code",
      metadata: i === 1 ? { tags: ["parameters"] } : {},
      source,
      ...(i === 0 ? {} : { outputs: [], execution_count: null }),
    })),
  });

const FILES = {
  "pipeline.yaml": [
    "tasks:",
    "  - source: tasks/clean.py",
    "    product: out/clean.ipynb",
    "  - source: tasks/explore.ipynb",
    "    product: out/explore.ipynb",
    "  - source: tasks.fns.fn",
    "    product: out/fn.txt",
    "  - source: tasks/light.py",
    "    product: out/light.ipynb",
  ].join("\n"),
  // jupytext light format: a comment paragraph is markdown, blank lines split code cells.
  "tasks/light.py": [
    "# Light",
    "# a light-format script",
    "",
    '# + tags=["parameters"]',
    "upstream = None",
    "product = None",
    "# -",
    "",
    "a = 1",
    "",
    "b = [1, 2]",
    "c = b[5]",
  ].join("\n"),
  "tasks/__init__.py": "",
  "tasks/fns.py":
    'import json\n\n\ndef helper(d):\n    return json.loads(d)\n\n\ndef fn(product):\n    helper("{bad")\n',
  "tasks/clean.py": [
    "# %% [markdown]",
    "# Cleaning",
    '# %% tags=["parameters"]',
    "upstream = None",
    "product = None",
    "# %%",
    "import json",
    "x = 1",
    "",
    'y = json.loads("{bad")',
  ].join("\n"),
  "tasks/explore.ipynb": notebook([
    "# Explore",
    "upstream = None\nproduct = None",
    "a = 1\nb = {}['missing']",
  ]),
};

Deno.test("a failure report leads with the user's FILE:LINE for scripts, notebooks and functions", async () => {
  await using p = await projectOf(FILES);
  const short = await plait(["build", "-e", p.dir, "--python", "/usr/bin/python3"]);
  assertEquals(short.code, 1, short.stdout + short.stderr);
  const heads = short.stdout.split("\n").filter((l) => l.startsWith("failed "));
  assertEquals(heads.length, 4, short.stdout);
  assertMatch(
    heads.find((h) => h.startsWith("failed light"))!,
    /^failed light: tasks\/light\.py:12: IndexError/,
  );
  assertMatch(
    heads.find((h) => h.startsWith("failed clean"))!,
    /^failed clean: tasks\/clean\.py:10: JSONDecodeError/,
  );
  assertMatch(
    heads.find((h) => h.startsWith("failed explore"))!,
    /^failed explore: tasks\/explore\.ipynb, cell 3, line 2: KeyError: 'missing'/,
  );
  assertMatch(
    heads.find((h) => h.startsWith("failed fn"))!,
    /^failed fn: tasks\/fns\.py:5: .*JSONDecodeError/,
  );
  // The user's frames, renumbered as in the file; json's frames folded.
  assertStringIncludes(short.stdout, '----> 10 y = json.loads("{bad")');
  assertStringIncludes(short.stdout, "tasks/fns.py:9, in fn(product)");
  assertMatch(short.stdout, /\(\d+ library frames? folded; --verbose shows the full traceback\)/);
  assert(!short.stdout.includes("json/decoder.py"), "library frames are folded by default");
});
