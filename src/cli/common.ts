import { formatIssue, type Issue, PlaitError } from "../errors/mod.ts";
import type { PipelineBuilder } from "../graph/mod.ts";
import { type LoadedPipeline, loadPipeline } from "../project/mod.ts";
import { asFileSystemError } from "../util/mod.ts";

/** What every command may receive besides its arguments. */
export interface CliContext {
  /** A pipeline.ts that called `.main(import.meta)` passes its builder and path. */
  builder?: PipelineBuilder<string>;
  file?: string;
  /** `--env--key value` pairs, taken out of the arguments before parsing. */
  envOverrides: Record<string, string>;
}

/**
 * Terminal output; commands write through these, never `console` directly elsewhere. A closed
 * stream (`plait build | head -1`, a closed terminal) silently drops what follows: output is not
 * what a build is for, and the build still finishes, records its state and releases its lock.
 */
export const out = {
  isTerminal: Deno.stdout.isTerminal(),
  color: Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR"),
  /** Set once stdout turned out closed. */
  stdoutClosed: false,
  stderrClosed: false,
  write(text: string): void {
    if (!out.stdoutClosed && !writeAll(Deno.stdout, text)) out.stdoutClosed = true;
  },
  line(text = ""): void {
    out.write(`${text}\n`);
  },
  error(text: string): void {
    if (!out.stderrClosed && !writeAll(Deno.stderr, `${text}\n`)) out.stderrClosed = true;
  },
};

/** Writes all of `text`; false when the reader has gone (broken pipe, hung-up terminal). */
function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string): boolean {
  const data = new TextEncoder().encode(text);
  try {
    for (let done = 0; done < data.length;) done += stream.writeSync(data.subarray(done));
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.BrokenPipe || e instanceof Deno.errors.ConnectionReset) return false;
    if ((e as { code?: string }).code === "EIO") return false; // a hung-up terminal
    throw e;
  }
}

/** Splits `--env--a--b value` (or `--env--a--b=value`) out of the arguments. */
export function takeEnvOverrides(args: string[]): { rest: string[]; env: Record<string, string> } {
  const rest: string[] = [];
  const env: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--env--([^=]+)(?:=(.*))?$/.exec(args[i]);
    if (!m) {
      rest.push(args[i]);
      continue;
    }
    const key = m[1].replaceAll("--", ".");
    if (m[2] !== undefined) env[key] = m[2];
    else env[key] = args[++i] ?? "";
  }
  return { rest, env };
}

/** Loads the pipeline for a command, printing notices about ignored keys. */
export async function load(ctx: CliContext, entry?: string): Promise<LoadedPipeline> {
  const loaded = await loadPipeline({
    entry,
    envOverrides: ctx.envOverrides,
    builder: ctx.builder,
    file: ctx.file,
  });
  for (const n of loaded.notices) out.error(`notice: ${formatIssue(n)}`);
  return loaded;
}

/** Prints a user error (every issue) and returns its exit code. */
export function reportError(e: unknown): number {
  e = asFileSystemError(e) ?? e;
  if (e instanceof PlaitError) {
    const n = e.issues.length;
    if (n > 1) out.error(`${n} problems:`);
    for (const issue of e.issues as Issue[]) out.error(formatIssue(issue));
    return e.exitCode;
  }
  const err = e as Error;
  out.error(`internal error (this is a bug in plait; please report it):\n${err?.stack ?? String(e)}`);
  return 3;
}
