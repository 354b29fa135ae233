/**
 * Upstream is read from each script's parameters cell, as Ploomber does: percent-format .py and
 * .ipynb, written as a list, tuple, dict, None, or with globs and grid group names.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { loadPipeline } from "../../src/project/mod.ts";

function percent(upstream: string): string {
  return `# %% [markdown]\n# A task\n\n# %% tags=["parameters"]\n# a comment\nupstream = ${upstream}\nproduct = None\n\n# %%\nprint(1)\n`;
}

function notebook(upstream: string): string {
  const cell = (source: string, tags: string[]) => ({
    cell_type: "code",
    execution_count: null,
    metadata: { tags },
    outputs: [],
    source,
  });
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
    cells: [
      cell("import os", []),
      cell(`upstream = ${upstream}\nproduct = None`, ["parameters"]),
      cell("print(1)", []),
    ],
  });
}

// name -> [file, upstream as written]
const SOURCES: Record<string, [string, string]> = {
  a: ["a.py", "None"],
  b: ["b.ipynb", "None"],
  c: ["c.py", '["a", "b"]'],
  d: ["d.ipynb", "('a',)"],
  e: ["e.py", "{'c': None, 'd': None}"],
  f: ["f.ipynb", '{"a": None}'],
  g: ["g.py", '["grid-*"]'],
  h: ["h.py", '["grid", "a"]'],
  grid: ["grid.py", '["a"]'],
};

Deno.test("loadPipeline() infers upstream from .py and .ipynb parameters cells: None, list, tuple, dict, globs, groups", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_upstream_" });
  try {
    await Deno.mkdir(`${dir}/tasks`);
    const lines = ["tasks:"];
    for (const [name, [file, upstream]] of Object.entries(SOURCES)) {
      await Deno.writeTextFile(
        `${dir}/tasks/${file}`,
        file.endsWith(".py") ? percent(upstream) : notebook(upstream),
      );
      if (name === "grid") {
        lines.push(`  - {source: tasks/${file}, name: grid-, product: out/grid.ipynb, grid: {k: [1, 2]}}`);
      } else lines.push(`  - {source: tasks/${file}, product: out/${name}.ipynb}`);
    }
    // A script with no parameters cell declares nothing.
    await Deno.writeTextFile(`${dir}/tasks/z.py`, "print('no parameters cell')\n");
    lines.push("  - {source: tasks/z.py, product: out/z.ipynb}");
    await Deno.writeTextFile(`${dir}/pipeline.yaml`, lines.join("\n") + "\n");
    const { pipeline } = await loadPipeline({ entry: dir });
    const upstream = Object.fromEntries(
      [...pipeline.tasks.values()].map((t) => [t.name, t.upstream.join(",")]),
    );
    assertEquals(upstream, {
      a: "",
      b: "",
      c: "a,b",
      d: "a",
      e: "c,d",
      f: "a",
      g: "grid-0,grid-1",
      h: "a,grid-0,grid-1",
      "grid-0": "a",
      "grid-1": "a",
      z: "",
    });
    assertEquals(pipeline.tasks.get("h")!.upstreamRefs.map((r) => [r.key, r.multi]), [["grid", true], [
      "a",
      false,
    ]]);
    assertEquals(pipeline.tasks.get("grid-1")!.product, "out/grid-1.ipynb");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
