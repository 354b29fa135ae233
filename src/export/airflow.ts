import { stepId } from "./plan.ts";
import { py, sh } from "./_quote.ts";
import { deadline, kubeResources } from "./resources.ts";
import type { ExportFile, ExportPlan, ExportStep } from "./types.ts";

function volumePy(plan: ExportPlan): string {
  const s = plan.settings.storage;
  const v = (kw: string, src: string) => `k8s.V1Volume(name="shared", ${kw}=${src})`;
  if (s.nfs) return v("nfs", `k8s.V1NFSVolumeSource(server=${py(s.nfs.server)}, path=${py(s.nfs.path)})`);
  if (s.csi) {
    const attrs = s.csi.volumeAttributes ? `, volume_attributes=${py(s.csi.volumeAttributes)}` : "";
    return v("csi", `k8s.V1CSIVolumeSource(driver=${py(s.csi.driver)}${attrs})`);
  }
  if (s.host) {
    return v("host_path", `k8s.V1HostPathVolumeSource(path=${py(s.host)}, type="DirectoryOrCreate")`);
  }
  const claim = py(s.claim ?? "plait-shared");
  return v("persistent_volume_claim", `k8s.V1PersistentVolumeClaimVolumeSource(claim_name=${claim})`);
}

function resourceArgs(step: ExportStep): string[] {
  const r = kubeResources(step.resources) as { requests?: unknown; limits?: unknown } | undefined;
  const parts = r ? [r.requests && `requests=${py(r.requests)}`, r.limits && `limits=${py(r.limits)}`] : [];
  return r ? [`container_resources=k8s.V1ResourceRequirements(${parts.filter(Boolean).join(", ")})`] : [];
}

function timeout(step: ExportStep): string[] {
  const s = deadline(step.resources);
  return s === undefined ? [] : [`        execution_timeout=datetime.timedelta(seconds=${s}),`];
}

function podOperator(plan: ExportPlan, step: ExportStep): string[] {
  const s = plan.settings;
  const args = [
    `task_id=${py(step.id)}`,
    `name=${py(stepId("k8s", step.task))}`,
    ...(s.namespace ? [`namespace=${py(s.namespace)}`] : []),
    ...(s.serviceAccount ? [`service_account_name=${py(s.serviceAccount)}`] : []),
    `image=${py(s.image)}`,
    `cmds=${py([step.argv[0]])}`,
    `arguments=${py(step.argv.slice(1))}`,
    ...(Object.keys(s.env).length ? [`env_vars=${py(s.env)}`] : []),
    ...(plan.shared.length ? ["volumes=VOLUMES", "volume_mounts=MOUNTS"] : []),
    ...resourceArgs(step),
    `annotations=${py({ "plait.dev/task": step.task, "plait.dev/mode": plan.mode })}`,
    "get_logs=True",
  ];
  const lines = args.map((a) => `        ${a},`);
  return [`    tasks[${py(step.id)}] = KubernetesPodOperator(`, ...lines, ...timeout(step), "    )"];
}

function bashOperator(plan: ExportPlan, step: ExportStep): string[] {
  const s = plan.settings;
  const command = `cd ${sh(s.workdir)} && ${step.argv.map(sh).join(" ")}`;
  const env = Object.keys(s.env).length ? [`        env=${py(s.env)},`, "        append_env=True,"] : [];
  return [
    `    tasks[${py(step.id)}] = BashOperator(`,
    `        task_id=${py(step.id)},`,
    `        bash_command=${py(command)},`,
    ...env,
    ...timeout(step),
    "    )",
  ];
}

function header(plan: ExportPlan): string[] {
  const s = plan.settings;
  const kube = s.operator === "kubernetes";
  const mounts = plan.shared.map((d) =>
    `    k8s.V1VolumeMount(name="shared", mount_path=${py(`${s.workdir}/${d}`)}, sub_path=${py(d)}),`
  );
  return [
    `"""Written by \`plait export airflow --mode ${plan.mode}\`: one Airflow task a plait task.`,
    "",
    "Each runs plait for exactly that task, so plait's state (.plait/) and products, on the shared",
    `storage, stay the truth: ${
      plan.mode === "force" ? "every task is forced" : "a task up to date when it runs is skipped"
    }.`,
    '"""',
    "import datetime",
    "",
    "import pendulum",
    "from airflow import DAG",
    kube
      ? "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator"
      : "from airflow.operators.bash import BashOperator",
    ...(kube ? ["from kubernetes.client import models as k8s", ""] : [""]),
    ...(kube && plan.shared.length
      ? [`VOLUMES = [${volumePy(plan)}]`, "MOUNTS = [", ...mounts, "]", ""]
      : []),
  ];
}

/** The DAG file's text: one operator a step, then the edges (`tasks["a"] >> tasks["b"]`). */
export function airflowDag(plan: ExportPlan): string {
  const s = plan.settings;
  const [y, m, d] = s.startDate.split("-").map(Number);
  const lines = [
    ...header(plan),
    "with DAG(",
    `    dag_id=${py(s.dagId)},`,
    `    schedule=${py(s.schedule)},`,
    `    start_date=pendulum.datetime(${y}, ${m}, ${d}, tz="UTC"),`,
    "    catchup=False,",
    "    max_active_runs=1,",
    `    tags=["plait"],`,
    ") as dag:",
    "    tasks = {}",
  ];
  for (const step of plan.steps) {
    if (step.reads.length) lines.push(`    # reads the products of up-to-date ${step.reads.join(", ")}`);
    lines.push(...(s.operator === "kubernetes" ? podOperator(plan, step) : bashOperator(plan, step)));
  }
  for (const step of plan.steps) {
    for (const up of step.after) lines.push(`    tasks[${py(up)}] >> tasks[${py(step.id)}]`);
  }
  return lines.join("\n") + "\n";
}

/** `<dag_id>.py`, for Airflow's dags folder. */
export function airflowFiles(plan: ExportPlan): ExportFile[] {
  return [{ path: `${plan.settings.dagId}.py`, content: airflowDag(plan) }];
}
