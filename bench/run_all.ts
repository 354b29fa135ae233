/**
 * Runs every benchmark in turn and prints their figures: `deno task bench [--skip-1000]`.
 * Each prints its targets and, where one exists, a ratio against a reference measured in the same run.
 *
 * @module
 */
const BENCHES: [file: string, args: string[]][] = [
  ["kernel_bench.ts", []],
  ["load_bench.ts", []],
  ["plot_bench.ts", []],
  ["noop_bench.ts", []],
  ["build_bench.ts", Deno.args.includes("--skip-1000") ? ["--skip-1000"] : []],
  ["serve_bench.ts", []],
  // needs a cluster: `bash scripts/slurm_start.sh`, then SLURM_CONF as it prints
  ...(Deno.env.get("SLURM_CONF") ? [["slurm_bench.ts", []] as [string, string[]]] : []),
];

let failed = 0;
for (const [file, args] of BENCHES) {
  console.log(`\n== bench/${file} ${args.join(" ")}`);
  const url = new URL(file, import.meta.url);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", decodeURIComponent(url.pathname), ...args],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) failed++;
}
if (failed) console.log(`\n${failed} benchmark(s) exited with an error`);
