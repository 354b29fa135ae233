/**
 * Benchmark and test pipelines in Ploomber's `pipeline.yaml` format (plait must build them
 * unmodified), written by the project itself so any clone can run its tests and benchmarks:
 *
 * - `linear N`: N tiny script tasks in a chain, each writing a JSON file and its executed notebook;
 * - `grid K serial|parallel [SLEEP]`: one script expanded over K grid points, each sleeping SLEEP seconds.
 *
 * Command line: `deno run --allow-write tools/gen_pipelines.ts OUTDIR linear 40` prints the folder.
 *
 * @module
 */

const TASK = (upstream: string, name: string) =>
  `# %% tags=["parameters"]
upstream = ${upstream}
product = None

# %%
import json
from pathlib import Path

value = 1
Path(product["data"]).write_text(json.dumps({"task": "${name}", "value": value}))
`;

const GRID_TASK = (sleep: number) =>
  `# %% tags=["parameters"]
upstream = None
product = None
i = None

# %%
import json
import time
from pathlib import Path

time.sleep(${sleep})
Path(product["data"]).write_text(json.dumps({"i": i}))
`;

const USAGE = "usage: gen_pipelines.ts OUTDIR linear N | OUTDIR grid K serial|parallel [SLEEP]";

function count(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${USAGE}\n(not a positive count: ${text})`);
  return n;
}

async function linear(root: string, n: number): Promise<string> {
  const dir = `${root}/linear-${n}`;
  await Deno.mkdir(`${dir}/tasks`, { recursive: true });
  const lines = ["tasks:"];
  for (let k = 1; k <= n; k++) {
    const name = `t${String(k).padStart(2, "0")}`;
    const up = k === 1 ? "None" : `["t${String(k - 1).padStart(2, "0")}"]`;
    await Deno.writeTextFile(`${dir}/tasks/${name}.py`, TASK(up, name));
    lines.push(
      `  - source: tasks/${name}.py`,
      "    product:",
      `      nb: products/${name}.ipynb`,
      `      data: products/${name}.json`,
    );
  }
  await Deno.writeTextFile(`${dir}/pipeline.yaml`, lines.join("\n") + "\n");
  return dir;
}

async function grid(root: string, k: number, executor: string, sleep: number): Promise<string> {
  if (executor !== "serial" && executor !== "parallel") throw new Error(USAGE);
  const dir = `${root}/grid-${k}-${executor}${sleep ? `-sleep${sleep}` : ""}`;
  await Deno.mkdir(`${dir}/tasks`, { recursive: true });
  await Deno.writeTextFile(`${dir}/tasks/grid.py`, GRID_TASK(sleep));
  const values = Array.from({ length: k }, (_, i) => i).join(", ");
  await Deno.writeTextFile(
    `${dir}/pipeline.yaml`,
    `executor: ${executor}
tasks:
  - source: tasks/grid.py
    name: grid-
    product:
      nb: products/grid-[[i]].ipynb
      data: products/grid-[[i]].json
    grid:
      i: [${values}]
`,
  );
  return dir;
}

/** Writes a pipeline into `outDir` (`linear N` or `grid K serial|parallel [SLEEP]`) and returns its folder. */
export async function generatePipeline(outDir: string, ...args: string[]): Promise<string> {
  const root = outDir.startsWith("/") ? outDir : `${Deno.cwd()}/${outDir}`;
  const [kind, n, executor, sleep] = args;
  if (kind === "linear") return await linear(root, count(n));
  if (kind === "grid") {
    const seconds = sleep === undefined ? 0 : Number(sleep);
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`${USAGE}\n(not a duration: ${sleep})`);
    return await grid(root, count(n), executor, seconds);
  }
  throw new Error(USAGE);
}

if (import.meta.main) {
  const [outDir, ...args] = Deno.args;
  if (!outDir) throw new Error(USAGE);
  console.log(await generatePipeline(outDir, ...args));
}
