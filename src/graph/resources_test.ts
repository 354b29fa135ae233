import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { pipeline } from "./builder.ts";
import { resolvePipeline } from "./resolve.ts";

const resolve = (b: ReturnType<typeof pipeline>) =>
  resolvePipeline(b as never, { root: "/p", file: "pipeline.ts", exists: () => true });

Deno.test("resolvePipeline() gives each grid point its own resources from [[placeholders]]", async () => {
  //  fit-0 (mem 1G, 2 cpus)   fit-1 (mem 4G, 2 cpus)
  const p = await resolve(
    pipeline().task("fit-", {
      run: () => {},
      product: "out/fit.csv",
      grid: { mem: ["1G", "4G"] },
      resources: { cpus: 2, mem: "[[mem]]", time: "00:05:00", sbatch: ["--comment=[[mem]]"] },
    }),
  );
  assertEquals(p.tasks.get("fit-0")!.resources, {
    cpus: 2,
    mem: "1G",
    time: "00:05:00",
    sbatch: ["--comment=1G"],
    local: false,
  });
  assertEquals(p.tasks.get("fit-1")!.resources?.mem, "4G");
});

Deno.test("resolvePipeline() calls a resources function with each grid point's params", async () => {
  const p = await resolve(
    pipeline().task("fit-", {
      run: () => {},
      product: "out/fit.csv",
      params: { base: 2 },
      grid: { n: [1, 3] },
      resources: (v) => ({ cpus: Number(v.n) * Number(v.base), local: v.n === 1 }),
    }),
  );
  assertEquals(
    ["fit-0", "fit-1"].map((n) => p.tasks.get(n)!.resources),
    [{ cpus: 2, sbatch: [], local: true }, { cpus: 6, sbatch: [], local: false }],
  );
});

Deno.test("resolvePipeline() leaves resources out of a task that gives none", async () => {
  const p = await resolve(pipeline().task("a", { run: () => {}, product: "out/a" }));
  assert(!("resources" in p.tasks.get("a")!));
});

Deno.test("resolvePipeline() reports every bad resource value at the task, at once", async () => {
  const b = pipeline().task("a", {
    run: () => {},
    product: "out/a",
    grid: { x: [1] },
    resources: { cpus: 0, mem: "lots", time: "2 hours", gpus: "[[y]]" },
  });
  await rejects(resolve(b), (e: unknown) => {
    assert(e instanceof SpecError);
    const text = e.message;
    for (
      const want of [
        'Cannot use 0 as resources.cpus of task "a0"',
        'Cannot use "lots" as resources.mem',
        'Cannot use "2 hours" as resources.time',
        'Cannot fill placeholder "[[y]]" in resources.gpus of task "a0": no param "y"',
        "resources_test.ts:",
      ]
    ) assert(text.includes(want), `${want}\n---\n${text}`);
    return true;
  });
});

Deno.test("resolvePipeline() accepts SLURM's time formats", async () => {
  for (const time of ["30", "10:00", "02:00:00", "1-00", "1-12:30", "2-00:00:00"]) {
    const p = await resolve(pipeline().task("a", { run: () => {}, product: "out/a", resources: { time } }));
    assertEquals(p.tasks.get("a")!.resources?.time, time);
  }
});

Deno.test("resolvePipeline() reads the slurm executor, 50 jobs by default", async () => {
  const run = () => {};
  const a = await resolve(pipeline({ executor: { kind: "slurm" } }).task("a", { run, product: "out/a" }));
  assertEquals(a.executor, { kind: "slurm", jobs: 50, sbatch: [] });
  const b = await resolve(
    pipeline({ executor: { kind: "slurm", jobs: 3, sbatch: ["--account=lab"] } }).task("a", {
      run,
      product: "o",
    }),
  );
  assertEquals(b.executor, { kind: "slurm", jobs: 3, sbatch: ["--account=lab"] });
});
