import type { TaskResources } from "../graph/mod.ts";
import { sha256Hex } from "../util/mod.ts";
import { join } from "../util/path.ts";

/** `sbatch` options for one task: the executor's, then its resources, then its own extra options. */
export function sbatchOptions(executor: readonly string[], r: TaskResources | undefined): string[] {
  const out = [...executor];
  if (r?.partition) out.push(`--partition=${r.partition}`);
  if (r?.cpus) out.push(`--cpus-per-task=${r.cpus}`);
  if (r?.mem) out.push(`--mem=${r.mem}`);
  if (r?.time) out.push(`--time=${r.time}`);
  if (r?.gpus) out.push(`--gpus=${r.gpus}`);
  out.push(...(r?.sbatch ?? []));
  return out;
}

/** A file-name-safe, unique stem for a task name (`fit-0.1` stays, `a/b` becomes `a_b-<hash>`). */
export function fileStem(task: string): string {
  const safe = task.replace(/[^A-Za-z0-9._-]/g, "_");
  return safe === task ? task : `${safe}-${sha256Hex(task).slice(0, 8)}`;
}

/** Where a build keeps its SLURM files, under the project's `.plait/`. */
export function slurmDir(root: string): string {
  return join(root, ".plait", "slurm");
}

/** Quotes a word for bash. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** What goes into one job's script. */
export interface JobScript {
  task: string;
  options: readonly string[];
  /** The job's log (`%j` is the job id). */
  log: string;
  /** Working folder of the job (where the build was started). */
  cwd: string;
  /** The command that runs plait for this one task on the node. */
  command: readonly string[];
}

/** The batch script: `#SBATCH` lines, then plait for the one task. */
export function jobScriptText(j: JobScript): string {
  const lines = [
    "#!/bin/bash",
    `# written by plait for task ${JSON.stringify(j.task)}`,
    `#SBATCH --job-name=${shellQuote(`plait:${j.task}`)}`,
    `#SBATCH --output=${shellQuote(j.log)}`,
    `#SBATCH --chdir=${shellQuote(j.cwd)}`,
    ...j.options.map((o) => `#SBATCH ${o}`),
    `exec ${j.command.map(shellQuote).join(" ")}`,
    "",
  ];
  return lines.join("\n");
}

/** Deno permissions plait needs on a node: the project (read/write), python (run), kernels on loopback. */
export const NODE_PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  "--allow-net=127.0.0.1",
] as const;

/** The command that runs this same plait on a node: this Deno, plait's own `cli.ts`. */
export function nodeCommand(): string[] {
  const cli = new URL("../../cli.ts", import.meta.url);
  return [Deno.execPath(), "run", ...NODE_PERMISSIONS, cli.protocol === "file:" ? cli.pathname : cli.href];
}
