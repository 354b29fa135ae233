/**
 * Kernel runtime figures, compared with Python's jupyter_client measured in the same run.
 *
 *   deno run -A bench/kernel_bench.ts [--rounds 200]
 *
 * Prints: cold start, fork-server start, warm-pool wait, `1+1` round trip (both transports),
 * and death detection, each with jupyter_client's figure and the ratio where there is one.
 */
import { type Kernel, KernelPool, startKernel, type TransportName } from "../src/kernel/mod.ts";

const PYTHON = "/usr/bin/python3";
const rounds = Number(Deno.args[Deno.args.indexOf("--rounds") + 1]) || 200;
const cwd = Deno.cwd();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const JUPYTER_CLIENT = `
import json, os, signal, statistics, sys, time
from jupyter_client.manager import start_new_kernel
rounds = int(sys.argv[1])
starts, rts = [], []
for i in range(3):
    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    starts.append(time.perf_counter() - t0)
    if i < 2:
        kc.stop_channels(); km.shutdown_kernel(now=True)
def run(code):
    msg_id = kc.execute(code)
    while kc.get_shell_msg(timeout=30)["parent_header"].get("msg_id") != msg_id: pass
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return
for _ in range(20): run("1+1")
for _ in range(rounds):
    t0 = time.perf_counter(); run("1+1"); rts.append(time.perf_counter() - t0)
kc.execute("import time; time.sleep(30)")
time.sleep(0.3)
t0 = time.perf_counter()
os.kill(km.provisioner.process.pid, signal.SIGKILL)
while kc.hb_channel.is_beating():
    time.sleep(0.005)
death = time.perf_counter() - t0
kc.stop_channels(); km.cleanup_resources()
print(json.dumps({"start": statistics.median(starts) * 1000, "rt": statistics.median(rts) * 1000, "death": death * 1000}))
`;

async function jupyterClient(): Promise<{ start: number; rt: number; death: number }> {
  const file = await Deno.makeTempFile({ suffix: ".py" });
  try {
    await Deno.writeTextFile(file, JUPYTER_CLIENT);
    const out = await new Deno.Command(PYTHON, { args: [file, String(rounds)], stderr: "null" }).output();
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(file);
  }
}

async function roundTrip(k: Kernel): Promise<number> {
  for (let i = 0; i < 20; i++) await k.execute("1+1");
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await k.execute("1+1");
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function deathDetection(k: Kernel): Promise<number> {
  let started!: () => void;
  const running = new Promise<void>((r) => started = r);
  const pending = k.execute("import time\nprint('go', flush=True)\ntime.sleep(30)", {
    onOutput: () => started(),
  });
  await running;
  const t0 = performance.now();
  Deno.kill(k.pid!, "SIGKILL");
  await pending.catch(() => {});
  const took = performance.now() - t0;
  await k.shutdown();
  return took;
}

async function coldStarts(transport: TransportName): Promise<{ start: number; rt: number; death: number }> {
  const starts: number[] = [];
  let last: Kernel | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const k = await startKernel({ cwd, transport });
    starts.push(performance.now() - t0);
    if (i < 2) await k.shutdown();
    else last = k;
  }
  const rt = await roundTrip(last!);
  return { start: median(starts), rt, death: await deathDetection(last!) };
}

async function forkFigures(): Promise<
  { fork: number; warm: number; death: number; cpu: number; faults: number }
> {
  await using pool = new KernelPool({ cwd, size: 1 });
  const forks: number[] = [];
  const warm: number[] = [];
  const cpu: number[] = [];
  const faults: number[] = [];
  const retire = async (k: Kernel) => { // a task's end: its kernel shut down, its life's CPU read
    const exited = k.exited;
    await k.shutdown();
    const e = await exited;
    if (e.cpuSeconds !== undefined) cpu.push(e.cpuSeconds * 1000);
    if (e.pageFaults !== undefined) faults.push(e.pageFaults);
  };
  let k = await pool.acquire();
  await k.execute("1+1");
  for (let i = 0; i < 6; i++) { // request -> ready, with nothing else running: the refill starts at t0
    await pool.warm();
    await retire(k);
    k = await pool.acquire(); // takes the spare; the pool forks the next one now
    const t0 = performance.now();
    await pool.warm();
    forks.push(performance.now() - t0);
    await k.execute("1+1");
  }
  for (let i = 0; i < 6; i++) { // a 0.5 s task runs while the pool refills
    await k.execute("import time; time.sleep(0.5)");
    const t0 = performance.now();
    const next = await pool.acquire();
    warm.push(performance.now() - t0);
    await retire(k);
    k = next;
  }
  return {
    fork: median(forks),
    warm: median(warm),
    death: await deathDetection(k),
    cpu: median(cpu),
    faults: median(faults),
  };
}

const jc = await jupyterClient();
const zmtp = await coldStarts("zmtp");
const zeromq = await coldStarts("zeromq");
const fork = await forkFigures();

const rows: [string, string, string, string][] = [
  ["cold start to ready (zmtp)", ms(zmtp.start), ms(jc.start), (zmtp.start / jc.start).toFixed(2)],
  ["fork-server kernel, request to ready", ms(fork.fork), ms(jc.start), (fork.fork / jc.start).toFixed(2)],
  ["warm pool: task waits for its kernel", ms(fork.warm), ms(jc.start), (fork.warm / jc.start).toFixed(3)],
  ["CPU of a forked kernel's life (1 task)", ms(fork.cpu), "", ""],
  ["... its minor page faults", String(fork.faults), "", ""],
  ["1+1 round trip, zmtp", ms(zmtp.rt), ms(jc.rt), (zmtp.rt / jc.rt).toFixed(2)],
  ["1+1 round trip, npm:zeromq", ms(zeromq.rt), ms(jc.rt), (zeromq.rt / jc.rt).toFixed(2)],
  [
    "death detected (cold kernel)",
    ms(zmtp.death),
    ms(jc.death) + " (hb)",
    (zmtp.death / jc.death).toFixed(3),
  ],
  [
    "death detected (forked kernel)",
    ms(fork.death),
    ms(jc.death) + " (hb)",
    (fork.death / jc.death).toFixed(3),
  ],
];
const width = [38, 12, 20, 8];
const line = (r: string[]) => r.map((c, i) => c.padEnd(width[i])).join("  ");
const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "?")).split(" ").slice(0, 3).join(" ");
console.log(
  `plait kernel bench (${rounds} rounds; medians; jupyter_client ${PYTHON}; load average ${load})`,
);
console.log(line(["figure", "plait", "jupyter_client", "ratio"]));
for (const r of rows) console.log(line(r));
console.log(
  `targets: warm wait < 100 ms: ${fork.warm < 100 ? "met" : "MISSED"}; fork ready < 250 ms: ${
    fork.fork < 250 ? "met" : "MISSED"
  }; CPU per forked kernel <= 250 ms: ${fork.cpu <= 250 ? "met" : "MISSED"}; round trip ratio <= 1.1: ${
    zmtp.rt / jc.rt <= 1.1 ? "met" : "MISSED"
  }; death < 100 ms: ${Math.max(zmtp.death, fork.death) < 100 ? "met" : "MISSED"}`,
);
