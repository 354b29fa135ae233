/**
 * Reads each target's output back into a graph (plait task -> its command, and edges), validating
 * it against the target's own schema on the way. Scripts (k8s apply.sh, Batch submit.sh) are run
 * with a stub `kubectl` / `aws` on PATH that logs its arguments.
 */
import { parseDocument } from "../../src/deps.ts";
import { path } from "../../src/util/mod.ts";
import {
  Job,
  JobDefinitionType,
  PlatformCapability,
  RegisterJobDefinitionRequest$,
  ResourceType,
  Workflow,
} from "./_deps.ts";
import { checkShape } from "./_batch_model.ts";
import { REPO } from "./_project.ts";

/** Tasks (by plait name, with the step's command) and edges `up->down`. */
export interface Graph {
  tasks: Map<string, string[]>;
  edges: Set<string>;
}

const taskOf = (argv: string[]) => argv[argv.indexOf("task") + 1];
const yaml = (text: string) => parseDocument(text).toJS();

/** Argo: validated with the Workflow model's own validate(). */
export async function argoGraph(dir: string): Promise<Graph> {
  const wf = yaml(await Deno.readTextFile(path.join(dir, "argo.yaml")));
  new Workflow(wf).validate();
  const templates = new Map<string, string[]>(
    wf.spec.templates.filter((t: { container?: unknown }) => t.container).map((
      t: { name: string; container: { command: string[]; args: string[] } },
    ) => [t.name, [...t.container.command, ...t.container.args]]),
  );
  const dag = wf.spec.templates.find((t: { name: string }) => t.name === wf.spec.entrypoint).dag;
  const byId = new Map<string, string[]>(
    dag.tasks.map((t: { name: string; template: string }) => [t.name, templates.get(t.template)!]),
  );
  const tasks = new Map([...byId.values()].map((argv) => [taskOf(argv), argv]));
  const edges = new Set<string>();
  for (const t of dag.tasks as { name: string; dependencies?: string[] }[]) {
    for (const d of t.dependencies ?? []) edges.add(`${taskOf(byId.get(d)!)}->${taskOf(byId.get(t.name)!)}`);
  }
  return { tasks, edges };
}

