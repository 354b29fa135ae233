/**
 * Memory stays bounded whatever a task prints: a cell's output is capped (first and last half of
 * the limit, a note between), so a task printing 200 MB neither fills plait's memory nor the notebook.
 *
 *   big      (prints 200 MB, 1 MB a flush, then "the last line")
 */
import { assert, assertEquals, assertMatch } from "./_assert.ts";
import { nbformatErrors, projectOf, REPO } from "./_helpers.ts";
import { path } from "../../src/util/mod.ts";

const BIG = `# %%
import sys
chunk = ("x" * 99 + "\\n") * 10_000
for i in range(200):
    sys.stdout.write(chunk)
    sys.stdout.flush()
print("the last line")
`;

Deno.test("a task printing 200 MB: the build's peak memory stays far below it, the notebook keeps 10 MB and a note", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: big.py\n    product: out/big.ipynb\n",
    "big.py": BIG,
  });
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", path.join(REPO, "tests/build/_peak_build.ts"), project.dir],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert(out.success, text + new TextDecoder().decode(out.stderr));
  const { ok, hwmKb } = JSON.parse(text.trim().split("\n").at(-1)!);
  assertEquals(ok, true);
  // 200 MB went through; before the cap the build peaked at 2.7 GB. Measured here: 220-300 MB.
  assert(hwmKb < 450_000, `peak resident memory ${hwmKb} kB`);
  const file = path.join(project.dir, "out/big.ipynb");
  assert(
    (await Deno.stat(file)).size < 12_000_000,
    "the notebook holds more than the limit (10 MB of text, JSON-quoted)",
  );
  assertEquals(await nbformatErrors(file), "");
  const cells = JSON.parse(await Deno.readTextFile(file)).cells;
  const outputs = cells.find((c: { outputs?: unknown[] }) => c.outputs?.length).outputs;
  const texts = outputs.map((o: { text: string[] }) => o.text.join(""));
  assertEquals(outputs.map((o: { name: string }) => o.name), ["stdout", "stderr", "stdout"]);
  assertEquals(texts[0].length, 5_000_000);
  assertMatch(
    texts[1],
    /^\n\[plait left out 190\.0 MB of output here: the notebook keeps the first and the last 5\.0 MB/,
  );
  assert(texts[2].endsWith("x\nthe last line\n"), "the end of the output is kept");
  assertEquals(texts[2].length, 5_000_000);
});
