/**
 * Jupytext's light format through real kernels:
 *
 *   load (light, n from params)  -->  total (light, reads load's product)
 */
import { SpecError } from "../../src/errors/mod.ts";
import { loadPipeline } from "../../src/project/mod.ts";
import { assert, assertEquals, assertMatch } from "./_assert.ts";
import { buildIn, projectOf, PYTHON } from "./_helpers.ts";

const LOAD_PY = `# # Load
# Writes n numbers, one a line.

# + tags=["parameters"]
upstream = None
product = None
n = 0
# -

# +
from pathlib import Path

Path(product["data"]).write_text("\\n".join(str(i) for i in range(n)))
`;

const TOTAL_PY = `# + tags=["parameters"]
upstream = ["load"]
product = None
# -

from pathlib import Path
numbers = [int(x) for x in Path(upstream["load"]["data"]).read_text().split()]


def total(xs):
    out = 0

    for x in xs:
        out += x
    return out


Path(product["data"]).write_text(f"{total(numbers)} from {len(numbers)}")
`;

const PIPELINE = `tasks:
  - source: tasks/load.py
    params: {n: 5}
    product: {nb: output/load.ipynb, data: output/numbers.txt}
  - source: tasks/total.py
    product: {nb: output/total.ipynb, data: output/total.txt}
`;

Deno.test("light-format scripts get their upstream, injected values and code-only fingerprint", async () => {
  await using p = await projectOf({
    "pipeline.yaml": PIPELINE,
    "tasks/load.py": LOAD_PY,
    "tasks/total.py": TOTAL_PY,
  });
  const first = await buildIn(p.dir, { python: PYTHON });
  assertEquals(first.summary.ok, true, JSON.stringify(first.summary.tasks.map((t) => t.failure)));
  assertEquals(first.started, ["load", "total"]); // total waits: its upstream came from the `# +` cell
  assertEquals(await Deno.readTextFile(`${p.dir}/output/total.txt`), "10 from 5"); // n=5 injected, not 0
  const nb = JSON.parse(await Deno.readTextFile(`${p.dir}/output/load.ipynb`));
  assertEquals(
    nb.cells.map((c: { cell_type: string; metadata: { tags?: string[] } }) =>
      `${c.cell_type}:${c.metadata.tags ?? ""}`
    ),
    ["markdown:", "code:parameters", "code:injected-parameters", "code:"],
  );
  assertEquals([nb.cells[0].source].flat().join(""), "# Load\nWrites n numbers, one a line.");

  await Deno.writeTextFile(`${p.dir}/tasks/load.py`, LOAD_PY.replace("one a line", "one per line"));
  assertEquals((await buildIn(p.dir, { python: PYTHON })).started, []); // markdown only: up to date
  await Deno.writeTextFile(`${p.dir}/tasks/total.py`, TOTAL_PY.replace("out += x", "out += 2 * x"));
  const again = await buildIn(p.dir, { python: PYTHON });
  assertEquals(again.started, ["total"]);
  assertEquals(await Deno.readTextFile(`${p.dir}/output/total.txt`), "20 from 5");
});

Deno.test("a script with a mis-spelt light parameters marker stops the load with its location", async () => {
  await using p = await projectOf({
    "pipeline.yaml": PIPELINE,
    "tasks/load.py": LOAD_PY.replace('# + tags=["parameters"]', '# + tag=["parameters"]'),
    "tasks/total.py": TOTAL_PY,
  });
  const err = await loadPipeline({ entry: p.dir }).then(() => undefined, (e) => e);
  assert(err instanceof SpecError, String(err));
  assertMatch(
    err.message,
    /tasks\/load\.py:4:1: Cannot find the parameters cell .* looks like a parameters cell marker/,
  );
});
