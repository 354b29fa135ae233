/**
 * Render times of the pipeline plot on large graphs: a 1,000-task chain, a 1 -> 100 -> 1
 * fan-out/fan-in grid, and a dense random 500-task, 1,500-edge DAG (a stress case: ~16k
 * dummy nodes). Run: `deno run bench/plot_bench.ts`.
 *
 * @module
 */
import { renderSvg } from "../src/plot/mod.ts";
import type { PlotGraph } from "../src/plot/mod.ts";

const RUNS = 5;

/** t0000 -> t0001 -> ... -> t(n-1) */
function linear(n: number): PlotGraph {
  const id = (i: number) => `t${String(i).padStart(4, "0")}`;
  const nodes = Array.from({ length: n }, (_, i) => ({ id: id(i), sublabel: `tasks/${id(i)}.py` }));
  const edges = nodes.slice(1).map((_, i): [string, string] => [id(i), id(i + 1)]);
  return { nodes, edges };
}

/** load -> fit-0..fit-(n-1) -> report */
function grid(n: number): PlotGraph {
  const fits = Array.from({ length: n }, (_, i) => `fit-${i}`);
  const nodes = [{ id: "load" }, ...fits.map((id) => ({ id, status: "up-to-date" as const })), {
    id: "report",
  }];
  const edges = fits.flatMap((f): [string, string][] => [["load", f], [f, "report"]]);
  return { nodes, edges };
}

/** 500 tasks, 1,500 random forward edges (seeded). */
function dense(n: number, m: number): PlotGraph {
  let seed = 42;
  const random = (k: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % k;
  const edges = new Map<string, [string, string]>();
  while (edges.size < m) {
    const [a, b] = [random(n), random(n)];
    if (a < b) edges.set(`${a} ${b}`, [`n${a}`, `n${b}`]);
  }
  return { nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}` })), edges: [...edges.values()] };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const cases = [["linear-1000", linear(1000)], ["grid-1-100-1", grid(100)], [
  "dense-500",
  dense(500, 1500),
]] as const;
for (const [name, graph] of cases) {
  for (const direction of ["TB", "LR"] as const) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      bytes = renderSvg(graph, { direction }).length;
      times.push(performance.now() - t0);
    }
    const first = times[0].toFixed(0);
    console.log(
      `${name.padEnd(13)} ${direction}  median ${median(times).toFixed(1)} ms  (first ${first} ms, ` +
        `${RUNS} runs, ${(bytes / 1024).toFixed(0)} KiB)`,
    );
  }
}
