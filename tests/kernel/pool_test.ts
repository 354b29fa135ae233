/** The warm pool and the fork server, with real kernels. */
import { deepStrictEqual, notDeepStrictEqual, ok, rejects } from "node:assert/strict";
import { KernelPool } from "../../src/kernel/mod.ts";
import { isAlive, leftoverPythonProcesses, STARTED_PIDS } from "./_helpers.ts";

const text = (r: { outputs: Record<string, unknown>[] }) =>
  String(
    (r.outputs.find((o) => o.output_type === "execute_result")?.data as Record<string, string>)["text/plain"],
  );

Deno.test("KernelPool forks fresh kernels with the requested cwd and env, preloads, and its own random state", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "plait-pool-test-" });
  try {
    await using pool = new KernelPool({ cwd, size: 2, env: { PLAIT_TEST_VAR: "yes" }, preload: ["numpy"] });
    const a = await pool.acquire();
    const b = await pool.acquire();
    for (const k of [a, b]) if (k.pid) STARTED_PIDS.add(k.pid);
    notDeepStrictEqual(a.pid, b.pid);
    const probe =
      "import os, sys, random; (os.getcwd(), os.environ['PLAIT_TEST_VAR'], 'numpy' in sys.modules)";
    for (const k of [a, b]) deepStrictEqual(text(await k.execute(probe)), `('${cwd}', 'yes', True)`);
    const draws = "import numpy, random; (numpy.random.rand(), random.random())";
    notDeepStrictEqual(text(await a.execute(draws)), text(await b.execute(draws)));
    deepStrictEqual(text(await a.execute("x = 1; x")), "1");
    deepStrictEqual((await b.execute("x")).error?.ename, "NameError"); // fresh interpreters
    // The interactive shell is made once in the template; each kernel must own its copy.
    const shell = "ip = get_ipython(); (ip.kernel.shell is ip, ip.parent is ip.kernel, " +
      "ip.kernel.session.pid == os.getpid(), 'x' in ip.user_ns, len(ip.user_ns['In']))";
    deepStrictEqual(text(await a.execute(shell)), "(True, True, True, True, 5)");
    deepStrictEqual(text(await b.execute(shell)), "(True, True, True, False, 5)");
    deepStrictEqual(a.info.python, "/usr/bin/python3");
    await Promise.all([a.shutdown(), b.shutdown()]);
    const { code, signal } = await a.exited;
    deepStrictEqual({ code, signal }, { code: 0, signal: null });
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("a forked kernel's shell is as a launched one's: its sys.modules snapshot (%reset --aggressive) and %store", async () => {
  // The template loads storemagic and snapshots sys.modules once; each kernel adds its own imports.
  await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1 });
  await using k = await pool.acquire();
  STARTED_PIDS.add(k.pid!);
  const snapshot = "import sys; ip = get_ipython(); " +
    "(sorted(set(sys.modules) ^ ip._sys_modules_keys), 'store' in ip.magics_manager.magics['line'])";
  deepStrictEqual(text(await k.execute(snapshot)), "([], True)");
  deepStrictEqual(text(await k.execute("import wave, sys; 'wave' in sys.modules")), "True");
  await k.execute("%reset -f --aggressive");
  deepStrictEqual(
    text(await k.execute("import sys; ('wave' in sys.modules, 'ipykernel.ipkernel' in sys.modules)")),
    "(False, True)",
  );
});

Deno.test("a forked kernel: stderr observable, interrupt works, SIGKILL rejects the execute", async () => {
  await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1 });
  await using k = await pool.acquire();
  STARTED_PIDS.add(k.pid!);
  await k.execute("import os; os.write(2, b'forked stderr line\\n')");
  ok(k.stderrTail().includes("forked stderr line"), k.stderrTail());
  let started!: () => void;
  let running = new Promise<void>((r) => started = r);
  const sleeping = k.execute("import time\nprint('go', flush=True)\ntime.sleep(10)", {
    onOutput: () => started(),
  });
  await running;
  await k.interrupt();
  deepStrictEqual((await sleeping).error?.ename, "KeyboardInterrupt");
  running = new Promise<void>((r) => started = r);
  const pending = k.execute("import time\nprint('go', flush=True)\ntime.sleep(30)", {
    onOutput: () => started(),
  });
  await running;
  Deno.kill(k.pid!, "SIGKILL");
  // Rejected, not left waiting for the 30 s sleep; how fast is measured in bench/kernel_bench.ts.
  await rejects(pending, /died: killed by signal SIGKILL/);
});

