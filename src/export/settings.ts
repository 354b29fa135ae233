import { type Issue, SpecError } from "../errors/mod.ts";
import type { ExportOptions, ExportStorage, Pipeline } from "../graph/mod.ts";
import { basename } from "../util/path.ts";
import type { ExportTarget, Locate, ResolvedSettings } from "./types.ts";

/** The section of `export:` holding a target's own settings, as written in pipeline.yaml. */
export function sectionKey(target: ExportTarget): "argo" | "k8s" | "airflow" | "aws_batch" {
  return target === "aws-batch" ? "aws_batch" : target;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// A Docker image reference: [host[:port]/]path[:tag][@digest], lower-case path components.
const IMAGE =
  /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;
const CRON_FIELD = /^[\d*/,?LW#A-Za-z-]+$/;
const PRESETS = ["@once", "@continuous", "@hourly", "@daily", "@weekly", "@monthly", "@quarterly", "@yearly"];

/** A DNS-1123 label from any text (lower case, `-` for the rest, at most `max` characters). */
export function dnsLabel(text: string, max = 63): string {
  const s = text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-+|-+$/g, "");
  return (s || "plait").slice(0, max).replace(/-+$/, "");
}

const defined = <T extends object>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

function storageKinds(s: ExportStorage): string[] {
  return Object.entries(s).filter(([, v]) => v !== undefined).map(([k]) => k);
}

interface Ctx {
  target: ExportTarget;
  section: string;
  /** Which section (`export` or the target's) the effective value of each key comes from. */
  from: (key: string) => string[];
  locate: Locate;
  issues: Issue[];
}

function issue(c: Ctx, key: string, message: string, hint?: string): void {
  c.issues.push({ location: c.locate(c.from(key)), message, hint });
}

function checkCommon(s: ResolvedSettings, c: Ctx): void {
  if (!IMAGE.test(s.image)) {
    issue(
      c,
      "image",
      `Cannot use "${s.image}" as an image: not a Docker image reference`,
      "e.g. ghcr.io/acme/churn:1.2 (lower case, no spaces)",
    );
  }
  for (const [key, yamlKey] of [["namespace", "namespace"], ["serviceAccount", "service_account"]] as const) {
    const v = s[key];
    if (v !== undefined && !DNS_LABEL.test(v)) {
      issue(
        c,
        yamlKey,
        `Cannot use "${v}" as a Kubernetes ${yamlKey.replace("_", " ")}: not a DNS-1123 label`,
        "lower-case letters, digits and '-', starting and ending with a letter or digit",
      );
    }
  }
  if (!s.workdir.startsWith("/")) {
    issue(
      c,
      "workdir",
      `Cannot use "${s.workdir}" as the project's folder in the image: not an absolute path`,
      "e.g. /project",
    );
  }
  for (const k of Object.keys(s.env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) {
      issue(c, "env", `Cannot use "${k}" as an environment variable name`);
    }
  }
  const kinds = storageKinds(s.storage);
  if (kinds.length > 1) {
    issue(
      c,
      "storage",
      `Cannot use storage with ${kinds.join(" and ")}: give one kind`,
      "steps share one place for products and .plait/",
    );
  }
}

function checkTarget(s: ResolvedSettings, c: Ctx): void {
  const kind = storageKinds(s.storage)[0];
  const kubernetes = c.target !== "aws-batch" && !(c.target === "airflow" && s.operator === "bash");
  if (kubernetes && kind === "efs") {
    issue(
      c,
      "storage",
      `Cannot use storage.efs with ${c.target}: EFS volumes are for aws-batch`,
      "use a claim (a PersistentVolumeClaim on EFS), nfs or csi",
    );
  }
  if (c.target === "aws-batch") {
    if (!s.jobQueue) {
      c.issues.push({
        location: c.locate(["aws_batch"]),
        message: "Cannot export to aws-batch without a job queue",
        hint: "add `aws_batch: {job_queue: NAME}` under export: in the pipeline",
      });
    }
    if (kind !== "efs" && kind !== "host") {
      issue(
        c,
        "storage",
        `Cannot use ${
          kind === undefined ? "the default storage (a volume claim)" : `storage.${kind}`
        } with aws-batch`,
        "give storage: {efs: {file_system_id: fs-...}} or storage: {host: /mnt/shared}",
      );
    }
  }
  if (c.target === "aws-batch" && s.platform === "FARGATE" && kind === "host") {
    issue(
      c,
      "storage",
      "Cannot use storage.host with FARGATE: Fargate jobs have no host volumes",
      "use storage.efs",
    );
  }
  if (c.target === "airflow") {
    const sch = s.schedule;
    const fields = sch?.trim().split(/\s+/) ?? [];
    if (
      sch !== null && !PRESETS.includes(sch) &&
      !(fields.length === 5 && fields.every((f) => CRON_FIELD.test(f)))
    ) {
      issue(
        c,
        "schedule",
        `Cannot use "${sch}" as an Airflow schedule: not a cron expression or preset`,
        `e.g. "0 3 * * *", @daily, or null to run only when triggered`,
      );
    }
    if (!/^[A-Za-z0-9_.-]+$/.test(s.dagId)) {
      issue(
        c,
        "dag_id",
        `Cannot use "${s.dagId}" as an Airflow DAG id`,
        "letters, digits, '_', '.' and '-' only",
      );
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s.startDate) || Number.isNaN(Date.parse(s.startDate))) {
      issue(c, "start_date", `Cannot use "${s.startDate}" as a start date`, "write YYYY-MM-DD");
    }
  }
}

