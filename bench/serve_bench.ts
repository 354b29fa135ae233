/**
 * The live page's figures against issue 13's targets:
 *
 *   deno run -A bench/serve_bench.ts [--skip-build]
 *
 * (a) page load and first paint of a 1,000-task graph in headless Chromium, the first load after the
 *     server started (it lays the graph out at start) and three more                 target < 1 s
 * (b) event-to-DOM latency at 50 events/s: a build's events written to `.plait/events/` by the real
 *     writer, followed by the real server, applied by the page (its `window.__plait.latencies`)
 *                                                                                     target < 200 ms
 * (c) a linear-40 `build --force` with and without `plait serve` running and a page open, alternated
 *                                                                                     target < 5 %
 * Prints each figure with `uptime`. Not a test.
 */
import { EventLogWriter, type ServeGraph, type ServeTask, startServer } from "../src/serve/mod.ts";
import type { BuildEvent } from "../src/scheduler/mod.ts";
import { Browser } from "../tests/serve/_cdp.ts";
import { CLI, spawnCli, urlOf } from "../tests/serve/_helpers.ts";
import { generatePipeline } from "../tools/gen_pipelines.ts";

const uptime = async () =>
  new TextDecoder().decode((await new Deno.Command("uptime").output()).stdout).trim().replace(
    /^.*load/,
    "load",
  );
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const rows: [string, string, string][] = [];
const report = async (what: string, figure: string, target: string) => {
  rows.push([what, figure, target]);
  console.log(`${what}: ${figure} (target ${target}; ${await uptime()})`);
};

/** A layered graph: `n` tasks in layers of `width`, each with one or two parents in the layer above. */
function syntheticGraph(n: number, width = 25): ServeGraph {
  const name = (i: number) => `task-${String(i).padStart(4, "0")}`;
  const nodes = [];
  const edges: [string, string][] = [];
  const tasks = new Map<string, ServeTask>();
  for (let i = 0; i < n; i++) {
    nodes.push({ id: name(i), sublabel: `tasks/step_${i % 7}.py`, status: "never-run" as const });
    tasks.set(name(i), {
      name: name(i),
      sourceLabel: `tasks/step_${i % 7}.py`,
      params: { i },
      products: [{ key: "nb", path: `output/${name(i)}.ipynb` }],
      upstream: [],
      reasons: ["never run"],
    });
    if (i >= width) {
      edges.push([name(i - width), name(i)]);
      if (i % 3 === 0) edges.push([name(i - width + ((i * 7) % width)), name(i)]);
    }
  }
  const seen = new Set<string>();
  return {
    plot: { nodes, edges: edges.filter((e) => !seen.has(e.join()) && seen.add(e.join()) && e[0] !== e[1]) },
    tasks,
  };
}