Deno.test("a warm pool hands out a ready kernel at once and refills in the background", async () => {
  await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1 });
  for (let i = 0; i < 3; i++) {
    await pool.warm(); // a kernel is ready, as after a task ran while the pool refilled
    deepStrictEqual(pool.stats, { ready: 1, starting: 0 });
    const k = await pool.acquire();
    STARTED_PIDS.add(k.pid!);
    deepStrictEqual(
      pool.stats,
      { ready: 0, starting: 1 },
      "handed out the ready kernel and started the next",
    );
    deepStrictEqual(text(await k.execute("1 + 1")), "2");
    await k.shutdown();
  }
  // How long a task waits for its kernel is measured in bench/kernel_bench.ts.
});

Deno.test("a spare kernel runs its first execute while no task waits, and a task cannot tell", async () => {
  const probe = "import sys; ip = get_ipython(); (ip.execution_count, len(In), len(Out), _, " +
    "sorted(k for k in ip.user_ns if not k.startswith('_i')), sorted(sys.modules))";
  await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1 });
  await using atOnce = await pool.acquire(); // a task was waiting: handed out as soon as ready
  await pool.warm();
  await using spare = await pool.acquire();
  STARTED_PIDS.add(atOnce.pid!).add(spare.pid!);
  if (navigator.hardwareConcurrency > 1) {
    // the first execute gives the kernel's threads every CPU back (pinned starts): the spare's came
    const threads = async (pid: number) => {
      const cpus = new Set<string>();
      for await (const t of Deno.readDir(`/proc/${pid}/task`)) {
        cpus.add(allowedCpus(await Deno.readTextFile(`/proc/${pid}/task/${t.name}/status`)));
      }
      return cpus.size === 1 && /^\d+$/.test([...cpus][0]) ? "pinned" : "unpinned";
    };
    deepStrictEqual([await threads(atOnce.pid!), await threads(spare.pid!)], ["pinned", "unpinned"]);
  }
  const first = await atOnce.execute(probe);
  deepStrictEqual(first.executionCount, 1);
  deepStrictEqual(text(await spare.execute(probe)), text(first)); // In [1], no history, same namespace and modules
});

Deno.test("expected: no spare is started beyond the kernels the user will acquire; one more is still given", async () => {
  await using pool = new KernelPool({ cwd: Deno.cwd(), size: 2, expected: 2 });
  await using a = await pool.acquire();
  await using b = await pool.acquire();
  STARTED_PIDS.add(a.pid!).add(b.pid!);
  await new Promise((r) => setTimeout(r, 300)); // a spare would be starting by now
  deepStrictEqual(pool.stats, { ready: 0, starting: 0 });
  await using c = await pool.acquire(); // beyond the expectation: started on demand
  STARTED_PIDS.add(c.pid!);
  deepStrictEqual(text(await c.execute("1 + 1")), "2");
});

Deno.test("close() kills idle and handed-out kernels and the fork server; acquire() then fails", async () => {
  const pool = new KernelPool({ cwd: Deno.cwd(), size: 2 });
  const k = await pool.acquire();
  STARTED_PIDS.add(k.pid!);
  await pool.close();
  await pool.close();
  deepStrictEqual((await k.exited).signal, "SIGKILL");
  ok(!isAlive(k.pid!));
  await rejects(pool.acquire(), /pool closed/);
  await k.shutdown();
});

Deno.test("KernelPool with forkServer: false launches cold kernels", async () => {
  await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1, forkServer: false });
  await using k = await pool.acquire();
  STARTED_PIDS.add(k.pid!);
  deepStrictEqual(text(await k.execute("import os; os.getpid()")), String(k.pid));
});

for (const forkServer of [true, false]) {
  Deno.test(`pathFallbacks: a folder goes on sys.path only when its module is missing (forkServer: ${forkServer})`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "plait-fallback-" });
    try {
      await Deno.mkdir(`${dir}/standin/plait_fb_mod`, { recursive: true });
      await Deno.writeTextFile(`${dir}/standin/plait_fb_mod/__init__.py`, "WHO = 'stand-in'\n");
      await Deno.mkdir(`${dir}/own/plait_fb_own`, { recursive: true });
      await Deno.writeTextFile(`${dir}/own/plait_fb_own/__init__.py`, "WHO = 'own'\n");
      await using pool = new KernelPool({
        cwd: `${dir}/own`, // plait_fb_own is importable from the kernel's working directory
        size: 1,
        forkServer,
        pathFallbacks: [
          { module: "plait_fb_mod", dir: `${dir}/standin` },
          { module: "plait_fb_own", dir: `${dir}/standin` },
          { module: "json", dir: `${dir}/unused` },
        ],
      });
      await using k = await pool.acquire();
      STARTED_PIDS.add(k.pid!);
      const probe = `import sys, plait_fb_mod, plait_fb_own; (plait_fb_mod.WHO, plait_fb_own.WHO, ` +
        `[p[len('${dir}'):] for p in sys.path if p.startswith('${dir}')])`;
      const reply = await k.execute(probe);
      deepStrictEqual(text(reply), "('stand-in', 'own', ['/standin'])");
      deepStrictEqual(reply.executionCount, 1, "the set-up left no trace in the history");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("KernelPool reports a start failure through acquire()", async () => {
  await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1, python: "/nonexistent/python3" });
  await rejects(pool.acquire(), /\/nonexistent\/python3/);
});

