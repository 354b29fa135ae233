/** Shared helpers for the build tests: fixture copies, the CLI as a subprocess, state and process checks. */
import { build, type BuildOptions } from "../../src/engine/mod.ts";
import { loadPipeline } from "../../src/project/mod.ts";
import type { BuildEvent, BuildSummary, TaskOutcome } from "../../src/scheduler/mod.ts";
import { path } from "../../src/util/mod.ts";

export const REPO = path.fromFileUrl(new URL("../../", import.meta.url)).replace(/\/$/, "");
export const PYTHON = "/usr/bin/python3";
const FIXTURES = path.join(REPO, "tests", "fixtures", "build");

/** A temporary copy of a fixture pipeline, removed on dispose. */
export interface FixtureCopy extends AsyncDisposable {
  readonly dir: string;
  /** Absolute path of a file in the copy. */
  file(rel: string): string;
  read(rel: string): Promise<string>;
  write(rel: string, text: string): Promise<void>;
  /** Replaces `from` (which must occur) with `to` in a file of the copy. */
  edit(rel: string, from: string | RegExp, to: string): Promise<void>;
}

async function copyTree(from: string, to: string, skip: ReadonlySet<string>): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (skip.has(e.name)) continue;
    const [a, b] = [path.join(from, e.name), path.join(to, e.name)];
    if (e.isDirectory) await copyTree(a, b, skip);
    else await Deno.copyFile(a, b);
  }
}

/** Options for {@link fixture}. */
export interface FixtureOptions {
  /** Copy this folder (a built copy: state and products included) instead of the pristine fixture. */
  from?: string;
}

/** Copies `tests/fixtures/build/<name>` into a fresh temp dir (placeholder `{{PLAIT}}` -> the repo's mod.ts). */
export async function fixture(name: string, opts: FixtureOptions = {}): Promise<FixtureCopy> {
  const tmp = await Deno.makeTempDir({ prefix: `plait_build_${name}_` });
  const dir = path.join(tmp, name);
  const skip = opts.from ? ["lock", "__pycache__"] : [".plait", "output", "__pycache__"];
  await copyTree(opts.from ?? path.join(FIXTURES, name), dir, new Set(skip));
  const ts = path.join(dir, "pipeline.ts");
  const text = await Deno.readTextFile(ts).catch(() => undefined);
  if (text !== undefined) {
    const url = new URL("file://");
    url.pathname = path.join(REPO, "mod.ts");
    await Deno.writeTextFile(ts, text.replaceAll("{{PLAIT}}", url.href));
  }
  const file = (rel: string) => path.join(dir, rel);
  return {
    dir,
    file,
    read: (rel) => Deno.readTextFile(file(rel)),
    write: (rel, t) => Deno.writeTextFile(file(rel), t),
    async edit(rel, from, to) {
      const before = await Deno.readTextFile(file(rel));
      const after = before.replace(from, to);
      if (after === before) throw new Error(`edit: ${String(from)} not found in ${rel}`);
      await Deno.writeTextFile(file(rel), after);
    },
    [Symbol.asyncDispose]: () => Deno.remove(tmp, { recursive: true }),
  };
}

/** What one build did, in-process: outcome and reasons per task, plus every event. */
export interface BuildRun {
  summary: BuildSummary;
  events: BuildEvent[];
  outcome(name: string): TaskOutcome | undefined;
  /** Names of tasks that ran (or tried to), in start order. */
  started: string[];
  reasons(name: string): readonly string[];
}

/** Loads and builds a pipeline folder in this process through the public `build()`. */
export async function buildIn(dir: string, opts: BuildOptions = {}): Promise<BuildRun> {
  const { pipeline } = await loadPipeline({ entry: dir });
  const events: BuildEvent[] = [];
  const { summary } = await build(pipeline, { ...opts, onEvent: (e) => events.push(e) });
  const byName = new Map(summary.tasks.map((t) => [t.name, t]));
  return {
    summary,
    events,
    outcome: (n) => byName.get(n)?.outcome,
    started: events.flatMap((e) => e.type === "task-start" ? [e.name] : []),
    reasons: (n) => byName.get(n)?.reasons ?? [],
  };
}

/** A project written from `files` (path relative to the project -> text) into a fresh temp folder. */
export async function projectOf(files: Record<string, string>): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "plait_project_" });
  for (const [rel, text] of Object.entries(files)) {
    await Deno.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await Deno.writeTextFile(path.join(dir, rel), text);
  }
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

