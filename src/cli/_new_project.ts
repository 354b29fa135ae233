/**
 * The files of a new project (`plait scaffold` where there is no pipeline): a pipeline.ts, two
 * small tasks that run with only Python's standard library, and a deno.json with narrow permissions.
 */

/**
 * The narrowest permissions each command works with (found by removing flags until it failed):
 * build reads the project and kernelspecs, writes products, state and kernel connection files (in
 * the temp folder), runs python, and talks to kernels on 127.0.0.1; status and plot only read
 * (plot writes its SVG) and may run python to find the interpreter. No --allow-sys, no -A.
 * `build` also caps V8's young generation: a long build otherwise grows it to 16 MB of garbage,
 * which keeps a 1,000-task build above 150 MB of memory.
 */
export const PERMISSIONS = {
  build:
    "--v8-flags=--max-semi-space-size=2 --allow-read --allow-write --allow-run --allow-env --allow-net=127.0.0.1",
  status: "--allow-read --allow-env --allow-run",
  plot: "--allow-read --allow-write --allow-env --allow-run",
} as const;

function pipelineTs(modUrl: string): string {
  return `// The pipeline: each task is a script in tasks/, run in a fresh Jupyter kernel by \`deno task build\`.
// plait is imported from a local checkout here; a URL works too (e.g. https://<host>/plait/mod.ts).
import { pipeline } from "${modUrl}";

export default pipeline()
  .task("load", {
    source: "tasks/load.py",
    product: { nb: "output/load.ipynb", data: "output/raw.csv" },
    params: { rows: 20 },
    doc: "Make a small table of raw temperature readings",
  })
  .task("clean", {
    source: "tasks/clean.py",
    upstream: ["load"],
    product: { nb: "output/clean.ipynb", data: "output/clean.csv" },
    doc: "Drop readings with no value and convert them to Fahrenheit",
  })
  .main(import.meta);
`;
}

const LOAD_PY = `# %% [markdown]
# # Load
# Makes a small table of raw temperature readings; some are missing. Replace this with reading your data.

# %% tags=["parameters"]
upstream = None
product = None
rows = 10

# %%
import csv
import random

random.seed(0)
readings = [
    {"sensor": i, "celsius": round(random.gauss(20, 5), 1) if random.random() > 0.2 else ""}
    for i in range(rows)
]

# %%
with open(product["data"], "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=["sensor", "celsius"])
    writer.writeheader()
    writer.writerows(readings)
print(f"wrote {len(readings)} readings to {product['data']}")
`;

const CLEAN_PY = `# %% [markdown]
# # Clean
# Drops readings with no value and adds a Fahrenheit column.

# %% tags=["parameters"]
upstream = ["load"]
product = None

# %%
import csv

with open(upstream["load"]["data"], newline="") as f:
    readings = [r for r in csv.DictReader(f) if r["celsius"] != ""]

for r in readings:
    r["fahrenheit"] = round(float(r["celsius"]) * 9 / 5 + 32, 1)

# %%
with open(product["data"], "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=["sensor", "celsius", "fahrenheit"])
    writer.writeheader()
    writer.writerows(readings)
print(f"kept {len(readings)} readings in {product['data']}")
`;

function denoJson(): string {
  const run = (command: keyof typeof PERMISSIONS) =>
    `deno run ${PERMISSIONS[command]} pipeline.ts ${command}`;
  const config = { tasks: { build: run("build"), status: run("status"), plot: run("plot") } };
  return JSON.stringify(config, null, 2) + "\n";
}

/** File path (relative to the project folder) -> content, for a new project importing plait from `modUrl`. */
export function newProjectFiles(modUrl: string): Record<string, string> {
  return {
    "pipeline.ts": pipelineTs(modUrl),
    "tasks/load.py": LOAD_PY,
    "tasks/clean.py": CLEAN_PY,
    "deno.json": denoJson(),
    ".gitignore": "output/\n.plait/\n",
  };
}
