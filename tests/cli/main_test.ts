/** The CLI's wiring: every command answers `--help` with examples; `refactor` gets its raw arguments. */
import { match, strictEqual } from "node:assert/strict";
import { run } from "./_helpers.ts";

const COMMANDS = ["build", "plot", "status", "task", "scaffold", "nb", "refactor"];

Deno.test("every command's --help exits 0 and shows examples", async () => {
  const results = await Promise.all(COMMANDS.map((c) => run(Deno.cwd(), [c, "--help"])));
  results.forEach((r, i) => {
    strictEqual(r.code, 0, `${COMMANDS[i]} --help: ${r.stderr}`);
    match(r.stdout, new RegExp(`^Usage: plait ${COMMANDS[i]} `, "m"));
    match(r.stdout, new RegExp(`^Examples:\\n  plait ${COMMANDS[i]}`, "m"));
  });
});

Deno.test("refactor receives its own flags, --help included", async () => {
  const help = await run(Deno.cwd(), ["refactor", "--help"]);
  strictEqual(help.code, 0, help.stderr);
  match(help.stdout, /--product-prefix <dir>/);
  const missing = await run(Deno.cwd(), ["refactor", "/no/such.ipynb", "--product-prefix", "out", "--ts"]);
  strictEqual(missing.code, 2);
  match(missing.stderr, /Cannot refactor "\/no\/such\.ipynb": no such file/);
});

Deno.test("--version and -V print plait's version; _slurm-task falls back to the full parser for odd arguments", async () => {
  const { version } = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  for (const flag of ["--version", "-V"]) {
    const r = await run(Deno.cwd(), [flag]);
    strictEqual(r.code, 0, r.stderr);
    strictEqual(r.stdout, `plait ${version}\n`);
  }
  const noResult = await run(Deno.cwd(), ["_slurm-task", "t", "-e", "pipeline.yaml"]);
  strictEqual(noResult.code, 2);
  match(noResult.stderr + noResult.stdout, /required option '--result <file>' not specified/);
  const unknown = await run(Deno.cwd(), ["_slurm-task", "t", "--result", "r.json", "--nope", "x"]);
  strictEqual(unknown.code, 2);
  match(unknown.stderr + unknown.stdout, /unknown option '--nope'/);
});
