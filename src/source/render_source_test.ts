import assert from "node:assert/strict";
import { path } from "../util/mod.ts";
import { parseTaskSourceText, readTaskSource } from "./read_task_source.ts";
import { renderIpynbSource, renderPercentSource } from "./render_source.ts";

const FIXTURES = path.join(path.dirname(path.fromFileUrl(import.meta.url)), "../../tests/fixtures/source");
const strip = (cells: { cellType: string; source: string; tags: string[]; metadata: unknown }[]) =>
  cells.map(({ cellType, source, tags, metadata }) => ({ cellType, source, tags, metadata }));

Deno.test("renderPercentSource() output parses back to the same cells", async () => {
  for (const name of ["clean.py", "fit.ipynb"]) {
    const src = await readTaskSource(path.join(FIXTURES, name));
    const again = parseTaskSourceText(renderPercentSource(src.cells), "x.py");
    assert.deepEqual(strip(again.cells), strip(src.cells), name);
  }
});

Deno.test("renderIpynbSource() output parses back and is valid for real nbformat", async () => {
  const src = await readTaskSource(path.join(FIXTURES, "clean.py"));
  const text = renderIpynbSource(src.cells, { kernelName: "python3" });
  assert.deepEqual(strip(parseTaskSourceText(text, "x.ipynb").cells), strip(src.cells));
  const dir = await Deno.makeTempDir({ prefix: "plait_render_" });
  try {
    const file = path.join(dir, "x.ipynb");
    await Deno.writeTextFile(file, text);
    const script = "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))";
    const out = await new Deno.Command("/usr/bin/python3", { args: ["-c", script, file], stderr: "piped" })
      .output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
