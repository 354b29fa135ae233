/**
 * `executor: {kind: slurm}` against the real local cluster (two nodes, n1 and n2, started by
 * scripts/slurm_start.sh). A job SLURM times out takes over a minute (time limits are whole minutes,
 * checked every 30 s), so that build starts first and runs while the other tests do.
 */
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { loadPipeline, SpecError } from "../../mod.ts";
import type { BuildResult, TaskReport } from "../../mod.ts";
import { buildYaml, CLI, listDir, project, recordedJobs, script, SKIP, squeue, until } from "./_cluster.ts";

// Background work spans tests: the op and resource sanitizers would blame whichever test is running.
const opts = { ignore: SKIP, sanitizeOps: false, sanitizeResources: false };
const row = (r: BuildResult, name: string): TaskReport => r.summary.tasks.find((t) => t.name === name)!;

const BAD = script("", 'rows = [1, 2]\nassert len(rows) == 3, f"expected 3 rows, got {len(rows)}"');
/** Kills a build subprocess if still running, cancels the project's recorded jobs, removes the folder. */
async function cleanUp(dir: string, child?: Deno.ChildProcess): Promise<void> {
  try {
    child?.kill("SIGKILL");
    await child?.status;
  } catch { /* already ended */ }
  const ids = Object.values(await recordedJobs(dir));
  if (ids.length) await new Deno.Command("scancel", { args: ids }).output();
  await Deno.remove(dir, { recursive: true });
}

let failing: { dir: string; done: Promise<BuildResult> } | undefined;

Deno.test({
  name: "slurm: a job past its time limit and a Python failure start building (checked at the end)",
  ...opts,
  fn: async () => {
    //  slow (time limit 1 min, sleeps)    bad (assert fails) -> after (skipped)
    const dir = await project({
      "pipeline.yaml": `executor: {kind: slurm}
tasks:
  - {source: slow.py, product: out/slow.ipynb, resources: {time: "1"}}
  - {source: bad.py, product: out/bad.ipynb}
  - {source: after.py, product: out/after.ipynb}
`,
      "slow.py": script("", 'print("slow started", flush=True)\nimport time\ntime.sleep(600)'),
      "bad.py": BAD,
      "after.py": script('upstream = ["bad"]', "pass"),
    });
    failing = { dir, done: buildYaml(dir) };
    await until("the slow job to run", 60_000, async () => {
      const id = (await recordedJobs(dir)).slow;
      return id && (await squeue()).get(id)?.[0] === "RUNNING";
    });
  },
});

