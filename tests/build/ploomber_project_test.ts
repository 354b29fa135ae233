/**
 * A Ploomber project written the way real ones are (tests/fixtures/build/ploomber_project): function
 * tasks with upstream, `ploomber.io` serializer decorators, a hook taking `task`/`client`, a dict-form
 * computed param read from a file, a light-format script over an uneven grid list, and an `.html`
 * product with `exclude_input`. Built three times: full, no-op, then after the computed param's file
 * changed.
 */
import { assert, assertEquals, assertStringIncludes } from "./_assert.ts";
import { fixture, plait } from "./_helpers.ts";

Deno.test("a Ploomber-style project builds unmodified, is a no-op the second time, and follows its computed param", async () => {
  await using copy = await fixture("ploomber_project");
  const json = async (rel: string) => JSON.parse(await copy.read(rel));
  const full = await plait(["build", "-e", copy.dir]);
  assertEquals(full.code, 0, full.stdout + full.stderr);
  assertStringIncludes(full.stdout, "5 ran");
  assertEquals(await json("out/load.json"), { index: 1, values: [1, 2, 3] });
  assertEquals(await json("out/double.json"), { index: 1, doubled: [2, 4, 6] });
  assertEquals(
    await copy.read("out/hook.txt"),
    "double client=None upstream=['load'] out/load.json out/double.json",
  );
  // Grid products where Ploomber 0.23 writes them; a placeholder a grid block lacks renders empty.
  assertEquals(await json("out/fit-rf-0.json"), {
    model: "rf",
    criterion: "gini",
    learning_rate: 0.1,
    score: 12,
  });
  assertEquals(await json("out/fit-ada-1.json"), {
    model: "ada",
    criterion: "none",
    learning_rate: 1,
    score: 12,
  });
  assertEquals(Object.keys(await json("out/summary.json")), ["fit-ada-1", "fit-rf-gini"]);
  const html = await copy.read("out/report.html");
  assert(html.includes("REPORT_OF fit-ada-1, fit-rf-gini"), "the report's output is in the HTML");
  assert(!html.includes("json.dump(rows"), "exclude_input leaves the code out");

  const noop = await plait(["build", "-e", copy.dir]);
  assertEquals(noop.code, 0, noop.stdout + noop.stderr);
  assertStringIncludes(noop.stdout, "Everything is up to date (5 tasks");

  await copy.write("index.json", '{"index": 10}');
  const changed = await plait(["build", "-e", copy.dir]);
  assertEquals(changed.code, 0, changed.stdout + changed.stderr);
  assertStringIncludes(changed.stdout, "run  load (params changed)");
  assertStringIncludes(changed.stdout, "5 ran");
  assertEquals(await json("out/double.json"), { index: 10, doubled: [20, 22, 24] });
  assertEquals((await json("out/summary.json"))["fit-rf-gini"].score, 66);
});