export async function withStub(
  name: string,
  body: string,
  run: (env: Record<string, string>) => Promise<void>,
) {
  const bin = await Deno.makeTempDir({ prefix: "plait_stub_" });
  try {
    const log = path.join(bin, "log");
    await Deno.writeTextFile(
      path.join(bin, name),
      `#!/bin/sh\nprintf '%s\\n' "$@" >> "${log}"\necho --- >> "${log}"\n${body}`,
    );
    await Deno.chmod(path.join(bin, name), 0o755);
    await run({ PATH: `${bin}:${Deno.env.get("PATH")}` });
    return (await Deno.readTextFile(log)).split("---\n").filter(Boolean).map((c) => c.trimEnd().split("\n"));
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
}

async function sh(script: string, env: Record<string, string>): Promise<void> {
  const r = await new Deno.Command("sh", { args: [script], env, stdout: "piped", stderr: "piped" }).output();
  if (!r.success) throw new Error(`${script} failed: ${new TextDecoder().decode(r.stderr)}`);
}

/** Kubernetes: each Job validated with the Job model's validate(); apply.sh run with a stub kubectl. */
export async function k8sGraph(dir: string): Promise<Graph & { order: string[][] }> {
  const tasks = new Map<string, string[]>();
  const jobs = new Map<string, { task: string; after: string[]; file: string }>();
  for await (const e of Deno.readDir(path.join(dir, "jobs"))) {
    const job = yaml(await Deno.readTextFile(path.join(dir, "jobs", e.name)));
    new Job(job).validate();
    const c = job.spec.template.spec.containers[0];
    const argv = [...c.command, ...c.args];
    tasks.set(taskOf(argv), argv);
    const a = job.metadata.annotations;
    jobs.set(job.metadata.name, {
      task: a["plait.dev/task"],
      after: a["plait.dev/after"]?.split(",") ?? [],
      file: `jobs/${e.name}`,
    });
  }
  const edges = new Set<string>();
  for (const j of jobs.values()) for (const up of j.after) edges.add(`${jobs.get(up)!.task}->${j.task}`);
  // the stub says every Job succeeded: `kubectl get job NAME -o jsonpath=...` prints "1/"
  const calls = await withStub(
    "kubectl",
    'if [ "$1" = get ]; then printf 1/; fi\n',
    (env) => sh(path.join(dir, "apply.sh"), env),
  );
  const byFile = new Map([...jobs.entries()].map(([name, j]) => [j.file, name]));
  const order = calls.map((c) =>
    c[0] === "apply"
      ? ["apply", jobs.get(byFile.get(c[c.indexOf("-f") + 1])!)!.task]
      : ["wait", jobs.get(c[c.indexOf("job") + 1])!.task]
  );
  return { tasks, edges, order };
}

/** Airflow: the DAG file read with Python's ast. */
export async function airflowGraph(
  dir: string,
  file: string,
): Promise<Graph & { info: Record<string, unknown> }> {
  const r = await new Deno.Command("/usr/bin/python3", {
    args: [path.join(REPO, "tests/export/_airflow_graph.py"), path.join(dir, file)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  const info = JSON.parse(new TextDecoder().decode(r.stdout));
  const argvOf = (t: { cmds?: string[]; arguments?: string[]; bash_command?: string }) =>
    t.bash_command ? t.bash_command.split(" && ")[1].split(" ") : [...t.cmds!, ...t.arguments!];
  const byId = new Map<string, string[]>(
    Object.entries(info.tasks).map(([id, t]) => [id, argvOf(t as never)]),
  );
  const tasks = new Map([...byId.values()].map((argv) => [taskOf(argv), argv]));
  const edges = new Set(
    (info.edges as [string, string][]).map(([a, b]) => `${taskOf(byId.get(a)!)}->${taskOf(byId.get(b)!)}`),
  );
  return { tasks, edges, info };
}

/** Problems of a job definition against the SDK's RegisterJobDefinitionRequest and its enums. */
export function batchProblems(def: Record<string, unknown>): string[] {
  const problems = checkShape(RegisterJobDefinitionRequest$, def);
  const enumOf = (e: Record<string, string>) => Object.values(e);
  if (!enumOf(JobDefinitionType).includes(def.type as string)) problems.push(`type ${def.type}`);
  for (const p of (def.platformCapabilities ?? []) as string[]) {
    if (!enumOf(PlatformCapability).includes(p)) problems.push(`platformCapabilities ${p}`);
  }
  const cp = def.containerProperties as { resourceRequirements?: { type: string }[] } | undefined;
  for (const r of cp?.resourceRequirements ?? []) {
    if (!enumOf(ResourceType).includes(r.type)) problems.push(`resourceRequirements type ${r.type}`);
  }
  return problems;
}

/** AWS Batch: job definitions checked against the SDK's model; submit.sh run with a stub aws. */
export async function batchGraph(dir: string): Promise<Graph> {
  const defs = new Map<string, string[]>();
  for await (const e of Deno.readDir(path.join(dir, "job-definitions"))) {
    const def = JSON.parse(await Deno.readTextFile(path.join(dir, "job-definitions", e.name)));
    const problems = batchProblems(def);
    if (problems.length) throw new Error(`${e.name}: ${problems.join("; ")}`);
    defs.set(def.jobDefinitionName, def.containerProperties.command);
  }
  const stub = 'if [ "$2" = submit-job ]; then echo "id-$4"; fi\n';
  const calls = await withStub("aws", stub, (env) => sh(path.join(dir, "submit.sh"), env));
  const registered = calls.filter((c) => c[1] === "register-job-definition").length;
  if (registered !== defs.size) throw new Error(`registered ${registered} of ${defs.size} job definitions`);
  const tasks = new Map<string, string[]>();
  const byJobId = new Map<string, string>();
  const edges = new Set<string>();
  for (const c of calls.filter((c) => c[1] === "submit-job")) {
    const argv = defs.get(c[c.indexOf("--job-definition") + 1])!;
    const task = taskOf(argv);
    tasks.set(task, argv);
    byJobId.set(`id-${c[c.indexOf("--job-name") + 1]}`, task);
    const at = c.indexOf("--depends-on");
    if (at >= 0) {
      for (const d of c.slice(at + 1).filter((x) => x.startsWith("jobId="))) {
        edges.add(`${byJobId.get(d.slice(6))}->${task}`);
      }
    }
  }
  return { tasks, edges };
}
