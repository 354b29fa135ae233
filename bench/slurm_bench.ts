/**
 * `executor: slurm` overhead against bare SLURM, on the running local cluster (scripts/slurm_start.sh).
 * For 1 and for 20 tasks at once, measures from submission to the moment the end is noticed:
 *  - bare: `sbatch --wrap` jobs that touch a marker file (watched every 20 ms), the reference;
 *  - plait: a build of as many TypeScript function tasks (no kernel: this is plait's own cost),
 *    from the task's start event (just before sbatch) to its end event.
 * Also prints how long after the node wrote its result record the build noticed it.
 * Targets: plait adds under 0.5 s a task to SLURM's own latency; ends are noticed within 1 s.
 * Run: `deno run -A bench/slurm_bench.ts [--rounds 1]`.
 *
 * @module
 */
import { build, loadPipeline } from "../mod.ts";
import type { BuildEvent } from "../mod.ts";

const MOD = new URL("../mod.ts", import.meta.url).pathname;
const CONF = "/tmp/plait-slurm/etc/slurm.conf";
if (!Deno.env.get("SLURM_CONF")) Deno.env.set("SLURM_CONF", CONF);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (xs: number[]) => `mean ${mean(xs).toFixed(2)} s, max ${Math.max(...xs).toFixed(2)} s`;

async function load(): Promise<string> {
  const out = await new Deno.Command("uptime").output();
  return new TextDecoder().decode(out.stdout).trim().replace(/.*load average: /, "load ");
}

async function bare(n: number, dir: string): Promise<number[]> {
  const t0 = new Map<string, number>();
  await Promise.all(Array.from({ length: n }, async () => {
    const start = performance.now();
    const out = await new Deno.Command("sbatch", {
      args: ["--parsable", "-o", "/dev/null", "--wrap", `touch ${dir}/done.$SLURM_JOB_ID`],
      stdout: "piped",
    }).output();
    t0.set(new TextDecoder().decode(out.stdout).trim(), start);
  }));
  const took = new Map<string, number>();
  while (took.size < n) {
    for (const [id, start] of t0) {
      if (took.has(id)) continue;
      try {
        await Deno.stat(`${dir}/done.${id}`);
        took.set(id, (performance.now() - start) / 1000);
      } catch { /* not yet */ }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return [...took.values()];
}

async function plait(
  n: number,
  dir: string,
): Promise<{ latency: number[]; noticed: number[]; node: number[] }> {
  const tasks = Array.from(
    { length: n },
    (_, i) =>
      `.task("t${i}", { run: (c) => Deno.writeTextFile(\`\${c.root}/out/t${i}.txt\`, "x"), product: "out/t${i}.txt" })`,
  )
    .join("\n  ");
  await Deno.mkdir(`${dir}/out`, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/pipeline.ts`,
    `import { pipeline } from "${MOD}";\nexport default pipeline({ executor: { kind: "slurm" } })\n  ${tasks};\n`,
  );
  const { pipeline } = await loadPipeline({ entry: `${dir}/pipeline.ts` });
  const start = new Map<string, number>();
  const end = new Map<string, number>();
  const onEvent = (e: BuildEvent) => {
    if (e.type === "task-start") start.set(e.name, performance.now());
    if (e.type === "task-end") {
      end.set(e.name, Date.now());
      start.set(`${e.name}:end`, performance.now());
    }
  };
  const r = await build(pipeline, { onEvent });
  if (!r.summary.ok) throw new Error(JSON.stringify(r.summary.tasks.map((t) => t.failure).filter(Boolean)));
  const latency: number[] = [];
  const noticed: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < n; i++) {
    latency.push((start.get(`t${i}:end`)! - start.get(`t${i}`)!) / 1000);
    const results = [...Deno.readDirSync(`${dir}/.plait/slurm/results`)].map((e) => e.name);
    const file = results.find((f) => f.startsWith(`t${i}.`))!;
    const rec = JSON.parse(Deno.readTextFileSync(`${dir}/.plait/slurm/results/${file}`));
    noticed.push((end.get(`t${i}`)! - rec.ended) / 1000);
    node.push((rec.ended - rec.started) / 1000);
  }
  return { latency, noticed, node };
}

console.log(`slurm_bench (${await load()})`);
for (const n of [1, 20]) {
  const dir = await Deno.makeTempDir({ prefix: "plait_slurm_bench_" });
  try {
    const ref = await bare(n, dir);
    const ours = await plait(n, dir);
    const added = mean(ours.latency) - mean(ref);
    console.log(`${n} task(s) at once (${await load()}):`);
    console.log(`  bare sbatch --wrap, submit to noticed end: ${fmt(ref)}`);
    console.log(`  plait executor: slurm, task start to end:  ${fmt(ours.latency)}`);
    console.log(`  plait adds ${added.toFixed(2)} s a task (target < 0.5 s), of which:`);
    console.log(`    on the node, plait's process start to its result record: ${fmt(ours.node)}`);
    console.log(
      `    on the login node (submit, notice, record), the rest: ${(added - mean(ours.node)).toFixed(2)} s`,
    );
    console.log(`  end noticed after the result record: ${fmt(ours.noticed)} (target < 1 s)`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