const YAML_KEY: Record<string, string> = {
  serviceAccount: "service_account",
  dagId: "dag_id",
  startDate: "start_date",
  jobQueue: "job_queue",
  jobRoleArn: "job_role_arn",
};

/**
 * One target's settings: the target's section over the common `export:` keys over defaults, with
 * `--image` over all. Every problem is collected and thrown as one located {@link SpecError}.
 */
export function resolveSettings(
  pipeline: Pipeline,
  target: ExportTarget,
  options: { image?: string; locate: Locate },
): ResolvedSettings {
  const all: ExportOptions = pipeline.options.export ?? {};
  const own = ((target === "aws-batch" ? all.awsBatch : all[target]) ?? {}) as Record<string, unknown>;
  const common = defined({
    ...all,
    argo: undefined,
    k8s: undefined,
    airflow: undefined,
    awsBatch: undefined,
  });
  const merged = { ...common, ...defined(own) } as Record<string, unknown>;
  const project = basename(pipeline.root);
  const s: ResolvedSettings = {
    image: options.image ?? (merged.image as string | undefined) ?? `plait-${dnsLabel(project, 50)}:latest`,
    namespace: merged.namespace as string | undefined,
    serviceAccount: merged.serviceAccount as string | undefined,
    storage: (merged.storage as ExportStorage | undefined) ?? { claim: "plait-shared" },
    workdir: (merged.workdir as string | undefined) ?? "/project",
    env: (merged.env as Record<string, string> | undefined) ?? {},
    operator: (merged.operator as "kubernetes" | "bash" | undefined) ?? "kubernetes",
    schedule: merged.schedule === undefined ? null : merged.schedule as string | null,
    dagId: (merged.dagId as string | undefined) ?? project.replace(/[^A-Za-z0-9_.-]+/g, "_"),
    startDate: (merged.startDate as string | undefined) ?? "2024-01-01",
    jobQueue: (merged.jobQueue as string | undefined) ?? "",
    jobRoleArn: merged.jobRoleArn as string | undefined,
    platform: (merged.platform as "EC2" | "FARGATE" | undefined) ?? "EC2",
  };
  const section = sectionKey(target);
  const ctx: Ctx = {
    target,
    section,
    from: (key) => {
      const camel = Object.entries(YAML_KEY).find(([, y]) => y === key)?.[0] ?? key;
      return own[camel] !== undefined ? [section, key] : [key];
    },
    locate: options.locate,
    issues: [],
  };
  checkCommon(s, ctx);
  checkTarget(s, ctx);
  if (ctx.issues.length) throw new SpecError(ctx.issues);
  return s;
}
