import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { Pipeline, Task } from "../graph/mod.ts";
import type { RunContext, RunResult } from "../scheduler/mod.ts";
import type { JobInfo, SlurmCommands } from "./commands.ts";
import { sbatchOptions, shellQuote } from "./job_script.ts";
import { JobRegistry, resultPath, writeResult } from "./records.ts";
import { SlurmRunner } from "./slurm_runner.ts";

/** A SLURM that runs nothing: jobs end when a test says so. */
class FakeSlurm implements SlurmCommands {
  next = 100;
  submitted: string[] = [];
  cancelled: string[] = [];
  active = new Map<string, string>();
  ended = new Map<string, JobInfo>();
  submit(script: string): Promise<string> {
    const id = String(this.next++);
    this.submitted.push(script);
    this.active.set(id, "RUNNING");
    return Promise.resolve(id);
  }
  testOnly(options: readonly string[]): Promise<string | undefined> {
    return Promise.resolve(
      options.includes("--partition=nope") ? "invalid partition specified: nope" : undefined,
    );
  }
  queued(ids: readonly string[]): Promise<Map<string, string>> {
    return Promise.resolve(new Map([...this.active].filter(([id]) => ids.includes(id))));
  }
  info(id: string): Promise<JobInfo | undefined> {
    const state = this.active.get(id);
    return Promise.resolve(state ? { state, name: "plait:fit-0" } : this.ended.get(id));
  }
  cancel(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.active.delete(id);
    this.cancelled.push(...ids);
    return Promise.resolve();
  }
}

function fixture(root: string, resources?: Task["resources"]) {
  const task: Task = {
    name: "fit-0",
    kind: "notebook",
    product: "out/fit-0.ipynb",
    params: {},
    upstream: [],
    upstreamRefs: [],
    onFinish: [],
    onFailure: [],
    deps: [],
    kernel: "python3",
    resources,
    location: { file: "pipeline.yaml", line: 3, col: 5 },
  };
  const pipeline = {
    root,
    file: `${root}/pipeline.yaml`,
    executor: { kind: "slurm", jobs: 4, sbatch: ["--account=lab"] },
    tasks: new Map([[task.name, task]]),
  } as unknown as Pipeline;
  const slurm = new FakeSlurm();
  const localRuns: string[] = [];
  const runner = new SlurmRunner(pipeline, {
    local: { run: (t) => (localRuns.push(t.name), Promise.resolve({ ok: true })) },
    command: ["plait"],
    slurm,
    queueMs: 50,
  });
  return { task, slurm, runner, localRuns };
}

const ctx = (signal = new AbortController().signal): RunContext => ({ signal, onOutput: () => {} });
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
};

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "plait_slurm_unit_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("SlurmRunner.run() submits one job, streams its log, returns the result record it writes", async () => {
  await withDir(async (dir) => {
    const { task, slurm, runner } = fixture(dir, { cpus: 2, mem: "1G", sbatch: [], local: false });
    const failure = { message: "cell 2 raised ValueError: x", ename: "ValueError", evalue: "x" };
    const printed: string[] = [];
    const running = runner.run(task, { ...ctx(), onOutput: (o) => printed.push(o.text) });
    await until(() => slurm.submitted.length === 1);
    const script = await Deno.readTextFile(slurm.submitted[0]);
    for (const line of ["#SBATCH --account=lab", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=1G"]) {
      assert(script.includes(line), script);
    }
    assert(script.includes("exec plait _slurm-task fit-0 -e"), script);
    const path = resultPath(`${dir}/.plait/slurm`, "fit-0", "100");
    await writeResult(path, {
      task: "fit-0",
      jobId: "100",
      result: { ok: false, failure },
      started: 0,
      ended: 1,
    });
    assertEquals(await running, { ok: false, failure });
    assertEquals((await JobRegistry.open(`${dir}/.plait/slurm`)).ids(), []);
    await runner.close();
  });
});

