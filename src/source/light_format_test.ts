import assert from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { injectIntoFile, removeInjectedFromFile } from "./inject_file.ts";
import { parseTaskSourceText } from "./read_task_source.ts";

type Row = [string, string, string[], number];
const LIGHT_CASES: Array<{ name: string; text: string; cells: Row[] }> = [
  {
    name: "explicit cells with tags, up to # - or the next # +",
    text: '# + tags=["parameters"]\nupstream = None\n\nproduct = None\n# -\n\nx = 1\n\n# +\ny = 2\n\nz = 3\n',
    cells: [
      ["code", "upstream = None\n\nproduct = None", ["parameters"], 2],
      ["code", "x = 1", [], 7],
      ["code", "y = 2\n\nz = 3", [], 10],
    ],
  },
  {
    name: "a comment paragraph is markdown, a comment on code stays code",
    text: "# A title\n# more\n\n# about x\nx = 1\n",
    cells: [["markdown", "A title\nmore", [], 1], ["code", "# about x\nx = 1", [], 4]],
  },
  {
    name: "blank lines inside a def, brackets, a multi-line string or before else do not split",
    text:
      'def f():\n    a = 1\n\n    return a\n\nd = {\n\n}\ns = """\n\nx"""\nif d:\n    pass\n\nelse:\n    pass\n',
    cells: [
      ["code", "def f():\n    a = 1\n\n    return a", [], 1],
      ["code", 'd = {\n\n}\ns = """\n\nx"""\nif d:\n    pass\n\nelse:\n    pass', [], 6],
    ],
  },
  {
    name: "explicit markdown and raw cells, commented or triple-quoted",
    text:
      '# + [markdown] tags=["note"]\n# Hello\n# -\n\n# + [markdown]\n"""\nQuoted\n"""\n\n# + [raw]\n# raw text\n',
    cells: [["markdown", "Hello", ["note"], 2], ["markdown", "Quoted", [], 6], ["raw", "raw text", [], 11]],
  },
  {
    name: "free text after # + is a comment, not a cell marker",
    text: "x = 1\n# + add the offsets\ny = 2\n",
    cells: [["code", "x = 1\n# + add the offsets\ny = 2", [], 1]],
  },
  {
    name: "a YAML header is skipped",
    text: "# ---\n# jupyter:\n#   kernelspec:\n#     name: python3\n# ---\n\n# +\nx = 1\n",
    cells: [["code", "x = 1", [], 8]],
  },
];

for (const c of LIGHT_CASES) {
  Deno.test(`parseTaskSourceText() reads the light format: ${c.name}`, () => {
    const src = parseTaskSourceText(c.text, "t.py");
    assert.deepEqual(src.cells.map((x) => [x.cellType, x.source, x.tags, x.line]), c.cells);
  });
}

const BAD: Array<{ name: string; text: string; at: string; message: RegExp }> = [
  {
    name: "percent and light markers mixed",
    text: '# %%\nx = 1\n# + tags=["parameters"]\nupstream = None\n',
    at: "t.py:3:1",
    message: /mixes percent \("# %%", line 1\) and light \("# \+", line 3\)/,
  },
  {
    name: "tags that are not JSON",
    text: "# %% tags=[parameters]\nupstream = None\n",
    at: "t.py:1:6",
    message: /tags=\[parameters\] is not valid JSON/,
  },
  {
    name: "tags that are not a list",
    text: '# + tags="parameters"\nupstream = None\n',
    at: "t.py:1:5",
    message: /tags="parameters" is not a list of strings/,
  },
  {
    name: "a mis-spelt parameters marker",
    text: '# %%\nimport os\n\n#+tags=["parameters"]\nupstream = None\n',
    at: "t.py:4:1",
    message: /line 4 \("#\+tags=\["parameters"\]"\) looks like a parameters cell marker/,
  },
  {
    name: "no parameters cell but an upstream assignment the injected values would lose to",
    text: "import os\n\nupstream = None\nproduct = None\n",
    at: "t.py:3:1",
    message: /assigns `upstream` but no cell is tagged "parameters"/,
  },
];

for (const c of BAD) {
  Deno.test(`parseTaskSourceText() rejects a script it cannot split reliably: ${c.name}`, () => {
    assert.throws(() => parseTaskSourceText(c.text, "t.py"), (e: unknown) => {
      assert.ok(e instanceof SpecError);
      assert.ok(e.message.startsWith(c.at + ": "), e.message);
      assert.match(e.message, c.message);
      assert.match(e.message, /hint: /);
      return true;
    });
  });
}

Deno.test("nb --inject writes a light-format cell after the parameters cell, --remove restores the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/t.py`;
    const original = '# + tags=["parameters"]\nupstream = None\nproduct = None\n# -\n\nprint(product)\n';
    await Deno.writeTextFile(file, original);
    assert.equal(await injectIntoFile(file, { upstream: null, product: "out/t.ipynb" }), true);
    const injected = await Deno.readTextFile(file);
    const src = parseTaskSourceText(injected, file);
    assert.deepEqual(src.cells.map((c) => c.tags), [["parameters"], ["injected-parameters"], []]);
    assert.match(src.cells[1].source, /^product = "out\/t\.ipynb"$/m);
    assert.equal(src.cells[2].source, "print(product)");
    assert.equal(await injectIntoFile(file, { upstream: null, product: "out/t.ipynb" }), false);
    assert.equal(await removeInjectedFromFile(file), true);
    assert.equal(await Deno.readTextFile(file), original);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
