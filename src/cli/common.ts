import { didYouMean, formatIssue, type Issue, PlaitError, UsageError } from "../errors/mod.ts";
import { findPipelineFile } from "../project/mod.ts";
import { pythonStr } from "../util/mod.ts";
import type { PipelineBuilder } from "../graph/mod.ts";
import type { KernelTemplate } from "../kernel/mod.ts";
import { type LoadedPipeline, loadPipeline } from "../project/mod.ts";
import { asFileSystemError } from "../util/mod.ts";

/** What every command may receive besides its arguments. */
export interface CliContext {
  /** A pipeline.ts that called `.main(import.meta)` passes its builder and path. */
  builder?: PipelineBuilder<string>;
  file?: string;
  /** `--env--key value` pairs, taken out of the arguments before parsing. */
  envOverrides: Record<string, string>;
  /** The arguments as parsed (Ploomber spellings translated), for help texts that depend on them. */
  rawArgs?: readonly string[];
  /** A kernel template started for `build` before the CLI loaded (see `earlyBuildFlags`). */
  kernelTemplate?: KernelTemplate;
}

/**
 * Terminal output; commands write through these, never `console` directly elsewhere. A closed
 * stream (`plait build | head -1`, a closed terminal) silently drops what follows: output is not
 * what a build is for, and the build still finishes, records its state and releases its lock.
 */
export const out = {
  isTerminal: Deno.stdout.isTerminal(),
  color: Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR"),
  /** The terminal's width in columns (80 when unknown). */
  columns(): number {
    try {
      return Deno.consoleSize().columns || 80;
    } catch {
      return 80;
    }
  },
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

/**
 * Splits `--env--a--b value` (or `--env--a--b=value`) out of the arguments. A missing value (the
 * end of the arguments, or another `--option` next) is a {@link UsageError}.
 */
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
    else if (i + 1 < args.length && !args[i + 1].startsWith("--")) env[key] = args[++i];
    else {
      throw new UsageError({
        message: `Cannot use "${args[i]}": it needs a value`,
        hint: `e.g. ${args[i]} VALUE (or ${
          args[i]
        }=VALUE); \`plait build --help\` lists the keys and defaults`,
      });
    }
  }
  return { rest, env };
}

/** Log levels, as Python's logging names them (Ploomber's `--log LEVEL`). */
export const LOG_LEVELS = ["debug", "info", "warning", "error", "critical"] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Parses `--log LEVEL` (case-insensitive); a usage error names the levels. */
export function logLevel(value: string): LogLevel {
  const v = value.toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(v)) return v as LogLevel;
  throw new UsageError({
    message: `Cannot use "${value}" as a log level${didYouMean(v, LOG_LEVELS)}`,
    hint: `the levels are ${LOG_LEVELS.join(", ")}, e.g. --log info`,
  });
}

/** The `-e/--entry/--entry-point` value among raw arguments, if any. */
function entryArg(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const m = /^(?:-e|--entry|--entry-point)(?:=(.*))?$/.exec(args[i]);
    if (m) return m[1] ?? args[i + 1];
  }
  return undefined;
}

let envDefaults: ((file: string) => [string, unknown][]) | undefined;

/** Loads the YAML reader that {@link envHelpText} needs (kept out of every command that shows no help). */
export async function loadHelpDeps(): Promise<void> {
  envDefaults = (await import("../spec/mod.ts")).envDefaults;
}

/**
 * The `--env--` keys of the pipeline the arguments point at, with their defaults, for `build --help`
 * (as Ploomber's help lists them); empty when there is no pipeline.yaml or env file, or before
 * {@link loadHelpDeps}.
 */
export function envHelpText(args: readonly string[]): string {
  let keys: [string, unknown][];
  try {
    const file = findPipelineFile(entryArg(args));
    keys = /\.ya?ml$/.test(file) && envDefaults ? envDefaults(file) : [];
  } catch {
    return "";
  }
  if (!keys.length) return "";
  const flags = keys.map(([k]) => `--env--${k.replaceAll(".", "--")} VALUE`);
  const width = Math.max(...flags.map((f) => f.length));
  const lines = keys.map(([, v], i) => `  ${flags[i].padEnd(width)}  default: ${pythonStr(v)}`);
  return `\nThe pipeline's env keys (override with --env--KEY VALUE):\n${lines.join("\n")}\n`;
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
