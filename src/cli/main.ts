import type { Command } from "../deps_cli.ts";
import config from "../../deno.json" with { type: "json" };
import { UsageError } from "../errors/mod.ts";
import type { PipelineBuilder } from "../graph/mod.ts";
import {
  type CliContext,
  envHelpText,
  loadHelpDeps,
  logLevel,
  out,
  reportError,
  takeEnvOverrides,
} from "./common.ts";
import { translatePloomberArgs } from "./ploomber_options.ts";

/** plait's version, as published (deno.json). */
export const VERSION: string = config.version;

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError({
      message: `Cannot use "${v}" as a number of jobs: not a positive integer`,
      hint: "e.g. -j 4",
    });
  }
  return n;
};
const seconds = (v: string) => {
  const n = Number(v);
  if (!(n > 0)) {
    throw new UsageError({
      message: `Cannot use "${v}" as a number of seconds: not a positive number`,
      hint: "e.g. --debug-timeout 600",
    });
  }
  return n;
};
const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new UsageError({ message: `Cannot use "${v}" as a port: not a whole number from 0 to 65535` });
  }
  return n;
};
/** `10MB`, `500kB`, `2e6` or `0` (no limit) as a number of characters. */
const outputSize = (v: string) => {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*(B|kB|KB|MB|GB)?$/i.exec(v.trim());
  if (!m) {
    throw new UsageError({
      message: `Cannot use "${v}" as an output limit: not a size`,
      hint: "e.g. --output-limit 50MB (decimal units: B, kB, MB, GB), or 0 to keep all output",
    });
  }
  const unit = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9 }[(m[2] ?? "b").toLowerCase()]!;
  return Math.round(Number(m[1]) * unit);
};
const gridIndex = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError({
      message: `Cannot use "${v}" as a grid index: not a whole number`,
      hint: "e.g. --grid-index 2 (0 is the first point)",
    });
  }
  return n;
};