Deno.test({
  name:
    "slurm: a grid of 8 runs as jobs on both nodes, a local task in the kernel pool; a rebuild submits nothing",
  ...opts,
  fn: async () => {
    //  fit-0 .. fit-7 (jobs) -> report (resources.local)
    const dir = await project({
      "pipeline.yaml": `executor: {kind: slurm, jobs: 8, sbatch: [--comment=plait-test]}
tasks:
  - source: fit.py
    name: fit-[[n]]
    grid: {n: [0, 1, 2, 3, 4, 5, 6, 7]}
    product: {nb: "out/fit-[[n]].ipynb", data: "out/fit-[[n]].txt"}
    resources: {cpus: 1, mem: 50M, time: "00:05:00"}
  - {source: report.py, product: {nb: out/report.ipynb, data: out/report.txt}, resources: {local: true}}
`,
      "fit.py": script(
        "n = 0",
        'import os, time\ntime.sleep(1)\nopen(product["data"], "w").write(f"{n * n} {os.environ.get(\'SLURMD_NODENAME\')}")\nprint("fit", n)',
      ),
      "report.py": script(
        'upstream = ["fit-*"]',
        "import os\nnode = os.environ.get('SLURMD_NODENAME', 'login')\n" +
          'total = sum(int(open(p["data"]).read().split()[0]) for p in upstream["fit-*"].values())\n' +
          'open(product["data"], "w").write(f"{total} {node}")',
      ),
    });
    const seen = new Set<string>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        for (const [, [state, nodes]] of await squeue()) if (state === "RUNNING") seen.add(nodes);
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const first = await buildYaml(dir).finally(() => (watching = false));
    await watch;
    assert(first.summary.ok, JSON.stringify(first.summary.tasks.filter((t) => t.failure)));
    assertEquals(first.summary.tasks.filter((t) => t.outcome === "ran").length, 9);
    assert(seen.has("n1") && seen.has("n2"), `squeue showed running jobs on ${[...seen]}`);
    const results = await listDir(`${dir}/.plait/slurm/results`);
    assertEquals(results.length, 8);
    const nodes = new Set<string>();
    for (const f of results) {
      nodes.add(JSON.parse(await Deno.readTextFile(`${dir}/.plait/slurm/results/${f}`)).node);
    }
    assertEquals([...nodes].sort(), ["n1", "n2"]);
    const { pipeline } = await loadPipeline({ entry: `${dir}/pipeline.yaml` });
    for (let n = 0; n < 8; n++) {
      const product = pipeline.tasks.get(`fit-${n}`)!.product as Record<string, string>;
      assertEquals((await Deno.readTextFile(`${dir}/${product.data}`)).split(" ")[0], String(n * n));
      const nb = JSON.parse(await Deno.readTextFile(`${dir}/${product.nb}`));
      assert(
        JSON.stringify(nb.cells).includes(`fit ${n}\\n`),
        `executed notebook of fit-${n} has its output`,
      );
    }
    assertEquals(await Deno.readTextFile(`${dir}/out/report.txt`), "140 login");
    const logs = await listDir(`${dir}/.plait/slurm/logs`);
    const second = await buildYaml(dir);
    assertEquals(second.summary.tasks.map((t) => t.outcome), Array(9).fill("up-to-date"));
    assertEquals(await listDir(`${dir}/.plait/slurm/logs`), logs);
    assertEquals(await recordedJobs(dir), {});
    await cleanUp(dir);
  },
});

Deno.test({
  name: "slurm: options SLURM rejects are located errors before anything is submitted",
  ...opts,
  fn: async () => {
    const dir = await project({
      "pipeline.yaml": `executor: {kind: slurm}
tasks:
  - {source: a.py, product: out/a.ipynb}
  - {source: b.py, product: out/b.ipynb, resources: {partition: no-such-partition}}
`,
      "a.py": script("", "pass"),
      "b.py": script("", "pass"),
    });
    await rejects(buildYaml(dir), (e: unknown) => {
      assert(e instanceof SpecError);
      assert(
        /pipeline\.yaml:4:5: Cannot submit task "b" to SLURM .*[Ii]nvalid partition/.test(e.message),
        e.message,
      );
      return true;
    });
    assertEquals(await listDir(`${dir}/.plait/slurm/logs`), []);
    await cleanUp(dir);
  },
});

Deno.test({
  name: "slurm: a project built with the local executor is up to date under executor: slurm",
  ...opts,
  fn: async () => {
    const tasks = "tasks:\n  - {source: a.py, product: out/a.ipynb, resources: {cpus: 1}}\n";
    const dir = await project({ "pipeline.yaml": `executor: serial\n${tasks}`, "a.py": script("", "x = 1") });
    assertEquals(row(await buildYaml(dir), "a").outcome, "ran");
    await Deno.writeTextFile(`${dir}/pipeline.yaml`, `executor: {kind: slurm}\n${tasks}`);
    assertEquals(row(await buildYaml(dir), "a").outcome, "up-to-date");
    assertEquals(await listDir(`${dir}/.plait/slurm/logs`), []);
    await cleanUp(dir);
  },
});

