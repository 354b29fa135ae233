/**
 * Helpers for CLI tests: temp copies of fixtures, running `cli.ts` as a subprocess, golden files.
 */
import { strictEqual } from "node:assert/strict";

const REPO = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const CLI = `${REPO}/cli.ts`;
export const MOD_URL = new URL("../../mod.ts", import.meta.url).href;
const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;
const GOLDEN = new URL("../golden/cli/", import.meta.url).pathname;

/** A temp copy of a fixture pipeline, removed on dispose. */
export interface TempProject extends AsyncDisposable {
  dir: string;
  path(rel: string): string;
  read(rel: string): Promise<string>;
  write(rel: string, text: string): Promise<void>;
  exists(rel: string): Promise<boolean>;
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(`${from}/${e.name}`, `${to}/${e.name}`);
    else await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

/** Copies `tests/cli/fixtures/<name>` (or nothing, for `undefined`) into a fresh temp folder. */
export async function tempProject(name?: string): Promise<TempProject> {
  const dir = await Deno.makeTempDir({ prefix: "plait_cli_" });
  if (name) await copyDir(`${FIXTURES}${name}`, dir);
  try {
    const ts = await Deno.readTextFile(`${dir}/pipeline.ts`);
    await Deno.writeTextFile(`${dir}/pipeline.ts`, ts.replace(/"(\.\.\/)+mod\.ts"/, JSON.stringify(MOD_URL)));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const path = (rel: string) => `${dir}/${rel}`;
  return {
    dir,
    path,
    read: (rel) => Deno.readTextFile(path(rel)),
    write: (rel, text) => Deno.writeTextFile(path(rel), text),
    exists: (rel) => Deno.stat(path(rel)).then(() => true, () => false),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/** What a command printed and returned. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deno run -A cli.ts ...args` in `cwd` (or any command with `cmd`). */
export async function run(
  cwd: string,
  args: string[],
  cmd: string[] = ["deno", "run", "-A", CLI],
): Promise<Ran> {
  const out = await new Deno.Command(cmd[0], {
    args: [...cmd.slice(1), ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Runs the CLI and fails the test (showing both streams) when the exit code is not `expected`. */
export async function cli(cwd: string, args: string[], expected = 0): Promise<Ran> {
  const r = await run(cwd, args);
  if (r.code !== expected) {
    throw new Error(
      `plait ${
        args.join(" ")
      }: exit ${r.code}, expected ${expected}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
    );
  }
  return r;
}

/** Replaces what changes from run to run: relative times, durations, the temp folder. */
export function normalize(text: string, dir?: string): string {
  let t = dir ? text.replaceAll(dir, "<tmp>") : text;
  t = t.replace(/\b\d+ (s|min|h|d) ago\b/g, "<ago>");
  return t.replace(/\b\d+\.\d+ s\b/g, "<secs> s");
}

/** Compares `actual` with `tests/golden/cli/<name>`; `UPDATE_GOLDEN=1` rewrites the file. */
export async function assertGolden(name: string, actual: string): Promise<void> {
  const file = `${GOLDEN}${name}`;
  if (Deno.env.get("UPDATE_GOLDEN") === "1") {
    await Deno.mkdir(GOLDEN, { recursive: true });
    await Deno.writeTextFile(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(file);
  } catch {
    throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1 to create it`);
  }
  strictEqual(actual, expected, `output differs from golden ${name} (UPDATE_GOLDEN=1 rewrites it)`);
}