Deno.test("SlurmRunner.run() reports a job SLURM ended without a record: state, job id, log tail", async () => {
  await withDir(async (dir) => {
    const { task, slurm, runner } = fixture(dir);
    const running = runner.run(task, ctx());
    await until(() => slurm.submitted.length === 1);
    await Deno.writeTextFile(`${dir}/.plait/slurm/logs/fit-0.100.log`, "step 1\n*** DUE TO TIME LIMIT ***\n");
    slurm.active.delete("100");
    slurm.ended.set("100", { state: "TIMEOUT", exitCode: "0:15", reason: "TimeLimit", nodes: "n2" });
    const r = await running as Extract<RunResult, { ok: false }>;
    assertEquals(r.failure.ename, "TIMEOUT");
    assert(r.failure.message.includes('SLURM job 100 of task "fit-0" ended TIMEOUT'), r.failure.message);
    assertEquals(r.failure.traceback!.slice(-2), ["step 1", "*** DUE TO TIME LIMIT ***"]);
    await runner.close();
  });
});

Deno.test("SlurmRunner.run() cancels its job when the build is interrupted", async () => {
  await withDir(async (dir) => {
    const { task, slurm, runner } = fixture(dir);
    const ctl = new AbortController();
    const running = runner.run(task, ctx(ctl.signal));
    await until(() => slurm.submitted.length === 1);
    ctl.abort();
    const r = await running;
    assertEquals([r.ok, slurm.cancelled], [false, ["100"]]);
    await runner.close();
  });
});

Deno.test("SlurmRunner.run() adopts a running job recorded by a build that died, submitting nothing", async () => {
  await withDir(async (dir) => {
    const first = fixture(dir);
    const running = first.runner.run(first.task, ctx());
    while (!(await JobRegistry.open(`${dir}/.plait/slurm`)).get("fit-0")) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // The first build dies here (its runner is simply dropped); a second one starts.
    const second = fixture(dir);
    second.slurm.active.set("100", "RUNNING");
    const adopted = second.runner.run(second.task, ctx());
    const path = resultPath(`${dir}/.plait/slurm`, "fit-0", "100");
    await new Promise((r) => setTimeout(r, 100));
    await writeResult(path, { task: "fit-0", jobId: "100", result: { ok: true }, started: 0, ended: 1 });
    assertEquals(await adopted, { ok: true });
    assertEquals(second.slurm.submitted, []);
    await running;
    await first.runner.close();
    await second.runner.close();
  });
});

Deno.test("SlurmRunner runs resources.local tasks with the local runner and validates options", async () => {
  await withDir(async (dir) => {
    const local = fixture(dir, { sbatch: [], local: true });
    assertEquals(await local.runner.run(local.task, ctx()), { ok: true });
    assertEquals([local.localRuns, local.slurm.submitted], [["fit-0"], []]);
    const bad = fixture(dir, { partition: "nope", sbatch: [], local: false });
    const issues = await bad.runner.validate([bad.task]);
    assertEquals(issues.length, 1);
    assertEquals(issues[0].location, { file: "pipeline.yaml", line: 3, col: 5 });
    assert(issues[0].message.includes("invalid partition specified: nope"), issues[0].message);
  });
});

Deno.test("sbatchOptions() puts the executor's options first, then the task's resources", () => {
  assertEquals(
    sbatchOptions(["--account=lab"], {
      cpus: 4,
      mem: "16G",
      time: "02:00:00",
      gpus: 1,
      partition: "gpu",
      sbatch: ["--constraint=avx2"],
      local: false,
    }),
    [
      "--account=lab",
      "--partition=gpu",
      "--cpus-per-task=4",
      "--mem=16G",
      "--time=02:00:00",
      "--gpus=1",
      "--constraint=avx2",
    ],
  );
  assertEquals([shellQuote("a/b.ipynb"), shellQuote("it's"), shellQuote("a b")], [
    "a/b.ipynb",
    `'it'\\''s'`,
    "'a b'",
  ]);
});
