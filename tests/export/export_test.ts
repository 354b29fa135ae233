/**
 * `plait export`, on a real project built with real kernels (see _project.ts for its graph): every
 * target's output validated by the target's own schema and read back into the same graph as
 * plait's, in the three modes; then exported step commands run by hand build exactly their task.
 */
import {
  deepStrictEqual as assertEquals,
  notDeepStrictEqual as assertNotEquals,
  ok as assert,
  throws as assertThrows,
} from "node:assert/strict";
import { acquireLock } from "../../src/cache/mod.ts";
import { runCli } from "../../src/cli/main.ts";
import { parseDocument } from "../../src/deps.ts";
import { loadPipeline } from "../../src/project/mod.ts";
import { path } from "../../src/util/mod.ts";
import { airflowGraph, argoGraph, batchGraph, batchProblems, type Graph, k8sGraph } from "./_graphs.ts";
import { Job, Workflow } from "./_deps.ts";
import { FILES, FIXED_CHECK, localArgv, plait, statusOf, writeProject } from "./_project.ts";

const TARGETS = ["argo", "airflow", "k8s", "aws-batch"] as const;
const MODES = ["incremental", "regular", "force"] as const;

async function readGraph(target: string, out: string): Promise<Graph> {
  if (target === "argo") return await argoGraph(out);
  if (target === "k8s") {
    const g = await k8sGraph(out);
    // apply.sh waits for every upstream Job before applying its downstream
    for (const e of g.edges) {
      const [up, down] = e.split("->");
      const waited = g.order.findIndex(([op, t]) => op === "wait" && t === up);
      const applied = g.order.findIndex(([op, t]) => op === "apply" && t === down);
      assert(waited >= 0 && waited < applied, `apply.sh applies ${down} before ${up} completed`);
    }
    return g;
  }
  if (target === "airflow") {
    const g = await airflowGraph(out, "plait_export.py");
    assertEquals(g.info.dag, {
      dag_id: "'plait_export'",
      schedule: "'@daily'",
      start_date: "pendulum.datetime(2024, 1, 1, tz='UTC')",
      catchup: "False",
      max_active_runs: "1",
      tags: "['plait']",
    });
    return g;
  }
  return await batchGraph(out);
}

