import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { loadYamlPipeline, readYamlPipeline, taskName } from "./load_yaml.ts";

async function withProject(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "plait_yaml_" });
  try {
    for (const [name, text] of Object.entries(files)) await Deno.writeTextFile(`${dir}/${name}`, text);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadYamlPipeline() makes the builder calls, with every field's line and column", async () => {
  const yaml = `executor: parallel
tasks:
  - source: tasks/load.py
    product:
      nb: output/load.ipynb
      data: output/raw.csv
  - source: tasks/fit.py
    name: fit-
    params: {seed: 1}
    grid:
      alpha: [0.1, 1]
    product: output/fit-[[alpha]].ipynb
`;
  await withProject({ "pipeline.yaml": yaml }, async (dir) => {
    const { builder, notices } = await loadYamlPipeline(`${dir}/pipeline.yaml`);
    assertEquals(notices, []);
    assertEquals(builder.options.executor, "parallel");
    assertEquals(builder.definitions.map((d) => [d.name, d.options.source, d.options.product]), [
      ["load", "tasks/load.py", { nb: "output/load.ipynb", data: "output/raw.csv" }],
      ["fit-", "tasks/fit.py", "output/fit-[[alpha]].ipynb"],
    ]);
    assertEquals(builder.definitions[1].options.grid, { alpha: [0.1, 1] });
    const f = builder.definitions[1].where.fields!;
    assertEquals([f.task.line, f.task.col, f.name.line, f.name.col, f.grid.line, f.product.line], [
      7,
      5,
      8,
      11,
      11,
      12,
    ]);
    assertEquals([f.task.file.endsWith("pipeline.yaml")], [true]);
    const g = builder.definitions[0].where.fields!;
    assertEquals([g["product.data"].line, g["product.data"].col], [6, 13]);
  });
});

Deno.test("loadYamlPipeline() reads Ploomber's executors, meta.extract_upstream and declared upstream", async () => {
  const cases: [string, unknown][] = [
    ["executor: serial", "serial"],
    ["executor: {parallel: 3}", { parallel: 3 }],
    ["executor: {dotted_path: ploomber.executors.Parallel, processes: 4}", { parallel: 4 }],
    ["executor: {dotted_path: ploomber.executors.Parallel}", "parallel"],
    ["executor: {dotted_path: ploomber.executors.Serial, build_in_subprocess: false}", "serial"],
    ["executor: {kind: slurm, jobs: 5, sbatch: [--partition=cpu]}", {
      kind: "slurm",
      jobs: 5,
      sbatch: ["--partition=cpu"],
    }],
  ];
  for (const [line, expected] of cases) {
    await withProject({ "pipeline.yaml": `${line}\ntasks: []\n` }, async (dir) => {
      assertEquals((await loadYamlPipeline(`${dir}/pipeline.yaml`)).builder.options.executor, expected);
    });
  }
  const yaml = `meta:
  extract_upstream: false
tasks:
  - {source: a.py, product: a.ipynb, upstream: null}
  - {source: b.py, product: b.ipynb, upstream: a}
  - {source: c.py, product: c.ipynb, upstream: [a, b]}
`;
  await withProject({ "pipeline.yaml": yaml }, async (dir) => {
    const { builder } = await loadYamlPipeline(`${dir}/pipeline.yaml`);
    assertEquals(builder.options.extractUpstream, false);
    assertEquals(builder.definitions.map((d) => d.options.upstream), [[], ["a"], ["a", "b"]]);
  });
});

Deno.test("loadYamlPipeline() accepts Ploomber's bare list of tasks, anchors and merge keys", async () => {
  const yaml = `- &base {source: tasks/a.py, product: out/a.ipynb, params: {n: 1}}
- <<: *base
  name: b
  product: out/b.ipynb
`;
  await withProject({ "pipeline.yaml": yaml }, async (dir) => {
    const { builder } = await loadYamlPipeline(`${dir}/pipeline.yaml`);
    assertEquals(builder.definitions.map((d) => [d.name, d.options.product, d.options.params]), [
      ["a", "out/a.ipynb", { n: 1 }],
      ["b", "out/b.ipynb", { n: 1 }],
    ]);
    assertEquals(builder.definitions[1].where.task.line, 2);
  });
});

Deno.test("loadYamlPipeline() fills placeholders from env.yaml and --env--key overrides", async () => {
  const files = {
    "env.yaml": "sample: 0.5\nout: products\n",
    "pipeline.yaml":
      "tasks:\n  - source: t.py\n    product: '{{out}}/t.ipynb'\n    params: {sample: '{{sample}}', here: '{{here}}'}\n",
  };
  await withProject(files, async (dir) => {
    const def = (await loadYamlPipeline(`${dir}/pipeline.yaml`, { envOverrides: { sample: "0.25" } })).builder
      .definitions[0];
    assertEquals(def.options.product, "products/t.ipynb");
    assertEquals(def.options.params, { sample: 0.25, here: dir });
  });
});

