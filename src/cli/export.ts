import { type SourceLocation, UsageError } from "../errors/mod.ts";
import {
  EXPORT_MODES,
  EXPORT_TARGETS,
  type ExportFile,
  type ExportMode,
  exportPipeline,
  type ExportPlan,
  type ExportTarget,
  type Locate,
  plaitSourceFiles,
  type PythonEnv,
} from "../export/mod.ts";
import type { Pipeline } from "../graph/mod.ts";
import { locate, parseLocatedYaml } from "../spec/mod.ts";
import { atomicWrite, exists } from "../util/mod.ts";
import { dirname, displayPath, isAbsolute, join, relative, resolve } from "../util/path.ts";
import { type CliContext, load, out } from "./common.ts";
import { collectStatus } from "./status.ts";

/** Flags of `export`. */
export interface ExportFlags {
  entry?: string;
  output?: string;
  mode?: string;
  image?: string;
}

function choice<T extends string>(value: string, all: readonly T[], what: string): T {
  if ((all as readonly string[]).includes(value)) return value as T;
  throw new UsageError({
    message: `Cannot export with ${what} "${value}"`,
    hint: `use one of: ${all.join(", ")}`,
  });
}

/** Where a setting under `export:` is written: by its YAML path, or the line naming it in a pipeline.ts. */
function locator(pipeline: Pipeline): Locate {
  const file = displayPath(pipeline.file);
  let text = "";
  try {
    text = Deno.readTextFileSync(pipeline.file);
  } catch {
    return () => ({ file });
  }
  if (/\.ya?ml$/i.test(pipeline.file)) {
    const yaml = parseLocatedYaml(text, file, []);
    return (path) => (yaml ? locate(yaml, ["export", ...path], file) : { file });
  }
  const lines = text.split("\n");
  return (path): SourceLocation => {
    let line = lines.findIndex((l) => /\bexport\s*:/.test(l));
    if (line < 0) return { file };
    for (const key of path.map((k) => k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()))) {
      const at = lines.findIndex((l, i) => i >= line && new RegExp(`\\b${key}\\s*:`).test(l));
      if (at >= 0) line = at;
    }
    return { file, line: line + 1, col: lines[line].search(/\S/) + 1 };
  };
}

async function pythonEnv(root: string): Promise<PythonEnv> {
  for (const f of ["requirements.txt", "environment.yml", "environment.yaml"] as const) {
    if (await exists(join(root, f))) return f;
  }
  return "none";
}

/** Writes the files under `dir`, replacing folders a previous export wrote. */
async function writeAll(dir: string, files: ExportFile[]): Promise<void> {
  const tops = new Set(files.map((f) => f.path.split("/")).filter((p) => p.length > 1).map((p) => p[0]));
  for (const t of tops) await Deno.remove(join(dir, t), { recursive: true }).catch(() => {});
  for (const f of files) {
    const path = join(dir, f.path);
    await Deno.mkdir(dirname(path), { recursive: true });
    await atomicWrite(path, f.content);
    if (f.executable) await Deno.chmod(path, 0o755);
  }
}

const NEXT: Record<ExportTarget, string> = {
  argo: "argo submit {out}/argo.yaml",
  airflow: "copy {out}/*.py into Airflow's dags folder",
  k8s: "sh {out}/apply.sh",
  "aws-batch": "sh {out}/submit.sh",
};

function summary(plan: ExportPlan, outDir: string, written: number, python: PythonEnv): string {
  const s = plan.settings;
  const where = s.storage.claim ?? s.storage.host ?? s.storage.efs?.fileSystemId ?? s.storage.nfs?.server ??
    s.storage.csi?.driver;
  return [
    `Wrote ${written} files to ${outDir}: ${plan.steps.length} steps (${plan.mode}), a Dockerfile, plait's source.`,
    python === "none"
      ? "notice: no requirements.txt or environment.yml here: the image gets only ipykernel for Python"
      : "",
    plan.shared.length
      ? `Shared by every step (on ${where}): ${plan.shared.map((d) => `${d}/`).join(" ")}`
      : "",
    `Next: docker build -f ${outDir}/Dockerfile -t ${s.image} . && docker push ${s.image}`,
    `      ${NEXT[plan.target].replace("{out}", outDir)}`,
  ].filter(Boolean).join("\n");
}

/**
 * `export TARGET`: checks the settings, decides the steps (in `incremental`, the tasks outdated
 * now), and only then writes the target's files, a Dockerfile and plait's source.
 */
export async function runExport(ctx: CliContext, targetName: string, flags: ExportFlags): Promise<number> {
  const target = choice(targetName, EXPORT_TARGETS, "target");
  const mode = choice<ExportMode>(flags.mode ?? "incremental", EXPORT_MODES, "mode");
  const { pipeline } = await load(ctx, flags.entry);
  const outAbs = flags.output ? resolve(flags.output) : join(pipeline.root, "export", target);
  const outDir = relative(pipeline.root, outAbs) || ".";
  if (outDir.startsWith("..") || isAbsolute(outDir)) {
    throw new UsageError({
      message: `Cannot export to "${flags.output}": outside the project folder ${displayPath(pipeline.root)}`,
      hint: "the project folder is the image's build context; give a folder inside it",
    });
  }
  if (
    /\.ts$/.test(pipeline.file) &&
    !/\.main\(\s*import\.meta\s*\)/.test(await Deno.readTextFile(pipeline.file))
  ) {
    throw new UsageError({
      message: `Cannot export "${displayPath(pipeline.file)}": it does not end with .main(import.meta)`,
      hint:
        "each step runs `deno run pipeline.ts task NAME`; add .main(import.meta) after the last .task(...)",
    });
  }
  const outdated = new Set<string>();
  if (mode === "incremental") {
    const { statuses, warnings } = await collectStatus(pipeline);
    for (const w of warnings) out.error(`warning: ${w}`);
    for (const s of statuses) if (s.outdated) outdated.add(s.name);
  }
  const python = await pythonEnv(pipeline.root);
  const { plan, files } = exportPipeline(pipeline, {
    target,
    mode,
    image: flags.image,
    outdated,
    envOverrides: ctx.envOverrides,
    locate: locator(pipeline),
    outDir,
    python,
    denoVersion: Deno.version.deno,
  });
  if (!plan.steps.length) {
    out.line("Nothing to export: every task is up to date (--mode regular exports them all).");
    return 0;
  }
  const all = [...files, ...(await plaitSourceFiles())];
  await writeAll(outAbs, all);
  out.line(summary(plan, displayPath(outAbs), all.length, python));
  return 0;
}