async function program(ctx: CliContext, setCode: (code: number) => void): Promise<Command> {
  const { Command } = await import("../deps_cli.ts");
  const p = new Command("plait")
    .description(
      "Build Jupyter notebooks and Python scripts as reproducible, incremental, parallel pipelines.",
    )
    .version(`plait ${VERSION}`, "-V, --version", "print plait's version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => out.write(s) })
    .showHelpAfterError("(add --help for usage)");
  const entry = [
    "-e, --entry <path>",
    "pipeline.ts / pipeline.yaml (default: found here or in a parent folder)",
  ] as const;

  p.command("build")
    .description("Run every task that is not up to date, in dependency order")
    .option(...entry)
    .option("-f, --force", "run every task, even those up to date")
    .option("-p, --partially <task>", "build only this task (name or glob) and what it needs")
    .option("--skip-upstream", "with --partially: do not build its upstream tasks")
    .option("-j, --jobs <n>", "tasks at once (default: the pipeline's executor)", positiveInt)
    .option(
      "-l, --log [level]",
      "stream each task's output, prefixed by its name (level: debug, info, warning, error, critical)",
      logLevel,
    )
    .option(
      "-F, --log-file <path>",
      "also write the build's log to this file (at --log's level, default info)",
    )
    .option("--python <path>", "Python interpreter for kernels (default: the python3 kernelspec)")
    .option(
      "--output-limit <size>",
      "output a cell keeps in its notebook: first and last half, a note between (default 10MB; 0: all)",
      outputSize,
    )
    .option(
      "-d, --debug",
      "on failure, keep the failed task's kernel alive and print how to attach a console to it",
    )
    .option("-D, --debuglater", "the same as --debug (plait debugs post-mortem either way)")
    .option("--debug-timeout <seconds>", "how long a kept kernel waits for you (default 900)", seconds)
    .option("-v, --verbose", "on failure, the full traceback (library frames included)")
    .option("--json", "print the summary as JSON (seconds run and kernelSeconds waited per task)")
    .option("--serve", "serve the live page of the build (and after it, until Ctrl-C)")
    .option("--host <address>", "with --serve: bind this address (default 127.0.0.1; prints a warning)")
    .option("--port <n>", "with --serve: port (default: any free one)", port)
    .addHelpText(
      "after",
      () =>
        "\nExamples:\n  plait build\n  plait build -e examples/ml/pipeline.yaml -j 2 --log\n  plait build --partially 'fit-*' --force\n  plait build --env--sample 0.1\n  (--entry-point is an alias of --entry)\n" +
        envHelpText(ctx.rawArgs ?? []),
    )
    .action(async (o) => {
      // the kernel template imports ipykernel while plait loads the rest of itself and the pipeline
      const template = ctx.kernelTemplate ?? (await import("./early_template.ts")).earlyTemplate(o);
      await template?.spawned();
      setCode(await (await import("./build.ts")).runBuild(ctx, o, "build", undefined, template));
    });

  p.command("plot")
    .description("Draw the pipeline as SVG coloured by status (or an offline HTML page)")
    .option(...entry)
    .option("-o, --output <file>", "where to write (default: pipeline.svg beside the pipeline)")
    .option("--html", "write an HTML page embedding the plot")
    .option("--no-status", "leave out status colours (no state is read)")
    .addHelpText("after", "\nExamples:\n  plait plot\n  plait plot --html -o docs/pipeline.html")
    .action(async (o) =>
      setCode(
        await (await import("./plot.ts")).runPlot(ctx, {
          entry: o.entry,
          output: o.output,
          html: o.html,
          status: o.status,
        }),
      )
    );

  p.command("serve")
    .description("Serve a live page of this project's builds: graph, statuses, running cells, output")
    .option(...entry)
    .option("--host <address>", "bind this address (default 127.0.0.1; anything else prints a warning)")
    .option("--port <n>", "port (default: any free one)", port)
    .addHelpText(
      "after",
      "\nExamples:\n  plait serve\n  plait serve -e examples/ml/pipeline.yaml --port 8765",
    )
    .action(async (o) => setCode(await (await import("./serve.ts")).runServe(ctx, o)));

  p.command("report")
    .description("Write the last build as one self-contained HTML file (graph, timeline, failures)")
    .option(...entry)
    .option("-o, --output <file>", "where to write (default: report.html beside the pipeline)")
    .addHelpText("after", "\nExamples:\n  plait report\n  plait report -o build-report.html")
    .action(async (o) => setCode(await (await import("./report.ts")).runReport(ctx, o)));

  p.command("status")
    .description("Show every task: last run, outdated or not (and why), products, doc, source")
    .option(...entry)
    .option("--why", "say why each outdated task is outdated")
    .option("--json", "print a JSON array (stable keys) for tools")
    .option("--wide", "do not fit the table to the terminal's width")
    .addHelpText(
      "after",
      "\nExamples:\n  plait status\n  plait status --why -e examples/ml/pipeline.yaml\n  plait status --json",
    )
    .action(async (o) => setCode(await (await import("./status.ts")).runStatus(ctx, o)));

  p.command("task")
    .description("Run one task (its upstream must be built), or show its status")
    .argument("<name>", "the task's name")
    .option(...entry)
    .option("-f, --force", "run it even if it is up to date")
    .option("--status", "print its status and why, instead of running it")
    .option("-l, --log [level]", "stream its output (level: debug, info, warning, error, critical)", logLevel)
    .option("--python <path>", "Python interpreter for the kernel (default: the python3 kernelspec)")
    .option("-v, --verbose", "on failure, the full traceback (library frames included)")
    .option("--no-lock", "take no project lock (a step of an exported workflow, beside other steps)")
    .addHelpText(
      "after",
      "\nExamples:\n  plait task clean\n  plait task clean --force --log\n  plait task fit-0 --status",
    )
    .action(async (name, o) => setCode(await (await import("./task.ts")).runTask(ctx, name, o)));

  p.command("export")
    .description("Write an Argo Workflow, Airflow DAG, Kubernetes Jobs or AWS Batch jobs, one step a task")
    .argument("<target>", "argo | airflow | k8s | aws-batch")
    .option(...entry)
    .option("-o, --output <dir>", "where to write (default: export/<target> in the project)")
    .option("--mode <mode>", "incremental (outdated tasks only) | regular | force", "incremental")
    .option("--image <name>", "the image steps run in (over export.image)")
    .addHelpText("after", "\nExamples:\n  plait export argo\n  plait export airflow --mode regular -o dags/")
    .action(async (target, o) => setCode(await (await import("./export.ts")).runExport(ctx, target, o)));

  p.command("scaffold")
    .description("Create missing task sources from the pipeline; with no pipeline here, a new project")
    .option("-e, --entry <path>", "the pipeline, or the folder of a new project (default: here)")
    .addHelpText(
      "after",
      "\nExamples:\n  plait scaffold                  # in a folder with pipeline.ts or pipeline.yaml\n  plait scaffold -e my-project    # a new project in my-project/",
    )
    .action(async (o) => setCode(await (await import("./scaffold.ts")).runScaffold(ctx, o)));

  p.command("nb")
    .description(
      "Write (--inject) or strip (--remove) the injected-parameters cell in task sources, for Jupyter",
    )
    .argument("[tasks...]", "task names or globs (default: every script and notebook task)")
    .option(...entry)
    .option("--inject", "write the cell with the values a build passes")
    .option("--remove", "strip the cell")
    .option(
      "--grid-index <n>",
      "which grid point's parameters a grid task's source gets (default 0)",
      gridIndex,
    )
    .option(
      "--relative",
      "keep product paths relative to the pipeline folder (default: absolute, so Jupyter finds them)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  plait nb --inject clean\n  plait nb --inject 'fit-*' --grid-index 2\n  plait nb --remove",
    )
    .action(async (tasks, o) => setCode(await (await import("./nb.ts")).runNb(ctx, tasks, o)));

  p.command("refactor")
    .description("Turn a notebook into a pipeline, one task per `## ` section (see refactor --help)")
    .argument("[args...]")
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args) => setCode(await (await import("./refactor.ts")).runRefactor(args)));

  // Internal: what a SLURM job runs on its node (see src/slurm/).
  p.command("_slurm-task", { hidden: true })
    .argument("<name>")
    .option(...entry)
    .requiredOption("--result <file>", "where to write the result record (%j: the job id)")
    .option("--python <path>")
    .action(async (name, o) => setCode(await (await import("./slurm_task.ts")).runSlurmTask(ctx, name, o)));

  return p;
}

