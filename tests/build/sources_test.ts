/**
 * An `.ipynb` task source, a folder product, and `--python`, with real kernels:
 *
 *   make (.ipynb, writes the folder output/parts/)  -->  count (.py, reads the folder)
 */
import { assertEquals } from "./_assert.ts";
import { buildIn, nbformatErrors, PYTHON } from "./_helpers.ts";

const cell = (cell_type: string, source: string, tags: string[] = []) => ({
  cell_type,
  metadata: tags.length ? { tags } : {},
  source,
  ...(cell_type === "code" ? { outputs: [], execution_count: null } : {}),
});

const MAKE_NB = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
  cells: [
    cell("markdown", "# Make the parts"),
    cell("code", "upstream = None\nproduct = None\nn = 2", ["parameters"]),
    cell(
      "code",
      'from pathlib import Path\nparts = Path(product["parts"])\nparts.mkdir(parents=True, exist_ok=True)\n' +
        'for i in range(n):\n    (parts / f"part-{i}.txt").write_text(str(i))\nprint(f"{n} parts")',
    ),
  ].map((c, i) => ({ id: `c${i}`, ...c })),
};

const COUNT_PY = `# %% tags=["parameters"]
upstream = ["make"]
product = None

# %%
from pathlib import Path
files = sorted(Path(upstream["make"]["parts"]).iterdir())
Path(product["data"]).write_text(str(sum(int(f.read_text()) for f in files)))
`;

Deno.test("an .ipynb source runs, a folder product is fingerprinted by content, --python is used", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_sources_" });
  try {
    await Deno.mkdir(`${dir}/tasks`);
    await Deno.writeTextFile(`${dir}/tasks/make.ipynb`, JSON.stringify(MAKE_NB, null, 1));
    await Deno.writeTextFile(`${dir}/tasks/count.py`, COUNT_PY);
    await Deno.writeTextFile(
      `${dir}/pipeline.yaml`,
      [
        "tasks:",
        "  - source: tasks/make.ipynb",
        "    params: {n: 4}",
        "    product: {nb: output/make.ipynb, parts: output/parts}",
        "  - source: tasks/count.py",
        "    product: {nb: output/count.ipynb, data: output/count.txt}",
      ].join("\n"),
    );
    const first = await buildIn(dir, { python: PYTHON });
    assertEquals(first.summary.ok, true, JSON.stringify(first.summary.tasks.map((t) => t.failure)));
    assertEquals(first.started, ["make", "count"]);
    assertEquals(await Deno.readTextFile(`${dir}/output/count.txt`), "6"); // 0+1+2+3: n came from params
    assertEquals(await nbformatErrors(`${dir}/output/make.ipynb`), "");
    const nb = JSON.parse(await Deno.readTextFile(`${dir}/output/make.ipynb`));
    assertEquals(nb.cells.map((c: { metadata: { tags?: string[] } }) => c.metadata.tags?.[0] ?? ""), [
      "",
      "parameters",
      "injected-parameters",
      "",
    ]);
    assertEquals([nb.cells[3].outputs[0].text].flat().join(""), "4 parts\n");

    assertEquals((await buildIn(dir, { python: PYTHON })).started, []);
    await Deno.writeTextFile(`${dir}/output/parts/part-3.txt`, "30"); // edited by hand
    const again = await buildIn(dir, { python: PYTHON });
    assertEquals(again.started, ["make"]); // its rewrite restores identical parts: count stays up to date
    assertEquals(again.reasons("make"), ["product output/parts changed by hand"]);
    assertEquals(await Deno.readTextFile(`${dir}/output/count.txt`), "6");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