Deno.test({
  name: "slurm: Ctrl-C during a build cancels its jobs; squeue has none of them within 5 s",
  ...opts,
  fn: async () => {
    const dir = await project({
      "pipeline.yaml": `executor: {kind: slurm}
tasks:
  - {source: a.py, name: wait-, grid: {i: [1, 2, 3]}, product: "out/w.ipynb"}
`,
      "a.py": script("i = 0", "import time\ntime.sleep(600)"),
    });
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CLI, "build", "-e", `${dir}/pipeline.yaml`],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    try {
      const ids = await until("3 jobs in the queue, one running", 60_000, async () => {
        const ids = Object.values(await recordedJobs(dir));
        const q = await squeue();
        const running = ids.some((id) => q.get(id)?.[0] === "RUNNING");
        return ids.length === 3 && running && ids.every((id) => q.has(id)) ? ids : undefined;
      });
      child.kill("SIGINT");
      await until("the jobs to leave squeue", 5_000, async () => {
        const q = await squeue();
        return ids.every((id) => !q.has(id));
      });
      const { code, stderr } = await child.output();
      assertEquals(code, 130, new TextDecoder().decode(stderr));
    } finally {
      await cleanUp(dir, child);
    }
  },
});

Deno.test({
  name: "slurm: after kill -9 of a build, the next build adopts its jobs and submits nothing twice",
  ...opts,
  fn: async () => {
    //  quick (done while no build runs)    long (still running when the build restarts)
    const dir = await project({
      "pipeline.yaml": `executor: {kind: slurm}
tasks:
  - {source: t.py, name: quick, params: {s: 0}, product: {nb: out/quick.ipynb, data: out/quick.txt}}
  - {source: t.py, name: long, params: {s: 8}, product: {nb: out/long.ipynb, data: out/long.txt}}
`,
      "t.py": script("s = 0", 'import time\ntime.sleep(s)\nopen(product["data"], "w").write(str(s))'),
    });
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CLI, "build", "-e", `${dir}/pipeline.yaml`],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const before = await until("2 submitted jobs", 60_000, async () => {
      const jobs = await recordedJobs(dir);
      return Object.keys(jobs).length === 2 ? jobs : undefined;
    }).finally(() => child.kill("SIGKILL"));
    await child.status;
    // quick finishes while no build runs
    await until(
      "quick's result",
      60_000,
      async () => (await listDir(`${dir}/.plait/slurm/results`)).length > 0,
    );
    const again = await buildYaml(dir);
    assert(again.summary.ok, JSON.stringify(again.summary.tasks));
    assertEquals(again.summary.tasks.map((t) => [t.name, t.outcome]), [["long", "ran"], ["quick", "ran"]]);
    const results = await listDir(`${dir}/.plait/slurm/results`);
    assertEquals(results, [`long.${before.long}.json`, `quick.${before.quick}.json`]);
    assertEquals((await listDir(`${dir}/.plait/slurm/logs`)).length, 2);
    assertEquals(await Deno.readTextFile(`${dir}/out/long.txt`), "8");
    const third = await buildYaml(dir);
    assertEquals(third.summary.tasks.map((t) => t.outcome), ["up-to-date", "up-to-date"]);
    await cleanUp(dir);
  },
});

Deno.test({
  name: "slurm: TIMEOUT is a failure with its job id and log tail; a Python failure reads as it does locally",
  ...opts,
  fn: async () => {
    const { dir, done } = failing!;
    const r = await done;
    assert(!r.summary.ok);
    const slow = row(r, "slow");
    const id = (await listDir(`${dir}/.plait/slurm/logs`)).find((f) => f.startsWith("slow."))!.split(".")[1];
    assertEquals([slow.outcome, slow.failure?.ename], ["failed", "TIMEOUT"]);
    assert(
      slow.failure!.message.includes(`SLURM job ${id} of task "slow" ended TIMEOUT`),
      slow.failure!.message,
    );
    const tail = slow.failure!.traceback!.join("\n");
    assert(tail.includes("slow started") && tail.includes("DUE TO TIME LIMIT"), tail);
    assertEquals(row(r, "after").outcome, "skipped");
    // The same failing script with the local executor: the same failure, traceback and all.
    const local = await project({
      "pipeline.yaml": "tasks:\n  - {source: bad.py, product: out/bad.ipynb}\n",
      "bad.py": BAD,
    });
    const here = row(await buildYaml(local), "bad").failure!;
    const there = row(r, "bad").failure!;
    assertEquals(there, here);
    assert(there.traceback!.join("\n").includes("expected 3 rows, got 2"));
    await Deno.remove(local, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  },
});
