/** Params reach Python with the types Ploomber gives them (pipeline.yaml read as PyYAML reads it). */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { plait, projectOf } from "./_helpers.ts";
import { displayPath } from "../../src/util/path.ts";

Deno.test("pipeline.yaml params keep PyYAML's types in the kernel: 1.0 a float, no a bool, 0777 octal, 1e3 a string", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: tasks/probe.py\n" +
      "    params: {ratio: 1.0, half: 0.5, shuffle: no, mode: 0777, big: 1e3, day: 2001-12-14}\n" +
      "    grid: {alpha: [1.0, 2, 1.0e-5]}\n    name: probe-[[alpha]]\n" +
      "    product:\n      nb: output/probe-[[alpha]].ipynb\n      data: output/probe-[[alpha]].json\n",
    "tasks/probe.py": '# %% tags=["parameters"]\nupstream = None\nproduct = None\n\n# %%\nimport json\n' +
      "names = ['ratio', 'half', 'shuffle', 'mode', 'big', 'day', 'alpha']\n" +
      'with open(product["data"], "w") as f:\n' +
      "    json.dump({n: [type(globals()[n]).__name__, repr(globals()[n])] for n in names}, f)\n",
  });
  const { dir } = project;
  const run = await plait(["build", "-e", dir]);
  strictEqual(run.code, 0, run.stdout + run.stderr);
  const seen = JSON.parse(await Deno.readTextFile(`${dir}/output/probe-1.0-0.json`));
  deepStrictEqual(seen, {
    ratio: ["float", "1.0"],
    half: ["float", "0.5"],
    shuffle: ["bool", "False"],
    mode: ["int", "511"],
    big: ["str", "'1e3'"],
    day: ["str", "'2001-12-14'"],
    alpha: ["float", "1.0"],
  });
  deepStrictEqual(JSON.parse(await Deno.readTextFile(`${dir}/output/probe-2-1.json`)).alpha, ["int", "2"]);
  // Names and paths use Python's str(), as Ploomber's do: 1e-05, not JavaScript's 0.00001.
  deepStrictEqual(JSON.parse(await Deno.readTextFile(`${dir}/output/probe-1e-05-2.json`)).alpha, [
    "float",
    "1e-05",
  ]);
});

Deno.test("a script with no parameters cell runs with the values injected at the top, and a notice says so", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: tasks/bare.py\n    params: {n: 3}\n    product:\n" +
      "      nb: output/bare.ipynb\n      data: output/bare.json\n",
    "tasks/bare.py": '# %%\nimport json\nwith open(product["data"], "w") as f:\n    json.dump({"n": n}, f)\n',
  });
  const { dir } = project;
  const run = await plait(["build", "-e", dir]);
  strictEqual(run.code, 0, run.stdout + run.stderr);
  strictEqual(
    run.stderr.split("\n")[0],
    `notice: ${
      displayPath(`${dir}/tasks/bare.py`)
    }: Source has no cell tagged "parameters": its upstream, product and params ` +
      "are injected at the top, and it declares no upstream",
  );
  deepStrictEqual(JSON.parse(await Deno.readTextFile(`${dir}/output/bare.json`)), { n: 3 });
});

Deno.test("a dict-form computed param is called with its kwargs once per build; its value is injected and fingerprinted", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n" +
      "  - source: tasks/use.py\n    name: use-a\n" +
      "    params: {index: {dotted_path: params::get_index, path_to_index: '{{root}}/index.json'}, label: a}\n" +
      "    product: {nb: output/a.ipynb, data: output/a.json}\n" +
      "  - source: tasks/use.py\n    name: use-b\n" +
      "    params: {index: {dotted_path: params::get_index, path_to_index: '{{root}}/index.json'}, label: b}\n" +
      "    product: {nb: output/b.ipynb, data: output/b.json}\n",
    "params.py": "import json\n\ndef get_index(path_to_index):\n" +
      "    with open('calls.log', 'a') as f:\n        f.write('call\\n')\n" +
      "    return json.load(open(path_to_index))['index']\n",
    "index.json": '{"index": [3, "x"]}',
    "tasks/use.py":
      '# %% tags=["parameters"]\nupstream = None\nproduct = None\nindex = None\nlabel = None\n\n' +
      '# %%\nimport json\njson.dump({"label": label, "index": index}, open(product["data"], "w"))\n',
  });
  const { dir } = project;
  const read = (rel: string) => Deno.readTextFile(`${dir}/${rel}`);
  const first = await plait(["build", "-e", dir]);
  strictEqual(first.code, 0, first.stdout + first.stderr);
  deepStrictEqual(JSON.parse(await read("output/a.json")), { label: "a", index: [3, "x"] });
  deepStrictEqual(JSON.parse(await read("output/b.json")), { label: "b", index: [3, "x"] });
  const injected = JSON.parse(await read("output/a.ipynb")).cells
    .find((c: { metadata: { tags?: string[] } }) => c.metadata.tags?.includes("injected-parameters"));
  strictEqual(injected.source.join("").includes("index = [3, 'x']"), true, injected.source.join(""));
  strictEqual(await read("calls.log"), "call\n"); // one call for both tasks, none in the kernels

  const again = await plait(["build", "-e", dir]);
  strictEqual(again.code, 0, again.stdout + again.stderr);
  strictEqual(again.stdout.includes("Everything is up to date (2 tasks"), true, again.stdout);

  await Deno.writeTextFile(`${dir}/index.json`, '{"index": 4}');
  const changed = await plait(["build", "-e", dir]);
  strictEqual(changed.code, 0, changed.stdout + changed.stderr);
  strictEqual(changed.stdout.includes("params changed"), true, changed.stdout);
  deepStrictEqual(JSON.parse(await read("output/a.json")), { label: "a", index: 4 });
  deepStrictEqual(JSON.parse(await read("output/b.json")), { label: "b", index: 4 });
});

Deno.test("a computed param that raises stops the build before any task runs, naming the task and the error", async () => {
  await using project = await projectOf({
    "pipeline.yaml": "tasks:\n  - source: use.py\n    params: {n: params::broken}\n    product: out.ipynb\n",
    "params.py": "def broken():\n    raise ValueError('no index yet')\n",
    "use.py": '# %% tags=["parameters"]\nupstream = None\nproduct = None\nn = None\n',
  });
  const run = await plait(["build", "-e", project.dir]);
  strictEqual(run.code, 1, run.stdout + run.stderr);
  strictEqual(
    run.stderr.includes("Cannot compute param use.n: params::broken() raised ValueError: no index yet"),
    true,
    run.stderr,
  );
  strictEqual(await Deno.stat(`${project.dir}/out.ipynb`).then(() => true, () => false), false);
});