Deno.test("loadYamlPipeline() gives notices for ignored keys and errors for unsupported ones", async () => {
  const yaml = `config: {}
clients: {SQLScript: db.get}
tasks:
  - source: t.py
    product: t.ipynb
    papermill_params: {log_output: true}
    static_analysis: disable
  - source: q.sql
    product: q.csv
    class: SQLDump
`;
  await withProject({ "pipeline.yaml": yaml }, async (dir) => {
    const read = await readYamlPipeline(`${dir}/pipeline.yaml`);
    assertEquals(read.notices.map((n) => [n.location?.line, n.message]), [
      [1, "config is ignored by plait"],
      [6, 'papermill_params key "log_output" is ignored by plait (only execution_timeout is honoured)'],
      [7, "static_analysis is ignored: plait always parses the parameters cell and checks upstream"],
    ]);
    assertEquals(read.issues.map((n) => [n.location?.line, n.message]), [
      [2, "clients is not supported by plait (SQL clients)"],
      [10, 'task class "SQLDump" is not supported by plait'],
    ]);
    await rejects(loadYamlPipeline(`${dir}/pipeline.yaml`), SpecError);
  });
});

Deno.test("readYamlPipeline() keeps every usable task and names the ones it had to leave out", async () => {
  const yaml = `tasks:
  - {source: tasks/load.py, product: 5}
  - {source: tasks/clean.py, product: out/c.ipynb, params: [1]}
  - {source: tasks/plot.py}
`;
  await withProject({ "pipeline.yaml": yaml }, async (dir) => {
    const read = await readYamlPipeline(`${dir}/pipeline.yaml`);
    assertEquals(read.builder.definitions.map((d) => [d.name, d.options.params]), [["clean", undefined]]);
    assertEquals(read.undefinedNames, ["load", "plot"]);
    assertEquals(read.issues.map((i) => `${i.location?.line}:${i.location?.col}: ${i.message}`), [
      "2:38: Cannot read tasks[0].product: expected a string or a mapping, got the number 5",
      "3:60: Cannot read tasks[1].params: expected a mapping, got a list",
      '4:5: Cannot read tasks[2]: it has no "product"',
    ]);
  });
});

Deno.test("taskName() derives names as Ploomber does", () => {
  assertEquals(
    [{ source: "tasks/load.py" }, { source: "nb/Explore.ipynb" }, { source: "tasks.features.sepal" }, {
      name: "x",
      source: "a.py",
    }, {}].map(taskName),
    ["load", "Explore", "sepal", "x", undefined],
  );
});

Deno.test("loadYamlPipeline() passes resources to the builder and locates bad ones", async () => {
  const yaml = `tasks:
  - source: fit.py
    name: fit-
    grid: {mem: [1G, 2G]}
    product: out/fit.ipynb
    resources: {cpus: 4, mem: "[[mem]]", time: 120, gpus: 0, local: false}
  - source: report.py
    product: out/report.ipynb
    resources: {local: true, nodes: 3}
`;
  await withProject({ "pipeline.yaml": yaml }, async (dir) => {
    const { builder, issues } = await readYamlPipeline(`${dir}/pipeline.yaml`);
    assertEquals(builder.definitions[0].options.resources, {
      cpus: 4,
      mem: "[[mem]]",
      time: "120",
      gpus: 0,
      local: false,
    });
    assertEquals(issues.length, 1);
    assertEquals(issues[0].location?.line, 9);
    assertEquals(issues[0].message.includes("nodes"), true, issues[0].message);
  });
});

Deno.test("loadYamlPipeline() maps class, papermill's execution_timeout, timeout and nbconvert keys", async () => {
  const yaml = `tasks:
  - source: a.py
    product: out/a.csv
    class: ScriptRunner
    papermill_params: {execution_timeout: 30}
  - source: b.py
    product: out/b.html
    class: NotebookRunner
    timeout: 5
    papermill_params: {execution_timeout: 30}
    nbconvert_exporter_name: webpdf
    nbconvert_export_kwargs: {exclude_input: true}
`;
  await withProject({ "pipeline.yaml": yaml, "a.py": "", "b.py": "" }, async (dir) => {
    const read = await readYamlPipeline(`${dir}/pipeline.yaml`);
    assertEquals(read.issues, []);
    assertEquals(read.notices, []);
    const [a, b] = read.builder.definitions.map((d) => d.options);
    assertEquals([a.notebook, a.timeout, a.nbconvert], [false, 30, undefined]);
    assertEquals([b.notebook, b.timeout], [undefined, 5]); // timeout wins over papermill's
    assertEquals(b.nbconvert, { exporter: "webpdf", kwargs: { exclude_input: true } });
  });
});