async function withServer<T>(graph: ServeGraph, fn: (url: string, root: string) => Promise<T>): Promise<T> {
  const root = await Deno.makeTempDir({ prefix: "plait_serve_bench_" });
  try {
    await using server = await startServer({ root, title: "bench", graph: () => Promise.resolve(graph) });
    return await fn(server.url, root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** When the page loaded, first painted anything, and drew its graph (first frame after its script ran). */
async function pageLoad(
  browser: Browser,
  url: string,
): Promise<{ load: number; paint: number; drawn: number }> {
  const page = await browser.open(url);
  await page.waitFor(
    "document.readyState === 'complete' && window.__plait && window.__plait.drawnAt",
    60_000,
  );
  using _closing = { [Symbol.dispose]: () => void page.close() };
  return await page.evaluate(`(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return { load: nav.loadEventEnd, paint: fcp ? fcp.startTime : NaN, drawn: window.__plait.drawnAt };
  })()`);
}

async function benchPageLoad(browser: Browser): Promise<void> {
  const graph = syntheticGraph(1000);
  await withServer(graph, async (url) => {
    const cold = await pageLoad(browser, url);
    const warm = [];
    for (let i = 0; i < 3; i++) warm.push(await pageLoad(browser, url));
    await report(
      "(a) 1,000-task page, first load",
      `graph drawn ${cold.drawn.toFixed(0)} ms, load event ${cold.load.toFixed(0)} ms, first paint ${
        cold.paint.toFixed(0)
      } ms`,
      "< 1000 ms",
    );
    await report(
      "(a) 1,000-task page, warm (median of 3)",
      `graph drawn ${median(warm.map((w) => w.drawn)).toFixed(0)} ms, load event ${
        median(warm.map((w) => w.load)).toFixed(0)
      } ms, first paint ${median(warm.map((w) => w.paint)).toFixed(0)} ms`,
      "< 1000 ms",
    );
  });
}

async function benchLatency(browser: Browser): Promise<void> {
  const graph = syntheticGraph(40, 8);
  const names = [...graph.tasks.keys()];
  await withServer(graph, async (url, root) => {
    const page = await browser.open(url);
    await page.waitFor("window.__plait", 60_000);
    using log = new EventLogWriter(root, { command: "bench" });
    const events: BuildEvent[] = [{ type: "build-start", tasks: names, jobs: 2 }];
    for (const name of names) {
      events.push({ type: "task-start", name, reasons: ["never run"] });
      for (let c = 1; c <= 3; c++) {
        events.push({ type: "task-progress", name, progress: { phase: "cell", cell: c, cells: 3 } });
      }
      events.push({ type: "task-output", name, output: { stream: "stdout", text: `${name} says hi\n` } });
      events.push({ type: "task-end", name, outcome: "ran", seconds: 0.1 });
    }
    const rate = 50;
    const t0 = performance.now();
    for (let i = 0; i < events.length; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      log.write(events[i]);
    }
    await new Promise((r) => setTimeout(r, 500));
    const lat = await page.evaluate<number[]>("window.__plait.latencies");
    await page.close();
    await report(
      `(b) event-to-DOM latency, ${events.length} events at ${rate}/s`,
      `median ${median(lat)} ms, p95 ${pct(lat, 0.95)} ms, max ${
        Math.max(...lat)
      } ms (${lat.length} changes)`,
      "< 200 ms",
    );
  });
}

/** CPU seconds (user + system) of a process; `children` for its waited-for descendants instead. */
async function cpuSeconds(pid: number | "self", children = false): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  // Fields 14-17 of proc(5), counted from the state field (3): utime, stime, cutime, cstime.
  const [u, s, cu, cs] = [f[11], f[12], f[13], f[14]];
  return (children ? cu + cs : u + s) / 100;
}

async function timedBuild(entry: string): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "build", "--force", "-e", entry],
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return (performance.now() - t0) / 1000;
}

async function benchOverhead(browser: Browser): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "plait_serve_bench_" });
  try {
    const dir = await generatePipeline(tmp, "linear", "40");
    const entry = `${dir}/pipeline.yaml`;
    await timedBuild(entry); // warm caches
    const plain: number[] = [];
    const served: number[] = [];
    const serverCpu: number[] = [];
    const buildCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      plain.push(await timedBuild(entry));
      await using server = spawnCli(["serve", "-e", entry]);
      const page = await browser.open(await urlOf(server));
      await page.waitFor("window.__plait", 60_000);
      const [s0, b0] = [await cpuSeconds(server.child.pid), await cpuSeconds("self", true)];
      served.push(await timedBuild(entry));
      await page.waitFor(`document.getElementById("build").dataset.state === "ok"`, 30_000);
      serverCpu.push(await cpuSeconds(server.child.pid) - s0);
      await page.close();
      buildCpu.push(await cpuSeconds("self", true) - b0);
    }
    const share = serverCpu.map((c, i) => (c / buildCpu[i]) * 100);
    await report(
      "(c) CPU of the serve process during a linear-40 build, share of the build's own CPU (median of 3)",
      `${median(share).toFixed(1)} % (server ${serverCpu.map((c) => c.toFixed(2)).join(", ")} s; build ${
        buildCpu.map((c) => c.toFixed(1)).join(", ")
      } s)`,
      "< 5 %",
    );
    const [p, s] = [median(plain), median(served)];
    await report(
      "(c) linear-40 build --force, median of 3 (without / with serve + an open page)",
      `${p.toFixed(2)} s / ${s.toFixed(2)} s: ${(((s - p) / p) * 100).toFixed(1)} % ` +
        `(runs: ${plain.map((x) => x.toFixed(2)).join(", ")} / ${
          served.map((x) => x.toFixed(2)).join(", ")
        })`,
      "< 5 %",
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

{
  await using browser = await Browser.launch();
  await benchPageLoad(browser);
  await benchLatency(browser);
  if (!Deno.args.includes("--skip-build")) await benchOverhead(browser);
}
console.log("\nfigure | value | target");
for (const r of rows) console.log(r.join(" | "));
