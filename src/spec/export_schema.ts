import { z } from "../deps.ts";
import type { ExportOptions, ExportStorage, ExportTargetOptions } from "../graph/mod.ts";

const Storage = z.strictObject({
  claim: z.string().optional().describe("A PersistentVolumeClaim's name (Kubernetes targets)"),
  nfs: z.strictObject({ server: z.string(), path: z.string() }).optional(),
  csi: z.strictObject({
    driver: z.string(),
    volume_attributes: z.record(z.string(), z.string()).optional(),
  }).optional().describe("A CSI volume, e.g. an object store mounted as files"),
  efs: z.strictObject({ file_system_id: z.string(), root_directory: z.string().optional() }).optional()
    .describe("An EFS file system (aws-batch)"),
  host: z.string().optional().describe("A folder on every node or instance"),
}).describe("Where products and .plait/ live, shared by every step (one kind)");

const common = {
  image: z.string().optional().describe("The image steps run in"),
  namespace: z.string().optional(),
  service_account: z.string().optional(),
  storage: Storage.optional(),
  workdir: z.string().optional().describe("The project's folder in the image (default /project)"),
  env: z.record(z.string(), z.string()).optional().describe("Environment variables for every step"),
};

/** The `export:` section of pipeline.yaml: settings for `plait export`. */
export const ExportSchema = z.strictObject({
  ...common,
  argo: z.strictObject(common).optional(),
  k8s: z.strictObject(common).optional(),
  airflow: z.strictObject({
    ...common,
    operator: z.enum(["kubernetes", "bash"]).optional(),
    schedule: z.union([z.string(), z.null()]).optional(),
    dag_id: z.string().optional(),
    start_date: z.string().optional(),
  }).optional(),
  aws_batch: z.strictObject({
    ...common,
    job_queue: z.string().optional(),
    job_role_arn: z.string().optional(),
    platform: z.enum(["EC2", "FARGATE"]).optional(),
  }).optional(),
}).describe("plait: settings for `plait export argo|airflow|k8s|aws-batch`");

type Yaml = z.infer<typeof ExportSchema>;
type CommonYaml = Omit<Yaml, "argo" | "k8s" | "airflow" | "aws_batch">;

function storage(s: CommonYaml["storage"]): ExportStorage | undefined {
  if (!s) return undefined;
  return {
    claim: s.claim,
    nfs: s.nfs,
    csi: s.csi && { driver: s.csi.driver, volumeAttributes: s.csi.volume_attributes },
    efs: s.efs && { fileSystemId: s.efs.file_system_id, rootDirectory: s.efs.root_directory },
    host: s.host,
  };
}

function target(t: CommonYaml | undefined): ExportTargetOptions | undefined {
  if (!t) return undefined;
  return {
    image: t.image,
    namespace: t.namespace,
    serviceAccount: t.service_account,
    storage: storage(t.storage),
    workdir: t.workdir,
    env: t.env,
  };
}

/** The `export:` section as the options a `pipeline.ts` gives (`service_account` -> `serviceAccount`). */
export function exportOptions(y: Yaml | undefined): ExportOptions | undefined {
  if (!y) return undefined;
  const a = y.airflow;
  const b = y.aws_batch;
  return {
    ...target(y),
    argo: target(y.argo),
    k8s: target(y.k8s),
    airflow: a && {
      ...target(a),
      operator: a.operator,
      schedule: a.schedule,
      dagId: a.dag_id,
      startDate: a.start_date,
    },
    awsBatch: b && { ...target(b), jobQueue: b.job_queue, jobRoleArn: b.job_role_arn, platform: b.platform },
  };
}