Deno.test("end(): a forked kernel is killed at once (it skips finalization anyway), a launched one shut down", async () => {
  for (const forkServer of [true, false]) {
    await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1, forkServer });
    const k = await pool.acquire();
    STARTED_PIDS.add(k.pid!);
    deepStrictEqual(text(await k.execute("x = 6 * 7; x")), "42");
    await k.end!();
    const { code, signal } = await k.exited;
    deepStrictEqual(
      { code, signal },
      forkServer ? { code: null, signal: "SIGKILL" } : { code: 0, signal: null },
    );
    ok(!isAlive(k.pid!));
    await rejects(k.execute("1"), /killed|shut down/);
  }
});

/** The CPUs a process or thread may run on, from /proc (`Cpus_allowed_list`, e.g. "0-1"). */
function allowedCpus(status: string): string {
  return /Cpus_allowed_list:\s*(\S+)/.exec(status)![1];
}

Deno.test("a forked kernel starts on the template's one CPU, and the task's code gets every CPU back", async () => {
  const ours = allowedCpus(await Deno.readTextFile("/proc/self/status"));
  await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1 });
  await using k = await pool.acquire();
  STARTED_PIDS.add(k.pid!);
  const threads = async () => {
    const out: string[] = [];
    for await (const t of Deno.readDir(`/proc/${k.pid}/task`)) {
      out.push(allowedCpus(await Deno.readTextFile(`/proc/${k.pid}/task/${t.name}/status`)));
    }
    return out;
  };
  const before = await threads();
  ok(before.length > 3, `a kernel has its threads (heartbeat, IOPub, control...) by now: ${before}`);
  if (navigator.hardwareConcurrency > 1) {
    ok(before.every((c) => /^\d+$/.test(c)), `started pinned to one CPU: ${before}`);
  }
  // the first execute request unpins every thread before any of its code runs
  const probe = "import os; sorted(os.sched_getaffinity(0)) == sorted(range(os.cpu_count()))" +
    " or sorted(os.sched_getaffinity(0))";
  const inTask = text(await k.execute(probe));
  deepStrictEqual(new Set(await threads()), new Set([ours]));
  if (ours === `0-${navigator.hardwareConcurrency - 1}`) deepStrictEqual(inTask, "True");
});

Deno.test("batch kernels skip debugpy and jedi (a task may still import them); interactive ones load both", async () => {
  const probe = "import sys, ipykernel.debugger as d, IPython.core.completer as c; " +
    "loaded = ('debugpy' in sys.modules, 'jedi' in sys.modules, d._is_debugpy_available, c.JEDI_INSTALLED); " +
    "import debugpy, jedi; (loaded, 'debugpy' in sys.modules)";
  for (const interactive of [false, true]) {
    await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1, interactive });
    await using k = await pool.acquire();
    STARTED_PIDS.add(k.pid!);
    deepStrictEqual(
      text(await k.execute(probe)),
      interactive ? "((True, True, True, True), True)" : "((False, False, False, False), True)",
    );
  }
});

Deno.test("batch kernels load IPython's terminal front end only when a task asks for it; IPython.embed() behaves as before", async () => {
  const loaded =
    "import sys; ('prompt_toolkit' in sys.modules, 'IPython.terminal.interactiveshell' in sys.modules)";
  const real =
    "import IPython.terminal.embed as te; (te.InteractiveShellEmbed.__name__, 'prompt_toolkit' in sys.modules)";
  // plait never allows stdin: embed() fails asking for input, the same with the real module as with the stand-in
  const embed =
    "from IPython import embed\ntry:\n    embed()\nexcept Exception as e:\n    r = type(e).__name__\nr";
  for (const interactive of [false, true]) {
    await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1, interactive });
    await using k = await pool.acquire();
    STARTED_PIDS.add(k.pid!);
    deepStrictEqual(text(await k.execute(loaded)), interactive ? "(True, True)" : "(False, False)");
    deepStrictEqual(text(await k.execute(real)), "('InteractiveShellEmbed', True)");
    deepStrictEqual(text(await k.execute(embed)), "'StdinNotImplementedError'");
  }
});

Deno.test("no kernel process started by this file is left behind", () => {
  deepStrictEqual([...STARTED_PIDS].filter(isAlive), []);
  deepStrictEqual(leftoverPythonProcesses(), []);
});
