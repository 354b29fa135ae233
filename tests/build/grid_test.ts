/**
 * Grids in parallel with real kernels: a dict grid with `[[param]]` names, a list-of-dicts grid
 * with numbered names, and a task gathering both through a glob and a group name:
 *
 *   point-1-x  point-1-y  point-2-x  point-2-y   listed-0  listed-1  listed-2
 *        \__________\_________\__________\__________/_________/_________/
 *                                   gather
 */
import { assert, assertEquals } from "./_assert.ts";
import { buildIn, fixture, plait, projectOf } from "./_helpers.ts";

const POINTS = ["point-1-x", "point-1-y", "point-2-x", "point-2-y"];
const LISTED = ["listed-0", "listed-1", "listed-2"];

/** Most tasks running at once, from task-start / task-end events. */
function peakConcurrency(events: { type: string }[]): number {
  let running = 0;
  let peak = 0;
  for (const e of events) {
    if (e.type === "task-start") peak = Math.max(peak, ++running);
    if (e.type === "task-end") running = Math.max(0, running - 1);
  }
  return peak;
}

Deno.test("a grid runs every point on 2 workers, each writing its own products", async () => {
  await using copy = await fixture("grid");
  const run = await buildIn(copy.dir, { jobs: 2 });
  assert(run.summary.ok, JSON.stringify(run.summary.tasks.filter((t) => t.failure)));
  assertEquals(run.started.toSorted(), [...LISTED, ...POINTS, "gather"].sort());
  assertEquals(run.started.at(-1), "gather");
  assertEquals(peakConcurrency(run.events), 2);

  const gathered = JSON.parse(await copy.read("output/gather.json"));
  assertEquals(gathered, {
    "listed-0": { a: 10, b: "p" },
    "listed-1": { a: 20, b: "q" },
    "listed-2": { a: 30, b: "q" },
    "point-1-x": { a: 1, b: "x" },
    "point-1-y": { a: 1, b: "y" },
    "point-2-x": { a: 2, b: "x" },
    "point-2-y": { a: 2, b: "y" },
  });
  // Every product path numbered with the point's index, as Ploomber 0.23 writes them.
  const expected: [string, number, string][] = [
    ["point-1-x-0", 1, "x"],
    ["point-1-y-1", 1, "y"],
    ["point-2-x-2", 2, "x"],
    ["point-2-y-3", 2, "y"],
    ["listed-10-p-0", 10, "p"],
    ["listed-20-q-1", 20, "q"],
    ["listed-30-q-2", 30, "q"],
  ];
  for (const [name, a, b] of expected) {
    assertEquals(JSON.parse(await copy.read(`output/${name}.json`)), { a, b });
    const nb = JSON.parse(await copy.read(`output/${name}.ipynb`));
    assertEquals(nb.metadata.plait.params, { a, b });
  }

  await copy.edit("pipeline.yaml", "b: [x, y]", "b: [x, z]");
  const again = await buildIn(copy.dir, { jobs: 2 });
  assertEquals(again.started.toSorted(), ["gather", "point-1-z", "point-2-z"]);
  assertEquals(again.started.at(-1), "gather");
  assertEquals(
    again.reasons("gather"),
    [
      "options changed (product paths, serializer or upstream keys)",
      'upstream "point-1-y" removed',
      'upstream "point-1-z" added',
      'upstream "point-2-y" removed',
      'upstream "point-2-z" added',
    ].sort(),
  );
});

Deno.test("a grid list with uneven blocks: a placeholder one block lacks renders empty, in names and products", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: fit.py\n    name: fit-[[model]]-[[criterion]][[learning_rate]]\n" +
      "    grid:\n      - {model: [rf], criterion: [gini]}\n      - {model: [ada], learning_rate: [1]}\n" +
      "    product:\n      nb: out/fit-[[model]].ipynb\n      data: out/fit-[[model]][[criterion]].json\n",
    "fit.py": '# %% tags=["parameters"]\nupstream = None\nproduct = None\nmodel = None\n' +
      "criterion = 'default'\nlearning_rate = 0.5\n\n# %%\nimport json\n" +
      'json.dump({"model": model, "criterion": criterion, "lr": learning_rate}, open(product["data"], "w"))\n',
  });
  const run = await plait(["build", "-e", project.dir]);
  assertEquals(run.code, 0, run.stdout + run.stderr);
  assert(run.stdout.includes("fit-rf-gini") && run.stdout.includes("fit-ada-1"), run.stdout);
  const read = (rel: string) => Deno.readTextFile(`${project.dir}/${rel}`).then(JSON.parse);
  assertEquals(await read("out/fit-rfgini-0.json"), { model: "rf", criterion: "gini", lr: 0.5 });
  assertEquals(await read("out/fit-ada-1.json"), { model: "ada", criterion: "default", lr: 1 });
  assertEquals((await read("out/fit-ada-1.ipynb")).metadata.plait.params, { model: "ada", learning_rate: 1 });
});
