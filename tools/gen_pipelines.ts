/**
 * The benchmark pipelines of `shared/bench/gen_pipelines.py` (Ploomber's format), for tests and
 * benchmarks. `shared/` sits beside the repository, both here and in CI.
 *
 * @module
 */

/** Path of gen_pipelines.py: `$PLAIT_SHARED/bench/...`, else `../shared/bench/...` beside the repo. */
export const GEN_PIPELINES: string = Deno.env.get("PLAIT_SHARED")
  ? `${Deno.env.get("PLAIT_SHARED")}/bench/gen_pipelines.py`
  : decodeURIComponent(new URL("../../shared/bench/gen_pipelines.py", import.meta.url).pathname);

/** Runs gen_pipelines.py into `outDir` (`linear N` or `grid K serial|parallel [SLEEP]`) and returns the pipeline folder. */
export async function generatePipeline(outDir: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [GEN_PIPELINES, outDir, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (!out.success) {
    throw new Error(`gen_pipelines.py ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout).trim();
}