Deno.test("export: every target, every mode, is plait's graph, valid by the target's own schema; steps run by hand build one task", async (t) => {
  const { root, dir: proj } = await writeProject(FILES);
  try {
    const first = await plait(proj, ["build"]);
    assertEquals(first.code, 1, first.err + first.out);
    await Deno.writeTextFile(path.join(proj, "tasks/check.py"), FIXED_CHECK);

    const { pipeline } = await loadPipeline({ entry: path.join(proj, "pipeline.yaml") });
    const status = await statusOf(proj);
    const outdated = new Set([...status].filter(([, s]) => s.outdated).map(([n]) => n));
    // the failed task and its downstream, nothing else
    assertEquals([...outdated].sort(), ["check", "report"]);
    const argvs = new Map<string, Map<string, string[]>>();

    for (const mode of MODES) {
      const names = pipeline.order.filter((n) => mode !== "incremental" || outdated.has(n));
      const edges = names.flatMap((n) =>
        pipeline.tasks.get(n)!.upstream.filter((u) => names.includes(u)).map((u) => `${u}->${n}`)
      );
      for (const target of TARGETS) {
        await t.step(`${target} --mode ${mode}`, async () => {
          const out = path.join(proj, "exp", target, mode);
          const code = await runCli([
            "export",
            target,
            "--mode",
            mode,
            "-e",
            path.join(proj, "pipeline.yaml"),
            "-o",
            out,
          ]);
          assertEquals(code, 0);
          const g = await readGraph(target, out);
          assertEquals([...g.tasks.keys()].sort(), [...names].sort());
          assertEquals([...g.edges].sort(), [...edges].sort());
          for (const [task, argv] of g.tasks) {
            assertEquals(argv.slice(argv.indexOf("task"), argv.indexOf("task") + 3), [
              "task",
              task,
              "--no-lock",
            ]);
            assertEquals(argv.includes("--force"), mode === "force");
            const key = `${mode}:${task}`;
            if (!argvs.has(key)) argvs.set(key, new Map());
            argvs.get(key)!.set(target, argv);
          }
          const docker = await Deno.readTextFile(path.join(out, "Dockerfile"));
          assert(docker.includes(`COPY exp/${target}/${mode}/plait /opt/plait`), docker);
          assert(await Deno.stat(path.join(out, "plait/cli.ts")).then(() => true));
        });
      }
    }
    // every target runs the same command for a task
    for (const [key, byTarget] of argvs) {
      assertEquals(byTarget.size, 4, key);
      for (const argv of byTarget.values()) assertEquals(argv, byTarget.get("argo"), key);
    }

    await t.step("a task's resources reach every target's spec", async () => {
      const exp = (target: string, f: string) => path.join(proj, "exp", target, "regular", f);
      const kube = {
        requests: { cpu: "2", memory: "1024Mi" },
        limits: { memory: "1024Mi", "nvidia.com/gpu": "1" },
      };
      const wf = parseDocument(await Deno.readTextFile(exp("argo", "argo.yaml"))).toJS();
      const tpl = wf.spec.templates.find((x: { name: string }) => x.name === "t-fit-1");
      assertEquals([tpl.container.resources, tpl.activeDeadlineSeconds], [kube, 5400]);
      assertEquals(
        wf.spec.templates.find((x: { name: string }) => x.name === "t-load").container.resources,
        undefined,
      );
      const job = parseDocument(await Deno.readTextFile(exp("k8s", "jobs/2-fit-1.yaml"))).toJS();
      assertEquals([job.spec.template.spec.containers[0].resources, job.spec.activeDeadlineSeconds], [
        kube,
        5400,
      ]);
      const def = JSON.parse(await Deno.readTextFile(exp("aws-batch", "job-definitions/fit-1.json")));
      assertEquals([def.containerProperties.resourceRequirements, def.timeout], [
        [{ type: "VCPU", value: "2" }, { type: "MEMORY", value: "1024" }, { type: "GPU", value: "1" }],
        { attemptDurationSeconds: 5400 },
      ]);
      const dag = await Deno.readTextFile(exp("airflow", "plait_export.py"));
      assert(
        dag.includes(
          `container_resources=k8s.V1ResourceRequirements(requests={"cpu": "2", "memory": "1024Mi"}`,
        ),
      );
      assert(dag.includes("execution_timeout=datetime.timedelta(seconds=5400)"));
    });

    await t.step("the validators reject what the targets would reject", () => {
      assertThrows(() =>
        new Workflow({
          metadata: { generateName: "x-" },
          spec: {
            entrypoint: "dag",
            templates: [{ name: "dag", dag: { tasks: [{ name: "a", dependencies: "b" }] } }],
          },
        } as never).validate()
      );
      assertThrows(() =>
        new Job(
          {
            metadata: { name: "a" },
            spec: { template: { spec: { containers: [{ name: "c", args: [1] }] } } },
          } as never,
        )
          .validate()
      );
      assertEquals(
        batchProblems({ jobDefinitionName: "a", type: "container", containerProperties: { cmd: [] } }),
        [
          "$.containerProperties.cmd: not a member of ContainerProperties",
        ],
      );
      assertEquals(batchProblems({ type: "job" }).length, 2);
    });

    await t.step(
      "an incremental step run by hand builds exactly its task, beside a build holding the lock",
      async () => {
        // a step never takes the project lock: other steps (or the build that exported) may hold it
        await using _held = await acquireLock(proj, { command: "build" });
        const before = await statusOf(proj);
        const run = await new Deno.Command(localArgv(argvs.get("incremental:check")!.get("argo")!)[0], {
          args: localArgv(argvs.get("incremental:check")!.get("argo")!).slice(1),
          cwd: proj,
          env: { NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        }).output();
        assertEquals(run.code, 0, new TextDecoder().decode(run.stderr));
        const after = await statusOf(proj);
        assertEquals(after.get("check")!.outdated, false);
        assertEquals(after.get("report")!.outdated, true);
        for (const n of ["load", "fit-1", "fit-2", "summarize"]) assertEquals(after.get(n), before.get(n), n);
        assertEquals(await Deno.readTextFile(path.join(proj, "output/check.txt")), "ok");
      },
    );

    const runStep = async (key: string) => {
      const argv = localArgv(argvs.get(key)!.get("aws-batch")!);
      const r = await new Deno.Command(argv[0], {
        args: argv.slice(1),
        cwd: proj,
        stdout: "piped",
        stderr: "piped",
      })
        .output();
      assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
    };

    await t.step("its downstream's step then brings the pipeline up to date", async () => {
      await runStep("incremental:report");
      const s = await statusOf(proj);
      assertEquals([...s.values()].filter((x) => x.outdated), []);
    });

    await t.step(
      "a regular step skips its task when up to date; force steps, two at once, re-run only their tasks",
      async () => {
        const before = await statusOf(proj);
        await runStep("regular:load");
        assertEquals(await statusOf(proj), before);
        // two steps at once on the same project: both records land in the shared journal
        await Promise.all([runStep("force:fit-1"), runStep("force:fit-2")]);
        const after = await statusOf(proj);
        assertNotEquals(after.get("fit-1")!.lastRun, before.get("fit-1")!.lastRun);
        assertNotEquals(after.get("fit-2")!.lastRun, before.get("fit-2")!.lastRun);
        for (const n of ["load", "summarize", "check", "report"]) {
          assertEquals(after.get(n), before.get(n), n);
        }
        assertEquals(
          [...after.values()].filter((x) => x.outdated),
          [],
        );
      },
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