/** The output of a finished CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment for CLI subprocesses: no colours, and a marker every process they start inherits. */
export function cliEnv(marker: string): Record<string, string> {
  return { NO_COLOR: "1", PLAIT_TEST_MARK: marker };
}

/** Runs `deno run -A cli.ts ARGS` to the end (with `env` added to its environment). */
export async function plait(
  args: string[],
  marker = crypto.randomUUID(),
  env: Record<string, string> = {},
): Promise<CliRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", path.join(REPO, "cli.ts"), ...args],
    env: { ...cliEnv(marker), ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** A CLI run in progress whose stdout can be awaited line by line. */
export interface LiveCli extends AsyncDisposable {
  readonly child: Deno.ChildProcess;
  readonly marker: string;
  /** Resolves once stdout has a line matching `re` (rejects if the process ends first). */
  waitFor(re: RegExp): Promise<string>;
  /** Waits for the end; returns the code and everything printed. */
  finish(): Promise<CliRun>;
}

/** Starts `deno run -A cli.ts ARGS` in the background (with `env` added to its environment). */
export function spawnPlait(args: string[], env: Record<string, string> = {}): LiveCli {
  const marker = crypto.randomUUID();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", path.join(REPO, "cli.ts"), ...args],
    env: { ...cliEnv(marker), ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stdout = "";
  const listeners = new Set<() => void>();
  const pump = (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      stdout += chunk;
      for (const l of listeners) l();
    }
    for (const l of listeners) l();
  })();
  const stderr = new Response(child.stderr).text();
  let ended = false;
  const status = child.status.then((s) => {
    ended = true;
    return s;
  });
  const finish = async () => {
    const s = await status;
    await pump;
    return { code: s.code, stdout, stderr: await stderr };
  };
  return {
    child,
    marker,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = stdout.split("\n").find((l) => re.test(l));
          if (line !== undefined) {
            listeners.delete(check);
            resolve(line);
          } else if (ended) {
            listeners.delete(check);
            reject(new Error(`process ended before printing ${re}:\n${stdout}`));
          }
        };
        listeners.add(check);
        status.then(() => pump).then(check);
        check();
      }),
    finish,
    async [Symbol.asyncDispose]() {
      if (!ended) child.kill("SIGKILL");
      await finish();
    },
  };
}

/** Live processes (pid: command line) whose environment holds `PLAIT_TEST_MARK=marker`. */
export function markedProcesses(marker: string): string[] {
  const needle = `PLAIT_TEST_MARK=${marker}`;
  const out: string[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      if (/\) [ZX] /.test(stat)) continue;
      if (!Deno.readTextFileSync(`/proc/${e.name}/environ`).split("\0").includes(needle)) continue;
      out.push(`${e.name}: ${Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " ").trim()}`);
    } catch {
      // gone, or not readable
    }
  }
  return out;
}

/** Kernel and fork-server processes (from `ps -eo pid,ppid,args`), as "pid ppid args" lines. */
export async function kernelProcesses(): Promise<Map<number, string>> {
  const out = await new Deno.Command("ps", { args: ["-eo", "pid,ppid,args"], stdout: "piped" }).output();
  const rows = new TextDecoder().decode(out.stdout).split("\n").slice(1);
  const found = new Map<number, string>();
  for (const row of rows) {
    if (/ipykernel|fork_server/.test(row) && !/\bps -eo\b/.test(row)) {
      found.set(Number(row.trim().split(/\s+/)[0]), row.trim());
    }
  }
  return found;
}

/** The task entries of `.plait/state.json`. */
export async function readState(
  dir: string,
): Promise<Record<string, { status: string; interrupted?: boolean }>> {
  const text = await Deno.readTextFile(path.join(dir, ".plait", "state.json"));
  return JSON.parse(text).tasks;
}

/** Validates an .ipynb with nbformat; resolves to "" when valid, else the error text. */
export async function nbformatErrors(file: string): Promise<string> {
  const code = "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))";
  const out = await new Deno.Command(PYTHON, { args: ["-c", code, file], stdout: "piped", stderr: "piped" })
    .output();
  return out.success ? "" : new TextDecoder().decode(out.stderr);
}

/** Names of the tasks a CLI build started, from its `run  NAME (reasons)` lines. */
export function ranInOutput(stdout: string): string[] {
  return [...stdout.matchAll(/^run {2}(\S+)/gm)].map((m) => m[1]);
}
