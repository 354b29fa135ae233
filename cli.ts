/**
 * plait's command line: `deno run <permissions> cli.ts <command>`.
 *
 * @module
 */
import { earlyBuildFlags, earlyTemplate } from "./src/cli/early_template.ts";

if (import.meta.main) {
  // A build that will run kernels starts its kernel template first: Python imports ipykernel while
  // the rest of plait loads (main.ts, the npm packages) and the pipeline is read.
  const flags = earlyBuildFlags(Deno.args);
  const kernelTemplate = flags && earlyTemplate(flags);
  await kernelTemplate?.spawned();
  const { runCli } = await import("./src/cli/main.ts");
  Deno.exit(await runCli(Deno.args, { kernelTemplate }));
}
