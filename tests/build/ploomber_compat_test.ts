/**
 * Project code that imports Ploomber's runtime helpers runs without Ploomber installed: plait puts
 * its compatibility package (`ploomber.io`, `ploomber.exceptions`) on the kernel's path, and only
 * when no real `ploomber` is importable there.
 *
 *   numbers --> split --> folder --> report        other_import
 */
import { assertEquals, assertStringIncludes } from "./_assert.ts";
import { buildIn, fixture, projectOf } from "./_helpers.ts";

Deno.test("a DAG-level serializer made with ploomber.io's decorators writes and reads dict and folder products", async () => {
  await using copy = await fixture("ploomber_io");
  const run = await buildIn(copy.dir, { partially: "report" });
  assertEquals(run.summary.ok, true, JSON.stringify(run.summary.tasks.map((t) => t.failure)));
  assertEquals(run.started, ["numbers", "split", "folder", "report"]);
  assertEquals(JSON.parse(await copy.read("out/numbers.json")), [1, 2, 3, 4, 5]);
  // a dict product: one file a key, each by its extension
  assertEquals(JSON.parse(await copy.read("out/evens.json")), [2, 4]);
  assertEquals(await copy.read("out/note.txt"), "5 numbers");
  // a folder product (unpack=True): .json and .txt by the defaults, the rest pickled (fallback=True)
  const files = [...Deno.readDirSync(copy.file("out/parts"))].map((e) => e.name).sort();
  assertEquals(files, ["evens.json", "note.txt", "odd.pkl"]);
  assertEquals(JSON.parse(await copy.read("out/parts/evens.json")), [2, 4]);
  // read back through the unserializer: the folder as a dict of its files, the pickle unpickled
  assertEquals(JSON.parse(await copy.read("out/report.json")), [
    ["evens.json", "note.txt", "odd.pkl"],
    [1, 3, 5],
    "5 numbers",
  ]);
  assertEquals((await buildIn(copy.dir, { partially: "report" })).started, []);
});

Deno.test("importing a part of ploomber the compatibility package lacks fails with a message naming plait", async () => {
  await using copy = await fixture("ploomber_io");
  const run = await buildIn(copy.dir, { partially: "other_import" });
  const failure = run.summary.tasks[0].failure!;
  assertEquals(failure.ename, "ImportError");
  assertStringIncludes(failure.evalue!, "ploomber.products is not available");
  assertStringIncludes(failure.evalue!, "plait's compatibility package");
});

Deno.test("a ploomber importable in the kernel's environment is used, not plait's", async () => {
  await using p = await projectOf({
    "pipeline.yaml": "tasks:\n  - {source: fns.which, product: out/which.txt}\n",
    "fns.py": "from pathlib import Path\nimport ploomber\n\n\ndef which(product):\n" +
      "    Path(product).write_text(ploomber.WHO)\n",
    "ploomber/__init__.py": 'WHO = "the project\'s own"\n',
  });
  const run = await buildIn(p.dir);
  assertEquals(run.summary.ok, true, JSON.stringify(run.summary.tasks.map((t) => t.failure)));
  assertEquals(await Deno.readTextFile(`${p.dir}/out/which.txt`), "the project's own");
});
