/**
 * Settings precedence and the targets' less-travelled options (Airflow's BashOperator, NFS and CSI
 * storage, pipeline.ts's `export:`), on a small TypeScript pipeline (no kernel):
 *
 *   make --> use
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseDocument } from "../deps.ts";
import type { SpecError } from "../errors/mod.ts";
import { type ExportOptions, pipeline, resolvePipeline } from "../graph/mod.ts";
import { exportPipeline, type ExportRunOptions, type ExportTarget } from "./mod.ts";

async function twoTasks(exportOptions: ExportOptions) {
  const b = pipeline({ export: exportOptions })
    .task("make", { run: () => {}, product: "out/make.txt" })
    .task("use", { run: () => {}, upstream: ["make"], product: { data: "out/use.txt" } });
  return await resolvePipeline(b, { root: "/tmp/my_proj", file: "/tmp/my_proj/pipeline.ts" });
}

const run = (target: ExportTarget): ExportRunOptions => ({
  target,
  mode: "regular",
  outdated: new Set(),
  locate: (path) => ({ file: "pipeline.ts", line: path.length }),
  outDir: "export",
  python: "none",
  denoVersion: "2.9.6",
});

Deno.test("settings: the target's section over the common keys over defaults; --image over all", async () => {
  const p = await twoTasks({ image: "reg/a:1", namespace: "ns1", argo: { namespace: "ns2" } });
  const argo = exportPipeline(p, run("argo")).plan.settings;
  assertEquals([argo.image, argo.namespace, argo.workdir, argo.storage], ["reg/a:1", "ns2", "/project", {
    claim: "plait-shared",
  }]);
  assertEquals(exportPipeline(p, run("k8s")).plan.settings.namespace, "ns1");
  assertEquals(exportPipeline(p, { ...run("k8s"), image: "other:2" }).plan.settings.image, "other:2");
  const none = exportPipeline(await twoTasks({}), run("airflow")).plan.settings;
  assertEquals([none.image, none.dagId, none.schedule, none.operator], [
    "plait-my-proj:latest",
    "my_proj",
    null,
    "kubernetes",
  ]);
});

Deno.test("settings: a problem is located at the section that set the value", async () => {
  const p = await twoTasks({ airflow: { dagId: "no spaces allowed" } });
  let issues: SpecError["issues"] = [];
  try {
    exportPipeline(p, run("airflow"));
  } catch (e) {
    issues = (e as SpecError).issues;
  }
  assertEquals(issues.map((i) => [i.location?.line, i.message]), [
    [2, 'Cannot use "no spaces allowed" as an Airflow DAG id'], // at ["airflow", "dag_id"]
  ]);
});

Deno.test("airflow with operator bash: BashOperator commands cd into the workdir; no volumes", async () => {
  const p = await twoTasks({ workdir: "/srv/proj", airflow: { operator: "bash", env: { A: "1" } } });
  const { files, plan } = exportPipeline(p, run("airflow"));
  assertEquals(plan.shared, []);
  const dag = files.find((f) => f.path === "my_proj.py")!.content;
  assert(dag.includes("from airflow.operators.bash import BashOperator"), dag);
  assert(!dag.includes("VOLUMES"), dag);
  const cmd =
    `cd /srv/proj && deno run --allow-read --allow-write --allow-run --allow-env --allow-net=127.0.0.1 ` +
    `--allow-import pipeline.ts task use --no-lock`;
  assert(dag.includes(`bash_command=${JSON.stringify(cmd)}`), dag);
  assert(dag.includes('tasks["make"] >> tasks["use"]'), dag);
});

Deno.test("--env-- overrides the export was made with reach every step's command", async () => {
  const p = await twoTasks({});
  const { plan } = exportPipeline(p, { ...run("argo"), envOverrides: { sample: "0.1", "db.host": "x y" } });
  for (const step of plan.steps) {
    assertEquals(step.argv.slice(-2), ["--env--sample=0.1", "--env--db--host=x y"]);
  }
});

Deno.test("storage: nfs and csi (an object store) volumes, mounted once a shared folder", async () => {
  const nfs = exportPipeline(
    await twoTasks({ storage: { nfs: { server: "10.0.0.2", path: "/x" } } }),
    run("k8s"),
  );
  const job = parseDocument(nfs.files.find((f) => f.path.startsWith("jobs/1-"))!.content).toJS();
  const pod = job.spec.template.spec;
  assertEquals(pod.volumes, [{ name: "shared", nfs: { server: "10.0.0.2", path: "/x" } }]);
  assertEquals(pod.containers[0].volumeMounts, [
    { name: "shared", mountPath: "/project/.plait", subPath: ".plait" },
    { name: "shared", mountPath: "/project/out", subPath: "out" },
  ]);
  const csi = exportPipeline(
    await twoTasks({ storage: { csi: { driver: "s3.csi.aws.com", volumeAttributes: { bucketName: "b" } } } }),
    run("argo"),
  );
  const wf = parseDocument(csi.files.find((f) => f.path === "argo.yaml")!.content).toJS();
  assertEquals(wf.spec.volumes, [{
    name: "shared",
    csi: { driver: "s3.csi.aws.com", volumeAttributes: { bucketName: "b" } },
  }]);
});
