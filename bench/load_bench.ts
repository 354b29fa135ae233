/**
 * How long loading + validating a large pipeline takes: generates linear-1000 (1000 script tasks in
 * a chain, Ploomber's format) with tools/gen_pipelines.ts in a temp folder, then times
 * loadPipeline() (parse YAML, validate, read every parameters cell, resolve, order). Target: < 0.5 s.
 *
 * Run: `deno run -A bench/load_bench.ts [N]` (N tasks, default 1000).
 *
 * @module
 */
import { loadPipeline } from "../src/project/mod.ts";
import { generatePipeline } from "../tools/gen_pipelines.ts";

const RUNS = 7;
const FRESH_RUNS = 3;
const TARGET_S = 0.5;

function generate(dir: string, n: number): Promise<string> {
  return generatePipeline(dir, "linear", String(n));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

if (import.meta.main) {
  const n = Number(Deno.args[0] ?? 1000);
  const dir = await Deno.makeTempDir({ prefix: "plait_load_bench_" });
  try {
    const project = await generate(dir, n);
    const times: number[] = [];
    let tasks = 0;
    let cold = 0;
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const { pipeline } = await loadPipeline({ entry: project });
      const dt = (performance.now() - t0) / 1000;
      tasks = pipeline.tasks.size;
      if (i > 0) times.push(dt);
      else cold = dt; // the first run also warms up the JIT: what one CLI invocation pays
    }
    const m = median(times);
    const fresh = await freshProcess(project);
    console.log(
      `load+validate linear-${n}: ${tasks} tasks, median ${m.toFixed(3)} s over ${RUNS} runs (min ${
        Math.min(...times).toFixed(3)
      } s, max ${Math.max(...times).toFixed(3)} s; first run ${cold.toFixed(3)} s); target < ${TARGET_S} s: ${
        m < TARGET_S ? "met" : "MISSED"
      }`,
    );
    console.log(
      `  in a fresh process, as one CLI command pays it: load ${
        fresh.noMemo.toFixed(3)
      } s before the first build ` +
        `(no analysis memo), ${fresh.memo.toFixed(3)} s after (memo in .plait/), ` +
        `${fresh.wall.toFixed(3)} s wall with Deno's start and module loading (medians of ${FRESH_RUNS})`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Times loadPipeline() in new Deno processes: the JIT is cold, as in every CLI command. */
async function freshProcess(project: string): Promise<{ noMemo: number; memo: number; wall: number }> {
  const script = `
    const { loadPipeline } = await import(${
    JSON.stringify(new URL("../src/project/mod.ts", import.meta.url).href)
  });
    const { sourceMemo } = await import(${
    JSON.stringify(new URL("../src/source/mod.ts", import.meta.url).href)
  });
    const t0 = performance.now();
    const { pipeline } = await loadPipeline({ entry: ${JSON.stringify(project)} });
    console.log((performance.now() - t0) / 1000);
    if (Deno.args[0] === "flush") await sourceMemo(pipeline.root).flush();
  `;
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, script);
  const run = async (...args: string[]) => {
    const t0 = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", file, ...args],
      stdout: "piped",
    })
      .output();
    return { inside: Number(new TextDecoder().decode(out.stdout)), wall: (performance.now() - t0) / 1000 };
  };
  const plait = `${project}/.plait`;
  try {
    const noMemo: number[] = [];
    for (let i = 0; i < FRESH_RUNS; i++) {
      await Deno.remove(plait, { recursive: true }).catch(() => {});
      noMemo.push((await run()).inside);
    }
    await Deno.mkdir(plait, { recursive: true }); // a build makes .plait/, and the memo is kept there
    await run("flush");
    const memo: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < FRESH_RUNS; i++) {
      const r = await run();
      memo.push(r.inside);
      wall.push(r.wall);
    }
    return { noMemo: median(noMemo), memo: median(memo), wall: median(wall) };
  } finally {
    await Deno.remove(file);
  }
}
