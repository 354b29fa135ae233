/**
 * plait's command line: `deno run <permissions> cli.ts <command>`.
 *
 * @module
 */
import { runCli } from "./src/cli/main.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args));
}
