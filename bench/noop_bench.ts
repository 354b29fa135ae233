/**
 * No-op rebuild and `status` of a 1,000-task project (20 scripts x 50 grid points, each layer
 * reading the previous one, every script importing a project module; .csv and .ipynb products),
 * after a first "build" that writes products and records them. Prints the time to load the state,
 * assess every task and decide, in this process and in a fresh `deno` process (start included).
 * Run: `deno run -A bench/noop_bench.ts [tasks=1000]`.
 *
 * @module
 */
import { assessTask, buildRecord, FingerprintContext, StateStore, taskStatus } from "../src/cache/mod.ts";
import type { Pipeline, Task } from "../src/graph/mod.ts";
import { path } from "../src/util/mod.ts";

const GROUP = 50;

function makePipeline(root: string, n: number): Pipeline {
  const tasks = new Map<string, Task>();
  const order: string[] = [];
  const layers: string[][] = [];
  for (let i = 0; i < n; i++) {
    const g = Math.floor(i / GROUP);
    const k = i % GROUP;
    const name = `s${g}-${k}`;
    const upstream = g === 0 ? [] : [`s${g - 1}-${k}`];
    const ext = k % 10 === 0 ? "ipynb" : "csv";
    tasks.set(name, {
      name,
      kind: "notebook",
      sourcePath: path.join(root, `tasks/s${g}.py`),
      product: { nb: `output/${name}.ipynb`, data: `output/${name}.${ext === "csv" ? "csv" : "txt"}` },
      params: { k, alpha: k / 10 },
      grid: { group: `s${g}`, index: k, values: { k } },
      upstream,
      upstreamRefs: upstream.map((u) => ({ key: u, tasks: [u], multi: false })),
      onFinish: [],
      onFailure: [],
      deps: [],
      kernel: "python3",
      location: { file: "pipeline.ts" },
    });
    order.push(name);
    (layers[g] ??= []).push(name);
  }
  return {
    root,
    file: path.join(root, "pipeline.ts"),
    executor: { kind: "parallel" },
    tasks,
    order,
    layers,
    options: {},
    downstream: new Map(),
  };
}

const notebook = (name: string) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { plait: { task: name } },
    cells: [{ cell_type: "code", metadata: {}, source: "x = 1", outputs: [], execution_count: 1 }],
  });

async function setUp(root: string, n: number): Promise<Pipeline> {
  const groups = Math.ceil(n / GROUP);
  await Deno.mkdir(path.join(root, "tasks"), { recursive: true });
  await Deno.mkdir(path.join(root, "utils"), { recursive: true });
  await Deno.mkdir(path.join(root, "output"), { recursive: true });
  await Deno.writeTextFile(path.join(root, "utils/__init__.py"), "");
  await Deno.writeTextFile(
    path.join(root, "utils/features.py"),
    "import pandas as pd\ndef f(x):\n    return x\n",
  );
  for (let g = 0; g < groups; g++) {
    const code = `# %% tags=["parameters"]\nupstream = None\nk = 0\n\n# %%\nimport pandas as pd\n` +
      `from utils.features import f\ndf = pd.DataFrame({"a": [f(k)]})  # comment\n`;
    await Deno.writeTextFile(path.join(root, `tasks/s${g}.py`), code);
  }
  const p = makePipeline(root, n);
  const store = await StateStore.open(root, { durable: false });
  const ctx = new FingerprintContext(p, { records: store, interpreter: "/usr/bin/python3 3.11" });
  for (const name of p.order) {
    const task = p.tasks.get(name)!;
    const { inputs } = await assessTask(task, { ctx, store });
    const prod = task.product as Record<string, string>;
    await Deno.writeTextFile(path.join(root, prod.nb), notebook(name));
    await Deno.writeTextFile(path.join(root, prod.data), `a\n${name}\n`);
    await store.recordSuccess(name, await buildRecord(task, inputs, { root, durationS: 0.1 }));
  }
  await store.compact();
  return p;
}

/** The no-op rebuild path: load the state, then assess each layer once the previous one is decided. */
async function noopBuild(p: Pipeline): Promise<number> {
  const store = await StateStore.open(p.root, { compactAfter: 1000 });
  const ctx = new FingerprintContext(p, { records: store, interpreter: "/usr/bin/python3 3.11" });
  let run = 0;
  for (const layer of p.layers) {
    const got = await Promise.all(layer.map((name) => assessTask(p.tasks.get(name)!, { ctx, store })));
    run += got.filter((a) => a.decision.run).length;
  }
  return run;
}

async function main(): Promise<void> {
  const [mode, arg, rootArg] = Deno.args;
  if (mode === "--child") {
    const t0 = performance.now();
    const run = await noopBuild(makePipeline(rootArg, Number(arg)));
    console.log(JSON.stringify({ ms: performance.now() - t0, run }));
    return;
  }
  const n = Number(mode ?? 1000);
  const root = await Deno.makeTempDir({ prefix: "plait-noop-bench-" });
  try {
    let t = performance.now();
    const p = await setUp(root, n);
    console.log(`first build (hash + record ${n} tasks): ${(performance.now() - t).toFixed(0)} ms`);
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const run = await noopBuild(p);
      console.log(`no-op rebuild, in process: ${(performance.now() - t).toFixed(0)} ms (${run} to run)`);
    }
    t = performance.now();
    const statuses = await taskStatus(p, await StateStore.open(root), {
      interpreter: "/usr/bin/python3 3.11",
    });
    const outdated = statuses.filter((s) => s.outdated).length;
    console.log(`taskStatus, in process: ${(performance.now() - t).toFixed(0)} ms (${outdated} outdated)`);
    t = performance.now();
    const child = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", import.meta.filename!, "--child", String(n), root],
    }).output();
    const wall = performance.now() - t;
    const res = JSON.parse(new TextDecoder().decode(child.stdout));
    console.log(
      `no-op rebuild, fresh process: ${wall.toFixed(0)} ms wall incl. deno start, ${
        res.ms.toFixed(0)
      } ms in cache code (${res.run} to run)`,
    );
  } finally {
    if (!Deno.env.get("KEEP")) await Deno.remove(root, { recursive: true });
    else console.log(root);
  }
}

if (import.meta.main) await main();
