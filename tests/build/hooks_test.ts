/**
 * Hooks with Ploomber's contract, through real kernels: on_render / on_finish / on_failure at task
 * and pipeline level, arguments by name (`task`, `client`, `product`, `params`, `dag`, `report`,
 * `traceback`), extra keyword arguments, `DAGBuildEarlyStop`, and what hooks print.
 *
 *   a --> b            (each test writes its own small project)
 */
import { assertEquals, assertStringIncludes } from "./_assert.ts";
import { buildIn, plait, projectOf } from "./_helpers.ts";
import type { BuildEvent } from "../../src/scheduler/mod.ts";

const FNS = `from pathlib import Path


def a(product):
    Path(product).write_text("a")


def b(product, upstream, k):
    Path(product["data"]).write_text(Path(upstream["a"]).read_text() + "b" * k)
    Path(product["meta"]).write_text("{}")
`;

const HOOKS = `import os


def log(line):
    os.makedirs("out", exist_ok=True)
    with open("out/hooks.log", "a") as f:
        f.write(line + "\\n")


def task_render(task, client, product, params):
    log(f"render {task.name} client={client} product={os.fspath(product)} upstream={sorted(task.upstream)}")


def dag_render(dag):
    log("dag render " + ",".join(sorted(dag)))


def task_finish(task, client, product, params, label):
    up = task.upstream["a"]
    print(f"hook of {task.name} says hi")
    log(
        f"finish {task.name} client={client} k={params['k']} task.params={task.params['k']} "
        f"data={os.fspath(product['data'])} same={task.product['data'] == product['data']} "
        f"upstream {up.name}={os.fspath(up.product)} label={label}"
    )


def dag_finish(dag, report):
    print("the pipeline hook says hi")
    log("dag finish " + ",".join(f"{n}:{t.outcome}:{t.product if n == 'a' else ''}" for n, t in dag.items()))
`;

const PIPELINE = `on_render: hooks.dag_render
on_finish: hooks.dag_finish
tasks:
  - source: fns.a
    product: out/a.txt
    on_render: hooks.task_render
  - source: fns.b
    product: {data: out/b.txt, meta: out/b.json}
    params: {k: 2}
    on_finish:
      - dotted_path: hooks.task_finish
        label: extra
`;

const printed = (events: BuildEvent[], name: string) =>
  events.flatMap((e) => e.type === "task-output" && e.name === name ? [e.output.text] : []).join("");

Deno.test("hooks get Ploomber's arguments by name, on_render runs first, and what they print is shown", async () => {
  await using p = await projectOf({ "pipeline.yaml": PIPELINE, "fns.py": FNS, "hooks.py": HOOKS });
  const run = await buildIn(p.dir);
  assertEquals(run.summary.ok, true, JSON.stringify(run.summary.tasks.map((t) => t.failure)));
  assertEquals(await Deno.readTextFile(`${p.dir}/out/b.txt`), "abb");
  assertEquals((await Deno.readTextFile(`${p.dir}/out/hooks.log`)).split("\n"), [
    "render a client=None product=out/a.txt upstream=[]",
    "dag render a,b",
    "finish b client=None k=2 task.params=2 data=out/b.txt same=True upstream a=out/a.txt label=extra",
    "dag finish a:ran:out/a.txt,b:ran:",
    "",
  ]);
  assertEquals(printed(run.events, "b"), "hook of b says hi\n");
  assertEquals(printed(run.events, "pipeline"), "the pipeline hook says hi\n");
});

const FAILING = `from pathlib import Path


def ok(product):
    Path(product).write_text("ok")


def bad(product):
    raise ValueError("bad on purpose")
`;

const FAILING_HOOKS = `import json, os


def finish():
    if os.path.exists("out/finish-fails"):
        raise RuntimeError("on_finish fails on purpose")


def failed(traceback, dag):
    n = len(os.listdir("out")) if os.path.isdir("out") else 0
    os.makedirs("out", exist_ok=True)
    summary = {k: (v.strip().splitlines()[-1] if v else v) for k, v in traceback.items()}
    with open(f"out/failed-{n}.json", "w") as f:
        json.dump({"traceback": summary, "outcomes": {n: t.outcome for n, t in dag.items()}}, f)
`;

