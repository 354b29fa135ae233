/**
 * Where the folders every exported step shares (products and `.plait/` state) live. Give one kind;
 * the default is `claim: "plait-shared"`.
 */
export interface ExportStorage {
  /** A Kubernetes PersistentVolumeClaim (Argo, Kubernetes Jobs, Airflow's KubernetesPodOperator). */
  readonly claim?: string;
  /** An NFS export (Kubernetes targets). */
  readonly nfs?: { readonly server: string; readonly path: string };
  /** A CSI volume, such as an object store mounted as files (`s3.csi.aws.com`, `gcsfuse.csi.storage.gke.io`). */
  readonly csi?: {
    readonly driver: string;
    readonly volumeAttributes?: Readonly<Record<string, string>>;
  };
  /** An EFS file system (AWS Batch). */
  readonly efs?: { readonly fileSystemId: string; readonly rootDirectory?: string };
  /** A folder on every node or instance (all must see the same content). */
  readonly host?: string;
}

/** Settings shared by every `plait export` target, each overridable in the target's own section. */
export interface ExportTargetOptions {
  /** The image steps run in (default `plait-<project folder>:latest`; `--image` overrides). */
  readonly image?: string;
  /** Kubernetes namespace. */
  readonly namespace?: string;
  /** Kubernetes service account the steps run as. */
  readonly serviceAccount?: string;
  /** Where products live between steps (shared volume or object store). */
  readonly storage?: ExportStorage;
  /** The project's folder inside the image (default `/project`). */
  readonly workdir?: string;
  /** Environment variables for every step. */
  readonly env?: Readonly<Record<string, string>>;
}

/** `plait export airflow` settings. */
export interface AirflowExportOptions extends ExportTargetOptions {
  /** `kubernetes` (KubernetesPodOperator, the default) or `bash` (BashOperator on the workers). */
  readonly operator?: "kubernetes" | "bash";
  /** A cron expression or preset (`@daily`); `null` (the default) runs only when triggered. */
  readonly schedule?: string | null;
  /** The DAG's id (default: the project folder's name). */
  readonly dagId?: string;
  /** The DAG's start date, `YYYY-MM-DD` (default `2024-01-01`). */
  readonly startDate?: string;
}

/** `plait export aws-batch` settings. */
export interface AwsBatchExportOptions extends ExportTargetOptions {
  /** The job queue jobs are submitted to (required). */
  readonly jobQueue?: string;
  /** IAM role the containers run as. */
  readonly jobRoleArn?: string;
  /** `EC2` (the default) or `FARGATE`. */
  readonly platform?: "EC2" | "FARGATE";
}

/** The `export:` section of a pipeline: settings for `plait export argo|airflow|k8s|aws-batch`. */
export interface ExportOptions extends ExportTargetOptions {
  /** Options for `export argo`. */
  readonly argo?: ExportTargetOptions;
  /** Options for `export k8s`. */
  readonly k8s?: ExportTargetOptions;
  /** Options for `export airflow`. */
  readonly airflow?: AirflowExportOptions;
  /** Options for `export aws-batch`. */
  readonly awsBatch?: AwsBatchExportOptions;
}
