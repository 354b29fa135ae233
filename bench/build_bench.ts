/**
 * Build engine figures against issue 4's targets, on pipelines made by the shared generator.
 *
 *   deno run -A bench/build_bench.ts [--skip-1000]
 *
 * (a) linear-40 full build, its ratio to 40 cold `jupyter_client` kernel starts measured in the same
 *     run (the reference a Ploomber user pays), and the CPU the whole build used (Deno, template, kernels);
 * (b) no-op rebuilds of linear-40 (whole CLI process and in-process `build()`) and linear-1000;
 * (c) grid-8 sleeping 2 s on 2 workers; (d) peak RSS of the build process at 1,000 tasks.
 * Prints a table with each target and a pass/fail mark. Not a test.
 */
import { build } from "../src/engine/mod.ts";
import { startKernel } from "../src/kernel/mod.ts";
import { loadPipeline } from "../src/project/mod.ts";
import { path } from "../src/util/mod.ts";
import { generatePipeline } from "../tools/gen_pipelines.ts";

const PYTHON = "/usr/bin/python3";
const REPO = path.fromFileUrl(new URL("../", import.meta.url));
const CLI = path.join(REPO, "cli.ts");
const skip1000 = Deno.args.includes("--skip-1000");
/** The flags of `deno task build` (deno.json), so the figures are those of the documented command. */
const BUILD_FLAGS: string[] =
  (JSON.parse(await Deno.readTextFile(path.join(REPO, "deno.json"))).tasks.build as string)
    .split(/\s+/).filter((a) => a.startsWith("--"));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const generate = generatePipeline;

interface CliFigures {
  seconds: number;
  code: number;
  /** Peak resident memory of the `deno` build process (VmHWM), in MB. */
  peakMb: number;
  stdout: string;
}

/** Runs `deno run -A cli.ts build ARGS`, timing the whole process and sampling its VmHWM. */
async function cliBuild(args: string[]): Promise<CliFigures> {
  const t0 = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...BUILD_FLAGS, CLI, "build", ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let peakKb = 0;
  let done = false;
  const sample = async () => {
    while (!done) {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(await Deno.readTextFile(`/proc/${child.pid}/status`));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const sampler = sample();
  const [status, out, err] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  const seconds = (performance.now() - t0) / 1000;
  done = true;
  await sampler;
  if (status.code !== 0) console.error(`build ${args.join(" ")} exited ${status.code}:\n${out}\n${err}`);
  return { seconds, code: status.code, peakMb: peakKb / 1024, stdout: out };
}

/** A cold `jupyter_client.start_new_kernel` (what papermill and Ploomber pay per task), median of 5. */
async function jupyterClientStart(): Promise<number> {
  const code = `
import statistics, sys, time
from jupyter_client.manager import start_new_kernel
times = []
for _ in range(5):
    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    times.append(time.perf_counter() - t0)
    kc.stop_channels(); km.shutdown_kernel(now=True)
print(statistics.median(times))
`;
  const out = await new Deno.Command(PYTHON, { args: ["-c", code], stderr: "null" }).output();
  if (!out.success) throw new Error("jupyter_client reference run failed");
  return Number(new TextDecoder().decode(out.stdout).trim());
}

/** CPU seconds (user + system) of this process's waited-for descendants, from /proc/self/stat. */
async function childrenCpu(): Promise<number> {
  const stat = await Deno.readTextFile("/proc/self/stat");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (USER_HZ 100)
}

/** plait's own cold kernel start (startKernel to ready), median of 3. */
async function coldStart(cwd: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const k = await startKernel({ cwd, python: PYTHON });
    times.push((performance.now() - t0) / 1000);
    await k.shutdown();
  }
  return median(times);
}

/** In-process no-op `build()` time (pipeline loaded beforehand), median of 3. */
async function inProcessNoop(dir: string): Promise<number> {
  const { pipeline } = await loadPipeline({ entry: dir });
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const { summary } = await build(pipeline, {});
    times.push((performance.now() - t0) / 1000);
    if (summary.tasks.some((t) => t.outcome !== "up-to-date")) throw new Error("the no-op build ran tasks");
  }
  return median(times);
}

