/**
 * Notebook products converted by nbconvert, a script run without a notebook (ScriptRunner), and a
 * cell's time limit, through real kernels. Independent tasks, so one build exercises several:
 *
 *   report (.html, exclude_input)   tagged (.html, TagRemovePreprocessor)   notes (.md)
 *   broken (.html, a template that does not exist)   paper (.pdf)   export (ScriptRunner, a .csv only)
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./_assert.ts";
import { buildIn, projectOf, PYTHON } from "./_helpers.ts";

const REPORT_PY = `# %% tags=["parameters"]
upstream = None
product = None

# %% [markdown]
# | city | people |
# |------|--------|
# | Oslo | 700000 |
#
# > a quote, and $e^{i\\pi} + 1 = 0$

# %% tags=["remove"]
hidden = "INPUT_MARK_" + "hidden"
print("OUTPUT_MARK_" + "removed")

# %%
shown = "INPUT_MARK_" + "shown"
print("OUTPUT_MARK_" + "kept")
`;

const PAPER_PY = `# %% tags=["parameters"]
upstream = None
product = None

# %%
from pathlib import Path
Path("output/paper-ran.txt").write_text("ran")
print("PDF body")
`;

const EXPORT_PY = `# %% tags=["parameters"]
upstream = None
product = None
rows = 0

# %%
with open(product, "w") as f:
    f.write("i\\n" + "".join(f"{i}\\n" for i in range(rows)))
`;

const PIPELINE = `tasks:
  - source: tasks/report.py
    name: report
    product: output/report.html
    nbconvert_export_kwargs: {exclude_input: true}
  - source: tasks/report.py
    name: tagged
    product: output/tagged.html
    nbconvert_export_kwargs:
      config:
        TagRemovePreprocessor: {remove_cell_tags: [remove], enabled: true}
        HTMLExporter: {preprocessors: [nbconvert.preprocessors.TagRemovePreprocessor]}
  - source: tasks/report.py
    name: notes
    product: output/notes.md
  - source: tasks/report.py
    name: broken
    product: output/broken.html
    nbconvert_export_kwargs: {template_name: no-such-template}
  - source: tasks/paper.py
    product: output/paper.pdf
  - source: tasks/export.py
    class: ScriptRunner
    params: {rows: 3}
    product: output/export.csv
`;

const hasXelatex = () =>
  new Deno.Command("sh", { args: ["-c", "command -v xelatex"], stdout: "null" }).outputSync().success;

Deno.test("notebook products are converted by nbconvert; a ScriptRunner task keeps no notebook", async () => {
  await using p = await projectOf({
    "pipeline.yaml": PIPELINE,
    "tasks/report.py": REPORT_PY,
    "tasks/paper.py": PAPER_PY,
    "tasks/export.py": EXPORT_PY,
  });
  const run = await buildIn(p.dir, { python: PYTHON });
  for (const name of ["report", "tagged", "notes", "export"]) {
    assertEquals(run.outcome(name), "ran", `${name}: ${JSON.stringify(run.summary.tasks)}`);
  }
  const read = (rel: string) => Deno.readTextFile(`${p.dir}/output/${rel}`);

  const report = await read("report.html");
  assertMatch(report, /<table[\s\S]*<td[^>]*>Oslo<\/td>/); // the Markdown table, as nbconvert renders it
  assertMatch(report, /<blockquote>/);
  assertStringIncludes(report, "OUTPUT_MARK_kept");
  assert(!report.includes("INPUT_MARK_"), "exclude_input leaves no input code");

  const tagged = await read("tagged.html");
  assertStringIncludes(tagged, "INPUT_MARK_"); // inputs kept
  assertStringIncludes(tagged, "OUTPUT_MARK_kept");
  assert(!tagged.includes("OUTPUT_MARK_removed"), "the cell tagged remove is gone");

  const notes = await read("notes.md");
  assertMatch(notes, /^\| city \| people \|$/m);
  assertMatch(notes, /```python\nshown = "INPUT_MARK_" \+ "shown"/);
  assertMatch(notes, /^ {4}OUTPUT_MARK_kept$/m);

  // A conversion that fails fails the task, and keeps the executed notebook beside the product.
  const broken = run.summary.tasks.find((t) => t.name === "broken")!.failure!;
  assertMatch(
    broken.message,
    /^Cannot convert the notebook to ".*output\/broken\.html" \(nbconvert "html"\): .*no-such-template/,
  );
  assertEquals(broken.notebook, "output/broken.html.ipynb");
  assertStringIncludes(await read("broken.html.ipynb"), "OUTPUT_MARK_kept");

  assertEquals(await read("export.csv"), "i\n0\n1\n2\n"); // rows=3 injected
  assertEquals(
    [...Deno.readDirSync(`${p.dir}/output`)].filter((e) => e.name.endsWith(".ipynb")).map((e) => e.name),
    [
      "broken.html.ipynb", // only the failed conversion's; the ScriptRunner task keeps none
    ],
  );

  if (hasXelatex()) {
    assertEquals(run.outcome("paper"), "ran");
    assertEquals(
      (await Deno.readFile(`${p.dir}/output/paper.pdf`)).subarray(0, 4),
      new TextEncoder().encode("%PDF"),
    );
  } else {
    const failure = run.summary.tasks.find((t) => t.name === "paper")!.failure!;
    assertMatch(
      failure.message,
      /"output\/paper\.pdf" with nbconvert's "pdf" exporter: xelatex (and pandoc )?(is|are) missing/,
    );
    assertMatch(failure.traceback!.join("\n"), /install XeLaTeX \(Debian: apt-get install texlive-xetex/);
    // Checked before the task ran: its first cell never wrote its mark.
    assertEquals(await Deno.stat(`${p.dir}/output/paper-ran.txt`).then(() => true, () => false), false);
  }

  const again = await buildIn(p.dir, { python: PYTHON });
  assertEquals(again.started.filter((n) => n !== "broken" && (n !== "paper" || hasXelatex())), []);
});

const SLEEP_PY = `# %% tags=["parameters"]
upstream = None
product = None

# %%
print("started")

# %%
import signal, time
if IGNORE_SIGINT:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
time.sleep(60)

# %%
print("never")
`;

const TIMEOUT_PIPELINE = `executor: parallel
tasks:
  - source: tasks/polite.py
    product: output/polite.ipynb
    papermill_params: {execution_timeout: 1}
  - source: tasks/stubborn.py
    product: output/stubborn.html
    timeout: 1
  - source: tasks/quick.py
    product: output/quick.ipynb
    timeout: 30
  - source: fns.slow
    product: output/slow.txt
    timeout: 1
`;

Deno.test("a cell over the time limit fails its task with that reason; a kernel that ignores it is killed", async () => {
  await using p = await projectOf({
    "pipeline.yaml": TIMEOUT_PIPELINE,
    "tasks/polite.py": SLEEP_PY.replace("IGNORE_SIGINT", "False"),
    "tasks/stubborn.py": SLEEP_PY.replace("IGNORE_SIGINT", "True"),
    "tasks/quick.py": SLEEP_PY.replace(/# %%\nimport signal[\s\S]*time.sleep\(60\)\n/, ""),
    "fns.py": "import time\n\ndef slow(product):\n    time.sleep(60)\n",
  });
  const t0 = Date.now();
  const run = await buildIn(p.dir, { python: PYTHON });
  assert(Date.now() - t0 < 50_000, "the sleeping cells were cut short");
  assertEquals(run.outcome("quick"), "ran");
  for (const name of ["polite", "stubborn"]) {
    const failure = run.summary.tasks.find((t) => t.name === name)!.failure!;
    assertEquals(
      failure.message,
      "cell 4 exceeded the task's time limit of 1 s (timeout / papermill execution_timeout)",
    );
  }
  assertEquals(
    run.summary.tasks.find((t) => t.name === "slow")!.failure!.message,
    "function fns.slow exceeded the task's time limit of 1 s (timeout / papermill execution_timeout)",
  );
  // The partial notebooks are kept: the first cell's output, the interrupted cell, nothing after it.
  const nb = JSON.parse(await Deno.readTextFile(`${p.dir}/output/polite.ipynb`));
  const text = (c: { outputs?: Array<{ text?: string[]; ename?: string }> }) =>
    (c.outputs ?? []).map((o) => [o.text ?? o.ename ?? ""].flat().join("")).join("");
  assertEquals(nb.cells.slice(2).map(text), ["started\n", "KeyboardInterrupt", ""]);
  const html = await Deno.readTextFile(`${p.dir}/output/stubborn.html`); // converted after its kernel was killed
  assertStringIncludes(html, "started");
  assert(!html.includes("never</"), "the cell after the time limit never ran");
});