Deno.test("a pipeline on_failure hook gets traceback as a dict with build and on_finish", async () => {
  await using p = await projectOf({
    "pipeline.yaml": "on_finish: hooks.finish\non_failure: hooks.failed\ntasks:\n" +
      "  - {source: fns.ok, product: out/ok.txt}\n  - {source: fns.bad, product: out/bad.txt}\n",
    "fns.py": FAILING,
    "hooks.py": FAILING_HOOKS,
  });
  const run = await buildIn(p.dir);
  assertEquals(run.summary.ok, false);
  const first = JSON.parse(await Deno.readTextFile(`${p.dir}/out/failed-1.json`));
  assertStringIncludes(first.traceback.build, "ValueError: bad on purpose");
  assertEquals(first.traceback.on_finish, null);
  assertEquals(first.outcomes, { ok: "ran", bad: "failed" });

  await Deno.writeTextFile(`${p.dir}/out/finish-fails`, "");
  const again = await buildIn(p.dir, { partially: "ok" });
  assertEquals(again.summary.ok, false);
  const second = JSON.parse(await Deno.readTextFile(`${p.dir}/out/failed-3.json`));
  assertEquals(second.traceback.build, null);
  assertStringIncludes(second.traceback.on_finish, "RuntimeError: on_finish fails on purpose");
});

const STOP_HOOKS = `import os
from ploomber.exceptions import DAGBuildEarlyStop


def maybe_stop(product):
    if not os.path.exists("go"):
        raise DAGBuildEarlyStop("nothing new")
`;

Deno.test("DAGBuildEarlyStop in a task's on_finish stops the build: nothing after it runs, exit 0, and where", async () => {
  await using p = await projectOf({
    "pipeline.yaml": "tasks:\n  - {source: fns.a, product: out/a.txt, on_finish: hooks.maybe_stop}\n" +
      "  - {source: fns.b, product: {data: out/b.txt, meta: out/b.json}, params: {k: 1}}\n",
    "fns.py": FNS,
    "hooks.py": STOP_HOOKS,
  });
  const cli = await plait(["build", "-e", p.dir]);
  assertEquals(cli.code, 0, cli.stdout + cli.stderr);
  assertStringIncludes(cli.stdout, 'Build stopped early by on_finish hook hooks.maybe_stop of task "a"');
  assertEquals(await Deno.readTextFile(`${p.dir}/out/a.txt`), "a");
  assertEquals(await Deno.stat(`${p.dir}/out/b.txt`).catch(() => "missing"), "missing");
  // As in Ploomber, the task whose hook stopped the build is not recorded: its hook decides again.
  await Deno.writeTextFile(`${p.dir}/go`, "");
  const again = await buildIn(p.dir);
  assertEquals(again.started, ["a", "b"]);
  assertEquals(await Deno.readTextFile(`${p.dir}/out/b.txt`), "ab");
});

const EARLY = `import os
from ploomber.exceptions import DAGBuildEarlyStop


def render(dag):
    if os.path.exists("stop-render"):
        raise DAGBuildEarlyStop(sorted(dag))


def finish():
    raise DAGBuildEarlyStop("always")


def never():
    open("never-ran", "w").close()
`;

Deno.test("DAGBuildEarlyStop in a pipeline on_render hook runs nothing; in on_finish, no hook after it", async () => {
  await using p = await projectOf({
    "pipeline.yaml": "on_render: hooks.render\non_finish: [hooks.finish, hooks.never]\n" +
      "tasks:\n  - {source: fns.a, product: out/a.txt}\n",
    "fns.py": FNS,
    "hooks.py": EARLY,
    "stop-render": "",
  });
  const run = await buildIn(p.dir);
  assertEquals(run.started, []);
  assertEquals(run.summary.ok, true);
  assertEquals(run.summary.stoppedEarly, "on_render hook hooks.render of the pipeline");
  assertEquals(run.reasons("a"), ["build stopped early by on_render hook hooks.render of the pipeline"]);

  await Deno.remove(`${p.dir}/stop-render`);
  const again = await buildIn(p.dir);
  assertEquals(again.started, ["a"]);
  assertEquals(again.summary.ok, true);
  assertEquals(again.summary.stoppedEarly, "pipeline on_finish hook hooks.finish");
  assertEquals(await Deno.stat(`${p.dir}/never-ran`).catch(() => "missing"), "missing");
});
