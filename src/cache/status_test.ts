import { deepStrictEqual as assertEquals, equal, match } from "node:assert/strict";
import type { Pipeline } from "../graph/mod.ts";
import { path } from "../util/mod.ts";
import { describeReason } from "./decide.ts";
import { FingerprintContext } from "./fingerprint.ts";
import { buildRecord } from "./products.ts";
import { StateStore } from "./state_store.ts";
import { assessTask, taskStatus } from "./status.ts";
import { makePipeline, tempProject } from "./_test_helpers.ts";

/**
 * A build without kernels: each task that must run "runs" by writing `outputs[name]` to its product.
 * Returns the names that ran.
 */
async function fakeBuild(p: Pipeline, outputs: Record<string, string>, force = false): Promise<string[]> {
  const store = await StateStore.open(p.root, { durable: false });
  const ctx = new FingerprintContext(p, { records: store, interpreter: "py" });
  const ran: string[] = [];
  for (const name of p.order) {
    const task = p.tasks.get(name)!;
    const { inputs, decision } = await assessTask(task, { ctx, store, force });
    if (!decision.run) continue;
    await store.recordStart(name);
    const file = path.join(p.root, task.product as string);
    await Deno.mkdir(path.dirname(file), { recursive: true });
    await Deno.writeTextFile(file, outputs[name]);
    await store.recordSuccess(name, await buildRecord(task, inputs, { root: p.root, durationS: 0 }));
    ran.push(name);
  }
  await store.compact();
  return ran;
}

async function why(p: Pipeline): Promise<Record<string, string[]>> {
  const store = await StateStore.open(p.root);
  const statuses = await taskStatus(p, store, { interpreter: "py" });
  return Object.fromEntries(statuses.map((s) => [s.name, s.reasons.map(describeReason)]));
}

/*
 * load ---> clean ---> fit
 *              \-----> plot
 */
async function chain() {
  const project = await tempProject();
  for (const n of ["load", "clean", "fit", "plot"]) {
    await project.write(`tasks/${n}.py`, `# %%\nprint("${n}")\n`);
  }
  const p = makePipeline(project.root, [
    { name: "load", source: "tasks/load.py", product: "output/load.csv" },
    { name: "clean", source: "tasks/clean.py", product: "output/clean.csv", upstream: ["load"] },
    { name: "fit", source: "tasks/fit.py", product: "output/fit.csv", upstream: ["clean"] },
    { name: "plot", source: "tasks/plot.py", product: "output/plot.csv", upstream: ["clean"] },
  ]);
  return { project, p };
}

const OUT = { load: "1,2", clean: "3", fit: "4", plot: "5" };

Deno.test("taskStatus() says never run, then up to date after a build", async () => {
  const { project, p } = await chain();
  await using _ = project;
  assertEquals(await why(p), {
    load: ["never run"],
    clean: ["never run"],
    fit: ["never run"],
    plot: ["never run"],
  });
  assertEquals(await fakeBuild(p, OUT), ["load", "clean", "fit", "plot"]);
  assertEquals(await why(p), { load: [], clean: [], fit: [], plot: [] });
  assertEquals(await fakeBuild(p, OUT), []);
});

Deno.test("taskStatus() marks a product changed by hand or deleted, and everything below it", async () => {
  const { project, p } = await chain();
  await using _ = project;
  await fakeBuild(p, OUT);
  await project.write("output/clean.csv", "edited");
  await Deno.remove(path.join(project.root, "output/plot.csv"));
  assertEquals(await why(p), {
    load: [],
    clean: ["product output/clean.csv changed by hand"],
    fit: ['upstream "clean" outdated'],
    plot: ["product output/plot.csv missing", 'upstream "clean" outdated'],
  });
});

Deno.test("a build stops at an upstream that rewrites byte-identical products (early cutoff)", async () => {
  const { project, p } = await chain();
  await using _ = project;
  await fakeBuild(p, OUT);
  await project.write("tasks/load.py", `# %%\nprint("load, faster")\n`);
  assertEquals(await why(p), {
    load: ["source changed"],
    clean: ['upstream "load" outdated'],
    fit: ['upstream "clean" outdated'],
    plot: ['upstream "clean" outdated'],
  });
  assertEquals(await fakeBuild(p, OUT), ["load"]);
  await project.write("tasks/load.py", `# %%\nprint("load, new data")\n`);
  assertEquals(await fakeBuild(p, { ...OUT, load: "9,9" }), ["load", "clean"]);
  const store = await StateStore.open(p.root);
  const clean = await assessTask(p.tasks.get("clean")!, {
    ctx: new FingerprintContext(p, { records: store, interpreter: "py" }),
    store,
  });
  equal(clean.decision.run, false);
});

Deno.test("taskStatus() reports corrupt state as outdated with a warning", async () => {
  const { project, p } = await chain();
  await using _ = project;
  await fakeBuild(p, OUT);
  await project.write(".plait/state.json", "{not json");
  const store = await StateStore.open(p.root);
  const statuses = await taskStatus(p, store);
  assertEquals(statuses.map((s) => s.outdated), [true, true, true, true]);
  assertEquals(statuses[0].reasons.map(describeReason), ["state unreadable"]);
  match(store.warnings[0], /state\.json is unreadable/);
});

Deno.test("a forced build reruns everything and a failure keeps the task outdated", async () => {
  const { project, p } = await chain();
  await using _ = project;
  await fakeBuild(p, OUT);
  assertEquals(await fakeBuild(p, OUT, true), ["load", "clean", "fit", "plot"]);
  const store = await StateStore.open(p.root);
  await store.invalidate("fit");
  assertEquals((await why(p)).fit, ["previous run failed"]);
  assertEquals(await fakeBuild(p, OUT), ["fit"]);
});
