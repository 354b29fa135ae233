/**
 * The export tests' project, built once for real (kernels), with a grid, a Python function task
 * and a task that fails, then is fixed:
 *
 *   load --> fit-1 --\
 *        \-> fit-2 ---> summarize (function) --> check (fails, then fixed) --> report
 */
import { collectStatus, type StatusRow } from "../../src/cli/status.ts";
import { loadPipeline } from "../../src/project/mod.ts";
import { path } from "../../src/util/mod.ts";

export const REPO = path.fromFileUrl(new URL("../../", import.meta.url)).replace(/\/$/, "");

const PARAMS = '# %% tags=["parameters"]\nupstream = None\nproduct = None\n';

export const FILES: Record<string, string> = {
  "pipeline.yaml": `meta:
  extract_upstream: false
executor: serial
export:
  image: ghcr.io/acme/demo:1
  namespace: data
  service_account: runner
  storage: {claim: demo-shared}
  airflow: {schedule: "@daily"}
  aws_batch:
    job_queue: q1
    storage: {efs: {file_system_id: fs-12345678}}
tasks:
  - source: tasks/load.py
    product: {nb: output/load.ipynb, data: output/raw.txt}
  - source: tasks/fit.py
    name: fit-[[alpha]]
    upstream: [load]
    grid: {alpha: [1, 2]}
    resources: {cpus: 2, mem: 1G, time: "1:30:00", gpus: 1}
    product: {nb: "output/fit-[[alpha]].ipynb", data: "output/fit-[[alpha]].txt"}
  - source: lib.summarize
    upstream: ["fit-*"]
    product: output/summary.txt
  - source: tasks/check.py
    upstream: [summarize]
    product: {nb: output/check.ipynb, data: output/check.txt}
  - source: tasks/report.py
    upstream: [check]
    product: {nb: output/report.ipynb}
`,
  "tasks/load.py": `${PARAMS}\n# %%\nopen(product["data"], "w").write("3\\n")\n`,
  "tasks/fit.py": `${PARAMS}alpha = 0\n\n# %%\nn = int(open(upstream["load"]["data"]).read())\n` +
    `open(product["data"], "w").write(str(n * alpha))\n`,
  "lib.py": `def summarize(product, upstream):\n    fits = upstream["fit-*"]\n` +
    `    total = sum(int(open(p["data"]).read()) for p in fits.values())\n` +
    `    open(product, "w").write(str(total))\n`,
  "tasks/check.py": `${PARAMS}\n# %%\nraise ValueError("not fixed yet")\n`,
  "tasks/report.py": `${PARAMS}\n# %%\nprint(open(upstream["check"]["data"]).read())\n`,
};

/** check.py once fixed. */
export const FIXED_CHECK = `${PARAMS}\n# %%\ntotal = int(open(upstream["summarize"]).read())\n` +
  `open(product["data"], "w").write("ok" if total == 9 else "bad")\n`;

/** Runs `cli.ts ARGS` in `cwd`. */
export async function plait(
  cwd: string,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", path.join(REPO, "cli.ts"), ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: r.code, out: d.decode(r.stdout), err: d.decode(r.stderr) };
}

/** Writes `files` into `<a fresh temp folder>/plait_export/`; returns both. */
export async function writeProject(files: Record<string, string>): Promise<{ root: string; dir: string }> {
  const root = await Deno.makeTempDir({ prefix: "plait_export_" });
  const dir = path.join(root, "plait_export");
  for (const [rel, text] of Object.entries(files)) {
    await Deno.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await Deno.writeTextFile(path.join(dir, rel), text);
  }
  return { root, dir };
}

/** `status --json` rows by task, computed in this process as `status` does. */
export async function statusOf(dir: string): Promise<Map<string, StatusRow>> {
  const { pipeline } = await loadPipeline({ entry: dir });
  const { rows } = await collectStatus(pipeline);
  return new Map(rows.map((x) => [x.name, x]));
}

/** A step's command as it would run in the image, with the image's plait replaced by this checkout. */
export function localArgv(argv: readonly string[]): string[] {
  return argv.map((a) => a.replaceAll("/opt/plait", REPO)).map((a, i) =>
    i === 0 && a === "deno" ? Deno.execPath() : a
  );
}
