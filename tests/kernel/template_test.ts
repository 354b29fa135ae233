/** A kernel template started before its pipeline is known, adopted by a pool, with real kernels. */
import { deepStrictEqual } from "node:assert/strict";
import { KernelPool, KernelTemplate } from "../../src/kernel/mod.ts";
import { leftoverPythonProcesses, STARTED_PIDS } from "./_helpers.ts";

const text = (r: { outputs: Record<string, unknown>[] }) =>
  String(
    (r.outputs.find((o) => o.output_type === "execute_result")?.data as Record<string, string>)["text/plain"],
  );
/** Fork servers this test process started (its children; forked kernels are their children). */
const forkServers = () =>
  leftoverPythonProcesses().filter((p) => {
    const stat = Deno.readTextFileSync(`/proc/${p.split(":")[0]}/stat`);
    return p.includes("fork_server") &&
      stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] === String(Deno.pid);
  });

Deno.test("a pool adopts a template started early and configures it: PYTHONPATH, preloads, path fallbacks", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait-template-test-" });
  try {
    await Deno.writeTextFile(`${dir}/project_mod.py`, "WHO = 'project'\n");
    await Deno.mkdir(`${dir}/standin/plait_tpl_mod`, { recursive: true });
    await Deno.writeTextFile(`${dir}/standin/plait_tpl_mod/__init__.py`, "WHO = 'stand-in'\n");
    await using template = KernelTemplate.start();
    await using pool = new KernelPool({
      cwd: "/",
      size: 1,
      env: { PYTHONPATH: dir },
      preload: ["numpy"],
      pathFallbacks: [{ module: "plait_tpl_mod", dir: `${dir}/standin` }],
      template,
    });
    await using k = await pool.acquire();
    STARTED_PIDS.add(k.pid!);
    deepStrictEqual(forkServers().length, 1, "the pool forked from the early template, started no other");
    const probe = "import sys, project_mod, plait_tpl_mod; " +
      "(project_mod.WHO, plait_tpl_mod.WHO, 'numpy' in sys.modules, os.getcwd() if (os := __import__('os')) else 0)";
    deepStrictEqual(text(await k.execute(probe)), "('project', 'stand-in', True, '/')");
    deepStrictEqual(await pool.preloadFailures(), {});
    await template.close(); // adopted: the pool's now, closing it is a no-op
    deepStrictEqual(text(await k.execute("1 + 1")), "2");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  deepStrictEqual(forkServers(), []);
});

Deno.test("a template no pool adopts ends on close(), even while it still imports; nothing is left", async () => {
  await using template = KernelTemplate.start();
  await using pool = new KernelPool({
    cwd: "/",
    size: 1,
    kernelName: "python3",
    python: "/usr/bin/python3",
    template,
  });
  await using k = await pool.acquire(); // another python: the pool starts its own template
  STARTED_PIDS.add(k.pid!);
  deepStrictEqual(forkServers().length, 2);
  await template.close();
  deepStrictEqual(forkServers().length, 1);
  await KernelTemplate.start().close(); // closed at once, before ipykernel is imported
  deepStrictEqual(forkServers().length, 1);
});

Deno.test("an interactive pool (build --debug) adopts only an interactive template, whose kernels load debugpy", async () => {
  const probe = "import sys; 'debugpy' in sys.modules";
  {
    await using template = KernelTemplate.start(); // a batch template: not for an interactive pool
    await using pool = new KernelPool({ cwd: "/", size: 1, interactive: true, template });
    await using k = await pool.acquire();
    STARTED_PIDS.add(k.pid!);
    deepStrictEqual(forkServers().length, 2, "the interactive pool started its own template");
    deepStrictEqual(text(await k.execute(probe)), "True");
  }
  {
    await using template = KernelTemplate.start({ interactive: true });
    await using pool = new KernelPool({ cwd: "/", size: 1, interactive: true, template });
    await using k = await pool.acquire();
    STARTED_PIDS.add(k.pid!);
    deepStrictEqual(forkServers().length, 1, "adopted");
    deepStrictEqual(text(await k.execute(probe)), "True");
  }
});

Deno.test("no kernel process started by this file is left behind", () => {
  deepStrictEqual(leftoverPythonProcesses(), []);
});
