import { build, type DebugKernel } from "../engine/mod.ts";
import type { Pipeline } from "../graph/mod.ts";
import { formatIssue } from "../errors/mod.ts";
import { formatFailures, formatSummaryTable, formatTotals, ProgressView } from "../report/mod.ts";
import { type CliContext, load, type LogLevel, out } from "./common.ts";
import { BuildLogFile, streamsOutput } from "./log_file.ts";
import { interruptible } from "./interrupt.ts";

/** Flags of `build` (and `task`). */
export interface BuildFlags {
  entry?: string;
  force?: boolean;
  partially?: string;
  skipUpstream?: boolean;
  jobs?: number;
  /** `--log [LEVEL]`: stream task output (true, debug or info); the `--log-file` level. */
  log?: boolean | LogLevel;
  /** `--log-file PATH`: also write the build's log there. */
  logFile?: string;
  python?: string;
  quiet?: boolean;
  /** `--debug` / `--debuglater`: keep the first failed task's kernel alive for a console. */
  debug?: boolean;
  debuglater?: boolean;
  /** Seconds the kept kernel waits for you before it is shut down (default 900). */
  debugTimeout?: number;
}

/**
 * `build`: loads the pipeline (unless `loaded` is given), builds it with live progress, prints the
 * summary; 0 ok, 1 a task failed.
 */
export async function runBuild(
  ctx: CliContext,
  flags: BuildFlags,
  command = "build",
  loaded?: Pipeline,
): Promise<number> {
  const pipeline = loaded ?? (await load(ctx, flags.entry)).pipeline;
  const view = new ProgressView({
    write: out.write,
    live: out.isTerminal,
    color: out.color,
    log: streamsOutput(flags.log),
  });
  using logFile = flags.logFile
    ? BuildLogFile.open(flags.logFile, typeof flags.log === "string" ? flags.log : "info")
    : undefined;
  const { summary, warnings } = await interruptible((signal) =>
    build(pipeline, {
      force: flags.force,
      partially: flags.partially,
      skipUpstream: flags.skipUpstream,
      jobs: flags.jobs,
      python: flags.python,
      signal,
      debug: flags.debug || flags.debuglater
        ? (kept) => waitForDebugger(kept, signal, flags.debugTimeout ?? 900)
        : undefined,
      onEvent: (e) => {
        view.handle(e);
        logFile?.handle(e);
      },
      command,
    })
  );
  for (const w of warnings) out.error(`warning: ${formatIssue(w)}`);
  const ran = summary.tasks.some((t) => t.outcome !== "up-to-date");
  if (!flags.quiet) {
    if (ran) out.line(formatSummaryTable(summary, out.color));
    const failures = formatFailures(summary, out.color);
    if (failures) out.line(`\n${failures}\n`);
  }
  out.line(
    ran
      ? formatTotals(summary, out.color)
      : `Everything is up to date (${summary.tasks.length} tasks, ${summary.seconds.toFixed(2)} s).`,
  );
  return summary.ok ? 0 : summary.interrupted ? 130 : 1;
}

/**
 * Prints how to attach to a failed task's kept kernel, then waits for Ctrl-C or the timeout; the build
 * shuts the kernel down when this returns.
 */
async function waitForDebugger(kept: DebugKernel, signal: AbortSignal, timeoutS: number): Promise<void> {
  const why = kept.failure?.message ? `: ${kept.failure.message}` : "";
  out.line(
    `\ndebug: task "${kept.task}" failed${why}\n` +
      `  its kernel is still running with the task's variables (pid ${kept.pid ?? "?"}). Attach with:\n` +
      `    jupyter console --existing ${kept.connectionFile}\n` +
      "  and run %debug there for a post-mortem debugger at the exception.\n" +
      `  Ctrl-C ends it (it ends by itself in ${timeoutS} s).`,
  );
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutS * 1000);
    if (signal.aborted) done();
    else signal.addEventListener("abort", done, { once: true });
  });
  out.line(`debug: shutting down the kernel of "${kept.task}"`);
}
