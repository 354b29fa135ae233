/**
 * `upstream` names are checked by the TypeScript compiler: `deno check` passes a correct
 * pipeline.ts and fails one with a misspelt upstream, naming it.
 */
import { deepStrictEqual as assertEquals, match } from "node:assert/strict";

const GRAPH = new URL("../../src/graph/mod.ts", import.meta.url).href;

const GOOD = `import { pipeline } from "${GRAPH}";
export default pipeline()
  .task("load", { source: "tasks/load.py", product: "output/load.ipynb" })
  .task("clean", { source: "tasks/clean.py", upstream: ["load"], product: "output/clean.ipynb" })
  .task("fit-", { source: "tasks/fit.py", upstream: ["clean"], product: "output/fit.ipynb", grid: { a: [1, 2] } })
  .task("sweep-[[alpha]]", { source: "tasks/s.py", product: "output/s-[[alpha]].ipynb", grid: { alpha: [1] } })
  .task("report", { source: "tasks/report.py", upstream: ["fit", "fit-1", "fit-*", "sweep", "sweep-1", "load"], product: "output/r.ipynb" });
`;

const BAD = `import { pipeline } from "${GRAPH}";
export default pipeline()
  .task("load", { source: "tasks/load.py", product: "output/load.ipynb" })
  .task("clean", { source: "tasks/clean.py", upstream: ["laod"], product: "output/clean.ipynb" });
`;

const LATER = `import { pipeline } from "${GRAPH}";
export default pipeline()
  .task("clean", { source: "tasks/clean.py", upstream: ["load"], product: "output/clean.ipynb" })
  .task("load", { source: "tasks/load.py", product: "output/load.ipynb" });
`;

/** Runs `deno check` on the given files (written to a temp dir), with no config of ours. */
async function check(files: Record<string, string>): Promise<{ ok: boolean; stderr: string }> {
  const dir = await Deno.makeTempDir({ prefix: "plait_check_" });
  try {
    for (const [name, text] of Object.entries(files)) await Deno.writeTextFile(`${dir}/${name}`, text);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--no-lock", "--no-config", ...Object.keys(files)],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { ok: out.success, stderr: new TextDecoder().decode(out.stderr) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("deno check passes a pipeline.ts whose upstream names tasks, grid groups, grid points and globs", async () => {
  const r = await check({ "pipeline.ts": GOOD });
  assertEquals(r.ok, true, r.stderr);
});

Deno.test("deno check fails a misspelt upstream, and one naming a task defined after it, at their lines", async () => {
  const r = await check({ "misspelt.ts": BAD, "later.ts": LATER });
  assertEquals(r.ok, false);
  match(r.stderr, /"laod"[\s\S]*misspelt\.ts:4:/);
  match(r.stderr, /"load"[\s\S]*later\.ts:3:/);
});
