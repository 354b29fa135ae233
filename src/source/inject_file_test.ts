import assert from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";
import { injectIntoFile, removeInjectedFromFile } from "./inject_file.ts";
import { parseTaskSourceText, readTaskSource } from "./read_task_source.ts";

const FIXTURES = path.join(path.dirname(path.fromFileUrl(import.meta.url)), "../../tests/fixtures/source");
const VALUES = {
  upstream: { load: "output/raw.csv" },
  product: { nb: "output/clean.ipynb" },
  threshold: 0.7,
};

async function withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "plait_source_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const PY_CASES: Array<[string, string]> = [
  ["the jupytext fixture", ""],
  [
    "parameters as the last cell with a trailing newline",
    '# %%\nimport os\n\n# %% tags=["parameters"]\nupstream = None\n',
  ],
  ["parameters as the last cell without a trailing newline", '# %% tags=["parameters"]\nupstream = None'],
  ["CRLF line endings", '# %% tags=["parameters"]\r\nupstream = None\r\n\r\n# %%\r\nx = 1\r\n'],
  ["no blank line between cells", '# %% tags=["parameters"]\nupstream = None\n# %%\nx = 1\n'],
];

for (const [name, content] of PY_CASES) {
  Deno.test(`injectIntoFile() and removeInjectedFromFile() round-trip a .py byte for byte: ${name}`, async () => {
    await withTemp(async (dir) => {
      const file = path.join(dir, "task.py");
      const original = content || await Deno.readTextFile(path.join(FIXTURES, "clean.py"));
      await Deno.writeTextFile(file, original);
      assert.equal(await injectIntoFile(file, VALUES), true);
      const src = await readTaskSource(file);
      const k = src.cells.findIndex((c) => c.tags.includes("injected-parameters"));
      assert.equal(k, src.parametersIndex + 1);
      assert.match(src.cells[k].source, /^# Parameters\nupstream = \{"load": "output\/raw.csv"\}\n/);
      assert.equal(src.cells.length, parseTaskSourceText(original, "x.py").cells.length + 1);
      assert.equal(await removeInjectedFromFile(file), true);
      assert.equal(await Deno.readTextFile(file), original);
      assert.equal(await removeInjectedFromFile(file), false);
    });
  });
}

Deno.test("injectIntoFile() writes the cell right after the parameters cell of a .py", async () => {
  await withTemp(async (dir) => {
    const file = path.join(dir, "t.py");
    await Deno.writeTextFile(file, '# %% tags=["parameters"]\nupstream = None\n\n# %%\nx = 1\n');
    await injectIntoFile(file, { x: 2 });
    assert.equal(
      await Deno.readTextFile(file),
      '# %% tags=["parameters"]\nupstream = None\n\n# %% tags=["injected-parameters"]\n# Parameters\nx = 2\n\n# %%\nx = 1\n',
    );
  });
});

Deno.test("injectIntoFile() replaces an earlier injected cell and reports no change when equal", async () => {
  await withTemp(async (dir) => {
    const file = path.join(dir, "t.py");
    const original = '# %% tags=["parameters"]\nupstream = None\n\n# %%\nx = 1\n';
    await Deno.writeTextFile(file, original);
    await injectIntoFile(file, { x: 1 });
    assert.equal(await injectIntoFile(file, { x: 1 }), false);
    assert.equal(await injectIntoFile(file, { x: 3 }), true);
    const text = await Deno.readTextFile(file);
    assert.equal(text.match(/injected-parameters/g)?.length, 1);
    assert.match(text, /x = 3/);
    await removeInjectedFromFile(file);
    assert.equal(await Deno.readTextFile(file), original);
  });
});

Deno.test("injectIntoFile() refuses a source without a parameters cell", async () => {
  await withTemp(async (dir) => {
    const file = path.join(dir, "t.py");
    await Deno.writeTextFile(file, "# %%\nx = 1\n");
    await assert.rejects(() => injectIntoFile(file, { x: 1 }), (e: unknown) => {
      assert.ok(e instanceof SpecError);
      assert.match(e.issues[0].hint ?? "", /tags=\["parameters"\]/);
      return true;
    });
    assert.equal(await Deno.readTextFile(file), "# %%\nx = 1\n");
  });
});

Deno.test("injectIntoFile() and removeInjectedFromFile() round-trip an .ipynb byte for byte", async () => {
  await withTemp(async (dir) => {
    const file = path.join(dir, "fit.ipynb");
    const original = await Deno.readTextFile(path.join(FIXTURES, "fit.ipynb"));
    await Deno.writeTextFile(file, original);
    assert.equal(await injectIntoFile(file, VALUES), true);
    const injected = await Deno.readTextFile(file);
    assert.ok(injected.endsWith("}\n"));
    const src = await readTaskSource(file);
    assert.deepEqual(src.cells.map((c) => c.tags), [[], ["parameters"], ["injected-parameters"], []]);
    assert.match(src.cells[2].source, /^# Parameters\nupstream = /);
    assert.equal(await injectIntoFile(file, VALUES), false);
    assert.equal(await removeInjectedFromFile(file), true);
    assert.equal(await Deno.readTextFile(file), original);
  });
});

Deno.test("injectIntoFile() writes an .ipynb that nbformat validates and Jupyter would write the same", async () => {
  await withTemp(async (dir) => {
    const file = path.join(dir, "fit.ipynb");
    await Deno.copyFile(path.join(FIXTURES, "fit.ipynb"), file);
    await injectIntoFile(file, VALUES);
    const script =
      "import nbformat,sys\nnb = nbformat.read(sys.argv[1], as_version=4)\nnbformat.validate(nb)\n" +
      "sys.stdout.write(nbformat.writes(nb) + '\\n')";
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", script, file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(new TextDecoder().decode(out.stdout), await Deno.readTextFile(file));
  });
});
