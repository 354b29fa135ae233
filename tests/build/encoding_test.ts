/**
 * Task sources are bytes: read as Python reads them (UTF-8, or a PEP 263 declared encoding), never
 * with U+FFFD put in place of bytes that do not decode, and fingerprinted by what they hold.
 *
 *   task      (one script)
 */
import { assertEquals, assertMatch } from "./_assert.ts";
import { plait, projectOf, PYTHON } from "./_helpers.ts";
import { path } from "../../src/util/mod.ts";

const HEAD = '# %% tags=["parameters"]\nupstream = None\nproduct = None\n\n# %%\nimport json\n';
const enc = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => typeof p === "string" ? [...enc(p)] : p));

const PIPELINE =
  "tasks:\n  - source: task.py\n    product:\n      nb: out/task.ipynb\n      data: out/task.json\n";

Deno.test("a source with bytes that are not UTF-8 is a located error (exit 2), as Python rejects it", async () => {
  await using project = await projectOf({ "pipeline.yaml": PIPELINE });
  const file = path.join(project.dir, "task.py");
  await Deno.writeFile(file, concat(HEAD, 'word = "caf', [0xe9], '"\n'));
  const python = await new Deno.Command(PYTHON, { args: [file], stderr: "piped" }).output();
  assertMatch(new TextDecoder().decode(python.stderr), /SyntaxError: Non-UTF-8 code starting with '\\xe9'/);
  const run = await plait(["build", "-e", project.dir]);
  assertEquals(run.code, 2, run.stdout + run.stderr);
  assertMatch(run.stderr, /task\.py:7:12: Cannot read task source ".*task\.py": byte 0xe9 is not UTF-8/);
  assertMatch(run.stderr, /hint: save the file as UTF-8, or declare its encoding/);
});

Deno.test("a source declaring latin-1 runs with its text; changing only a non-ASCII byte re-runs it", async () => {
  await using project = await projectOf({ "pipeline.yaml": PIPELINE });
  const file = path.join(project.dir, "task.py");
  const source = (byte: number) =>
    concat(
      "# -*- coding: latin-1 -*-\n",
      HEAD,
      'word = "caf',
      [byte],
      '"\n',
      'json.dump({"word": word}, open(product["data"], "w"))\n',
    );
  await Deno.writeFile(file, source(0xe9));
  const first = await plait(["build", "-e", project.dir]);
  assertEquals(first.code, 0, first.stdout + first.stderr);
  assertEquals(JSON.parse(await Deno.readTextFile(path.join(project.dir, "out/task.json"))), {
    word: "caf\u00e9",
  });
  await Deno.writeFile(file, source(0xe8));
  const second = await plait(["build", "-e", project.dir]);
  assertEquals(second.code, 0, second.stdout + second.stderr);
  assertMatch(second.stdout, /^run {2}task \(source changed/m);
  assertEquals(JSON.parse(await Deno.readTextFile(path.join(project.dir, "out/task.json"))), {
    word: "caf\u00e8",
  });
});
