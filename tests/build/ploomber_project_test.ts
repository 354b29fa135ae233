/**
 * A Ploomber project written as real ones are (tests/fixtures/build/ploomber_project), built
 * unmodified through real kernels: a light-format script with a dict-form computed param and an
 * `.html` notebook without inputs, function tasks whose upstream comes from their bodies, a grid list
 * with uneven blocks, serializer decorators from `ploomber.io` without Ploomber installed, and hooks
 * with Ploomber's arguments. A second build changes the computed param's file.
 *
 *   get --> features --> fit-rf-gini, fit-ada-1 --> summary
 */
import { assert, assertEquals, assertStringIncludes } from "./_assert.ts";
import { buildIn, fixture } from "./_helpers.ts";

Deno.test("a Ploomber project combining issue 9's features builds, re-runs on a computed param's change, and no-ops", async () => {
  await using copy = await fixture("ploomber_project");
  const first = await buildIn(copy.dir);
  assertEquals(first.summary.ok, true, JSON.stringify(first.summary.tasks.map((t) => [t.name, t.failure])));
  assertEquals(first.started.sort(), ["features", "fit-ada-1", "fit-rf-gini", "get", "summary"]);
  // the light-format script got its computed param (3, read from index.json) and wrote its rows
  assertEquals(await copy.read("out/raw.csv"), "value\n3\n6\n9\n");
  // the .html notebook: nbconvert's, with the printed output and the markdown table, without inputs
  const html = await copy.read("out/get.html");
  assertStringIncludes(html, "index is 3 so rows are [3, 6, 9]");
  assert(/<table/.test(html), "the markdown table is an HTML table");
  assert(!html.includes("write_text"), "exclude_input removed the code");
  // function tasks: upstream from the body, values through the ploomber.io serializer; grid
  // products numbered as Ploomber 0.23 numbers them (the point's index after the placeholders)
  assertEquals(JSON.parse(await copy.read("out/features.json")), { x: [3, 6, 9], twice: [6, 12, 18] });
  assertEquals(JSON.parse(await copy.read("out/fit-rf-gini-0.json")), {
    model: "rf",
    criterion: "gini",
    learning_rate: null,
    score: 36,
  });
  assertEquals(JSON.parse(await copy.read("out/fit-ada-1-1.json")).learning_rate, 1);
  assertEquals(JSON.parse(await copy.read("out/summary.json")), { rf: 36, ada: 36 });
  // the task hook: client None, product and the upstream's product through task.upstream
  assertEquals(await copy.read("out/hook.txt"), "features client=None product=out/features.json raw=9");
  assertEquals(await copy.read("out/dag.log"), "features fit-ada-1 fit-rf-gini get summary\n");

  assertEquals((await buildIn(copy.dir)).started, [], "a second build with nothing changed runs nothing");

  // the computed param's value changes: get re-runs, and so does everything its new rows reach
  await copy.edit("index.json", '{ "index": 3 }', '{ "index": 5 }');
  const second = await buildIn(copy.dir);
  assertEquals(second.summary.ok, true);
  assertEquals(second.started.sort(), ["features", "fit-ada-1", "fit-rf-gini", "get", "summary"]);
  assertEquals(await copy.read("out/raw.csv"), "value\n5\n10\n15\n");
  assertEquals(JSON.parse(await copy.read("out/summary.json")), { rf: 60, ada: 60 });
  assertEquals((await buildIn(copy.dir)).started, []);
});
