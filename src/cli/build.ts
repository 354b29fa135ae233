import { build, type DebugKernel } from "../engine/mod.ts";
import type { Pipeline } from "../graph/mod.ts";
import type { KernelTemplate } from "../kernel/mod.ts";
import { formatIssue } from "../errors/mod.ts";
import { formatFailures, formatSummaryTable, formatTotals, ProgressView } from "../report/mod.ts";
import { type CliContext, load, type LogLevel, out } from "./common.ts";
import { BuildLogFile, streamsOutput } from "./log_file.ts";
import { interruptible } from "./interrupt.ts";
import { EventLogWriter } from "../serve/event_log.ts";

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
  /** Most characters of output a cell keeps (0: all). */
  outputLimit?: number;
  /** `--debug` / `--debuglater`: keep the first failed task's kernel alive for a console. */
  debug?: boolean;
  debuglater?: boolean;
  /** Seconds the kept kernel waits for you before it is shut down (default 900). */
  debugTimeout?: number;
  /** Failures: the full traceback, library frames included. */
  verbose?: boolean;
  /** Print the summary as JSON (each task's outcome, seconds and kernelSeconds) instead of tables. */
  json?: boolean;
  /** False: no project lock, no compaction (an exported step; see `BuildOptions.lock`). */
  lock?: boolean;
  /** Serve the live page during (and after) the build. */
  serve?: boolean;
  host?: string;
  port?: number;
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
  template?: KernelTemplate,
): Promise<number> {
  try {
    return await buildAndReport(ctx, flags, command, loaded, template);
  } finally {
    await template?.close(); // ends it unless the build's pool adopted it
  }
}

async function buildAndReport(
  ctx: CliContext,
  flags: BuildFlags,
  command: string,
  loaded: Pipeline | undefined,
  template: KernelTemplate | undefined,
): Promise<number> {
  const pipeline = loaded ?? (await load(ctx, flags.entry)).pipeline;
  // With --json, stdout is the summary alone: progress goes to stderr.
  const toErr = (text: string) => void Deno.stderr.writeSync(new TextEncoder().encode(text));
  const view = new ProgressView({
    write: flags.json ? toErr : out.write,
    live: flags.json ? Deno.stderr.isTerminal() : out.isTerminal,
    color: out.color,
    log: streamsOutput(flags.log),
  });
  const log = new EventLogWriter(pipeline.root, { command: `plait ${command}` });
  const serving = flags.serve ? await startServing(ctx, pipeline, flags) : undefined;
  using logFile = flags.logFile
    ? BuildLogFile.open(flags.logFile, typeof flags.log === "string" ? flags.log : "info")
    : undefined;
  const { summary, warnings } = await buildShowing(view, () =>
    interruptible((signal) =>
      build(pipeline, {
        force: flags.force,
        partially: flags.partially,
        skipUpstream: flags.skipUpstream,
        jobs: flags.jobs,
        python: flags.python,
        outputLimit: flags.outputLimit,
        signal,
        debug: flags.debug || flags.debuglater
          ? (kept) => waitForDebugger(kept, signal, flags.debugTimeout ?? 900)
          : undefined,
        onEvent: (e) => {
          view.handle(e);
          log.write(e);
          logFile?.handle(e);
        },
        command,
        lock: flags.lock,
        kernelTemplate: template,
        nodeArgs: Object.entries(ctx.envOverrides).flatMap((
          [k, v],
        ) => [`--env--${k.replaceAll(".", "--")}`, v]),
      })
    ));
  await template?.close(); // unused: not kept while the page is served
  for (const w of warnings) out.error(`warning: ${formatIssue(w)}`);
  const ran = summary.tasks.some((t) => t.outcome !== "up-to-date");
  if (flags.json) out.line(JSON.stringify(summary, null, 2));
  else if (!flags.quiet) {
    if (ran) out.line(formatSummaryTable(summary, { color: out.color }));
    const failures = formatFailures(summary, { color: out.color, verbose: flags.verbose });
    if (failures) out.line(`\n${failures}\n`);
  }
  if (!flags.json) {
    out.line(ran ? formatTotals(summary, out.color) : upToDate(summary.tasks.length, summary.seconds));
  }
  if (summary.stoppedEarly) {
    out.line(
      `Build stopped early by ${summary.stoppedEarly} (DAGBuildEarlyStop): the tasks after it did not run.`,
    );
  }
  log.close();
  if (serving) await serving.untilStopped();
  return summary.ok ? 0 : summary.interrupted ? 130 : 1;
}

function upToDate(n: number, seconds: number): string {
  return `Everything is up to date (${n} task${n === 1 ? "" : "s"}, ${seconds.toFixed(2)} s).`;
}

/** Runs the build; the live progress stops (and is erased) however it ends. */
async function buildShowing<T>(view: ProgressView, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    view.stop();
  }
}

/** Serves the page from now on; a Ctrl-C (during the build or after it) stops serving. */
async function startServing(ctx: CliContext, pipeline: Pipeline, flags: BuildFlags) {
  const { serveProject, untilStopped } = await import("./serve.ts");
  const { server, close } = await serveProject(ctx, pipeline, flags);
  let stopped = false;
  const stop = untilStopped().then(() => (stopped = true));
  out.error(`plait serve: ${server.url}`); // stderr: stdout may be --json
  return {
    untilStopped: async () => {
      if (!stopped) out.error("The build is over; still serving the page. Ctrl-C to stop.");
      await stop;
      await close();
    },
  };
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