async function cliNoop(dir: string): Promise<CliFigures> {
  const runs: CliFigures[] = [];
  for (let i = 0; i < 3; i++) runs.push(await cliBuild(["-e", dir]));
  if (runs.some((r) => !/Everything is up to date/.test(r.stdout))) {
    throw new Error("the no-op build ran tasks");
  }
  return runs.sort((a, b) => a.seconds - b.seconds)[1];
}

type Row = [what: string, figure: string, target: string, pass: boolean | undefined];
const rows: Row[] = [];
const s = (x: number) => `${x.toFixed(2)} s`;

const tmp = await Deno.makeTempDir({ prefix: "plait_build_bench_" });
try {
  const linear40 = await generate(tmp, "linear", "40");
  const jc = await jupyterClientStart();
  const cold = await coldStart(tmp);
  const cpu0 = await childrenCpu();
  const full = await cliBuild(["-e", linear40]);
  const cpu = await childrenCpu() - cpu0;
  const ratio = full.seconds / (40 * jc);
  rows.push(["cold jupyter_client start (median of 5)", s(jc), "", undefined]);
  rows.push(["cold plait kernel start (median of 3)", s(cold), "", undefined]);
  rows.push(["(a) linear-40 full build (CLI process)", s(full.seconds), "", full.code === 0]);
  rows.push([
    "(a) ... ratio to 40 cold jupyter_client starts",
    ratio.toFixed(3),
    "<= 0.15 (stretch 0.12)",
    ratio <= 0.15 && full.code === 0,
  ]);
  rows.push(["(a) ... CPU of the whole build, per task", s(cpu / 40), "", undefined]);

  const noopCli = await cliNoop(linear40);
  const noopIn = await inProcessNoop(linear40);
  rows.push(["(b) linear-40 no-op, CLI process", s(noopCli.seconds), "< 0.3 s", noopCli.seconds < 0.3]);
  rows.push(["(b) linear-40 no-op, in-process build()", s(noopIn), "< 0.3 s", noopIn < 0.3]);

  const grid = await generate(tmp, "grid", "8", "parallel", "2");
  const gridRun = await cliBuild(["-e", grid, "-j", "2"]);
  rows.push([
    "(c) grid-8 x 2 s sleep, -j 2 (CLI process)",
    s(gridRun.seconds),
    "<= 9.2 s (1.15 x the 8 s floor)",
    gridRun.seconds <= 9.2 && gridRun.code === 0,
  ]);

  if (!skip1000) {
    const linear1000 = await generate(tmp, "linear", "1000");
    const full1000 = await cliBuild(["-e", linear1000]);
    rows.push([
      "linear-1000 full build (CLI process)",
      s(full1000.seconds),
      "< 180 s (to set up)",
      full1000.seconds < 180 && full1000.code === 0,
    ]);
    const noop1000 = await cliNoop(linear1000);
    const noop1000In = await inProcessNoop(linear1000);
    rows.push(["(b) linear-1000 no-op, CLI process", s(noop1000.seconds), "< 1 s", noop1000.seconds < 1]);
    rows.push(["(b) linear-1000 no-op, in-process build()", s(noop1000In), "< 1 s", noop1000In < 1]);
    rows.push([
      "(d) peak RSS, linear-1000 full build",
      `${full1000.peakMb.toFixed(0)} MB`,
      "< 150 MB",
      full1000.peakMb < 150,
    ]);
    rows.push([
      "(d) peak RSS, linear-1000 no-op build",
      `${noop1000.peakMb.toFixed(0)} MB`,
      "< 150 MB",
      noop1000.peakMb < 150,
    ]);
  }
} finally {
  await Deno.remove(tmp, { recursive: true });
}

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => String(r[i]).length), 8));
const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join("  ");
const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "?")).split(" ").slice(0, 3).join(" ");
console.log(`plait build bench (${navigator.hardwareConcurrency} cores, load average ${load})\n`);
console.log(line(["measure", "figure", "target", "ok?"]));
console.log(line(widths.map((w) => "-".repeat(w)).concat("---")));
for (const [what, fig, target, pass] of rows) {
  console.log(line([what, fig, target, pass === undefined ? "" : pass ? "PASS" : "FAIL"]));
}