/**
 * `--version` and the node's `_slurm-task` (one process per SLURM job) in their plain shapes,
 * answered without loading the command-line parser; undefined for anything else (commander parses
 * it, with its messages for whatever is unusual).
 */
async function fastPath(ctx: CliContext, args: readonly string[]): Promise<number | undefined> {
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
    out.write(`plait ${VERSION}\n`);
    return 0;
  }
  if (args[0] !== "_slurm-task" || args.length < 2 || args[1].startsWith("-")) return undefined;
  const flags: Record<string, string> = {};
  const names: Record<string, string> = {
    "-e": "entry",
    "--entry": "entry",
    "--result": "result",
    "--python": "python",
  };
  for (let i = 2; i < args.length; i += 2) {
    const key = names[args[i]];
    const value = args[i + 1];
    if (!key || key in flags || value === undefined || value.startsWith("-")) return undefined;
    flags[key] = value;
  }
  if (flags.result === undefined) return undefined;
  const { runSlurmTask } = await import("./slurm_task.ts");
  return await runSlurmTask(ctx, args[1], { entry: flags.entry, result: flags.result, python: flags.python });
}

/** Runs plait's CLI; returns the exit code (0 ok, 1 a task failed, 2 usage/spec/graph error). */
export async function runCli(args: string[], from: Partial<CliContext> = {}): Promise<number> {
  let code = 0;
  try {
    const { rest, env } = takeEnvOverrides(args);
    const { args: plaitArgs, notices } = translatePloomberArgs(rest);
    for (const n of notices) out.error(`notice: ${n}`);
    const ctx: CliContext = { ...from, envOverrides: env, rawArgs: plaitArgs };
    const fast = await fastPath(ctx, plaitArgs);
    if (fast !== undefined) return fast;
    if (plaitArgs.some((a) => a === "-h" || a === "--help") || plaitArgs[0] === "help") await loadHelpDeps();
    await (await program(ctx, (c) => (code = c))).parseAsync(plaitArgs, { from: "user" });
  } catch (e) {
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.code === "string" && ce.code.startsWith("commander.")) {
      return ce.code === "commander.helpDisplayed" || ce.code === "commander.version" ||
          ce.code === "commander.help"
        ? 0
        : 2;
    }
    return reportError(e);
  } finally {
    await from.kernelTemplate?.close(); // not adopted by a build (a usage error...): ended here
  }
  return code;
}

/** Entry point for a pipeline.ts's `.main(import.meta)`: runs the CLI on that pipeline. */
export async function runMain(
  args: string[],
  from: { builder: PipelineBuilder<string>; file: string },
): Promise<void> {
  Deno.exitCode = await runCli(args, from);
}
