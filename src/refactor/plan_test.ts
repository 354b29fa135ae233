import { deepStrictEqual as assertEquals, ok, rejects } from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { analyzeSections, type PipelinePlan, planPipeline, splitSections } from "./mod.ts";
import { cells } from "./_test_helpers.ts";

/** Splits, analyses with the real Python, plans. */
async function plan(...sources: string[]): Promise<PipelinePlan> {
  const sections = splitSections(cells(...sources));
  return planPipeline(sections, await analyzeSections(sections), "nb.ipynb");
}

async function planError(...sources: string[]): Promise<string> {
  let message = "";
  await rejects(plan(...sources), (e) => {
    ok(e instanceof SpecError, String(e));
    message = e.message;
    return true;
  });
  return message;
}

const flow = (p: PipelinePlan) =>
  p.tasks.map((t) => ({ name: t.name, in: t.inputs.map((i) => `${i.from}.${i.name}`), out: t.outputs }));

Deno.test("planPipeline() takes each variable from the nearest earlier section that defines it", async () => {
  const p = await plan(
    "md:## A",
    "x = 1\ny = 2\nunused = 3",
    "md:## B",
    "x = x + y",
    "md:## C",
    "print(x, y)",
  );
  assertEquals(flow(p), [
    { name: "a", in: [], out: ["x", "y"] },
    { name: "b", in: ["a.x", "a.y"], out: ["x"] },
    { name: "c", in: ["a.y", "b.x"], out: [] },
  ]);
  assertEquals(p.tasks.map((t) => t.upstream), [[], ["a"], ["a", "b"]]);
});

Deno.test("planPipeline() treats a mutation (method call, item or attribute assignment) as a new definition", async () => {
  const p = await plan(
    "md:## A",
    "items = [1]\nd = {}\nmodel = object()",
    "md:## B",
    "items.append(2)\nd['k'] = 1\nprint(model)",
    "md:## C",
    "print(items, d, model)",
  );
  assertEquals(flow(p)[2], { name: "c", in: ["a.model", "b.items", "b.d"], out: [] });
});

Deno.test("planPipeline() ignores imports, builtins, functions, classes, comprehension and lambda variables", async () => {
  const p = await plan(
    "md:## A",
    "import numpy as np\nfrom os import path as osp\ndef f(a):\n    return np.sum(a)\nclass K:\n    pass\nn = 3",
    "md:## B",
    "vals = [f([i, n]) for i in range(n)]\ng = lambda q: q + 1\nprint(len(vals), osp.sep, K(), g(2))",
  );
  assertEquals(flow(p)[1], { name: "b", in: ["a.n"], out: [] });
  assertEquals(p.tasks[1].exported, ["f", "K"]);
  assertEquals(p.tasks[1].imports, ["from os import path as osp"]);
  assertEquals(p.tasks[0].imports, []);
  ok(p.exported?.includes("import numpy as np\n\n\ndef f(a):"), p.exported);
});

Deno.test("planPipeline() reads variables through IPython magics and shell escapes", async () => {
  const p = await plan(
    "md:## A",
    "%matplotlib inline\nfiles = !ls\n%time total = len(files)",
    "md:## B",
    "%%capture captured\nprint(total)\n!echo hi",
    "md:## C",
    "print(captured, total)",
  );
  assertEquals(flow(p), [
    { name: "a", in: [], out: ["total"] },
    { name: "b", in: ["a.total"], out: ["captured"] },
    { name: "c", in: ["a.total", "b.captured"], out: [] },
  ]);
  ok(p.tasks[0].cells[1].source.startsWith("%matplotlib inline\nfiles = !ls"), "magics are kept verbatim");
});

Deno.test("planPipeline() reports a name used before any section defines it, with the cell and line", async () => {
  const message = await planError("md:## A", "x = 1", "md:## B", "print(x)\nprint(yy)", "md:## C", "yy = 2");
  ok(message.includes('nb.ipynb:cell 4:line 2:col 7: Cannot refactor section "b": it uses "yy"'), message);
  ok(message.includes('first defined in section "c"'), message);
  const typo = await planError("md:## A", "counter = 1", "md:## B", "print(countr)");
  ok(typo.includes('did you mean "counter"?'), typo);
});

Deno.test("planPipeline() reports functions reading globals, star imports and syntax errors at once", async () => {
  const message = await planError(
    "md:## A",
    "from os.path import *\nSEED = 1",
    "md:## B",
    "def f(a):\n    return a + SEED",
    "x = (1,",
  );
  ok(message.includes('nb.ipynb:cell 2:line 1:col 1: "from os.path import *" hides which names'), message);
  ok(
    message.includes('nb.ipynb:cell 4:line 2:col 16: function "f" reads the global variable "SEED"'),
    message,
  );
  ok(message.includes('hint: pass "SEED" as an argument (def f(..., SEED))'), message);
  ok(message.includes("nb.ipynb:cell 5:line 1"), message);
  ok(message.includes("invalid Python"), message);
});

Deno.test("planPipeline() refuses variables named like the injected upstream and product", async () => {
  const message = await planError("md:## A", "product = 3", "md:## B", "print(product)");
  ok(message.includes('it defines "product", a name plait\'s tasks reserve'), message);
});

Deno.test("planPipeline() repeats set-up calls on imported modules from before the first heading in every task", async () => {
  const p = await plan(
    "import warnings\nimport numpy as np\nimport pandas as pd\nwarnings.filterwarnings('ignore')\n" +
      "np.random.seed(0)\npd.options.display.width = 120\nbase = np.zeros(2)\nprint(base)",
    "md:## A",
    "x = np.random.rand()",
    "md:## B",
    "print(x, base)",
  );
  const setup = ["warnings.filterwarnings('ignore')", "np.random.seed(0)", "pd.options.display.width = 120"];
  for (const task of p.tasks) {
    assertEquals(task.setup, setup);
    assertEquals(task.imports, ["import warnings", "import numpy as np", "import pandas as pd"]);
  }
  assertEquals(p.tasks[0].cells[0].source, "base = np.zeros(2)\nprint(base)", "set-up lines leave the cell");
  assertEquals(flow(p)[1], { name: "b", in: ["a.x", "a.base"], out: [] });
});
