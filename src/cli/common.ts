import { formatIssue, type Issue, PlaitError } from "../errors/mod.ts";
import type { PipelineBuilder } from "../graph/mod.ts";
import { type LoadedPipeline, loadPipeline } from "../project/mod.ts";

/** What every command may receive besides its arguments. */
export interface CliContext {
  /** A pipeline.ts that called `.main(import.meta)` passes its builder and path. */
  builder?: PipelineBuilder<string>;
  file?: string;
  /** `--env--key value` pairs, taken out of the arguments before parsing. */
  envOverrides: Record<string, string>;
}

/** Terminal output; commands write through these, never `console` directly elsewhere. */
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
  write(text: string): void {
    Deno.stdout.writeSync(new TextEncoder().encode(text));
  },
  line(text = ""): void {
    out.write(`${text}\n`);
  },
  error(text: string): void {
    Deno.stderr.writeSync(new TextEncoder().encode(`${text}\n`));
  },
};

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
