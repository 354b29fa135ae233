import { Command, Option } from "../deps_cli.ts";
import { PlaitError } from "../errors/mod.ts";
import { resolveKernelSpec } from "../kernel/mod.ts";
import { type DfFormat, refactorNotebook } from "../refactor/mod.ts";
import { path } from "../util/mod.ts";

function refactorCommand() {
  return new Command("plait refactor")
    .description("Turn a notebook into a pipeline: one task per `## ` section, variables passed as products")
    .argument("<notebook>", "the notebook (.ipynb, or a percent-format .py)")
    .option("-o, --output <dir>", "folder to write the pipeline to (default: the notebook's folder)")
    .option("--product-prefix <dir>", "folder of the products, inside the pipeline folder", "output")
    .addOption(
      new Option("--file-format <format>", "format of the task sources").choices(["py", "ipynb"]).default(
        "py",
      ),
    )
    .addOption(
      new Option("--df-format <format>", "how pandas DataFrames passed between tasks are saved")
        .choices(["pickle", "parquet", "csv"]).default("pickle"),
    )
    .option("--ts", "write pipeline.ts instead of pipeline.yaml")
    .option("--single-task", "make one task of the whole notebook")
    .option("--python <path>", "the Python that analyses the code (default: the python3 kernel's)")
    .option("--force", "overwrite existing files")
    .addHelpText(
      "after",
      "\nExamples:\n  plait refactor analysis.ipynb\n  plait refactor analysis.ipynb -o pipeline --ts --df-format csv\n" +
        "  plait refactor analysis.ipynb --single-task --file-format ipynb",
    )
    .exitOverride();
}

/** The interpreter of the `python3` kernel, which builds use too (Debian's Python when none is found). */
async function kernelPython(): Promise<string> {
  const spec = await resolveKernelSpec({}).catch(() => undefined);
  return spec?.argv[0] ?? "/usr/bin/python3";
}

/**
 * `plait refactor NOTEBOOK [options]`: parses its own flags, writes the pipeline, prints what it
 * wrote and how to build it. Returns the exit code (0 ok, 2 usage or notebook problem).
 */
export async function runRefactor(args: string[]): Promise<number> {
  const command = refactorCommand();
  try {
    command.parse(args, { from: "user" });
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === "commander.helpDisplayed" || code === "commander.version" ? 0 : 2;
  }
  const opts = command.opts();
  const notebook = command.args[0];
  try {
    const result = await refactorNotebook(notebook, {
      outDir: opts.output,
      python: opts.python ?? await kernelPython(),
      fileFormat: opts.fileFormat as "py" | "ipynb",
      pipelineFormat: opts.ts ? "ts" : "yaml",
      productPrefix: opts.productPrefix,
      dfFormat: opts.dfFormat as DfFormat,
      singleTask: opts.singleTask ?? false,
      force: opts.force ?? false,
    });
    const outDir = path.displayPath(result.outDir);
    console.log(`Refactored ${notebook} into ${result.plan.tasks.length} task(s) in ${outDir}:`);
    for (const task of result.plan.tasks) {
      const from = task.upstream.length ? ` <- ${task.upstream.join(", ")}` : "";
      console.log(`  ${task.name}${from}`);
    }
    for (const file of Object.keys(result.files)) console.log(`  wrote ${path.join(outDir, file)}`);
    const entry = path.join(outDir, opts.ts ? "pipeline.ts" : "pipeline.yaml");
    const cliUrl = new URL("../../cli.ts", import.meta.url);
    const cli = cliUrl.protocol === "file:" ? path.displayPath(path.fromFileUrl(cliUrl)) : cliUrl.href;
    console.log(
      `Build it with: deno run -A ${opts.ts ? entry : `${cli} build -e ${entry}`}${opts.ts ? " build" : ""}`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof PlaitError)) throw e;
    console.error(e.message);
    return e.exitCode;
  }
}
