/** Kernelspec search, and a kernelspec that is not a plain ipykernel (message interrupts, no forking). */
import { deepStrictEqual, ok, rejects } from "node:assert/strict";
import { findKernelSpec, KernelPool, resolveKernelSpec } from "../../src/kernel/mod.ts";
import { isAlive } from "./_helpers.ts";

async function withJupyterPath(spec: Record<string, unknown>, fn: () => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "plait-kernelspec-test-" });
  await Deno.mkdir(`${root}/kernels/plait-test`, { recursive: true });
  await Deno.writeTextFile(`${root}/kernels/plait-test/kernel.json`, JSON.stringify(spec));
  const before = Deno.env.get("JUPYTER_PATH");
  Deno.env.set("JUPYTER_PATH", root);
  try {
    await fn();
  } finally {
    if (before === undefined) Deno.env.delete("JUPYTER_PATH");
    else Deno.env.set("JUPYTER_PATH", before);
    await Deno.remove(root, { recursive: true });
  }
}

const CUSTOM = {
  argv: [
    "/usr/bin/python3",
    "-m",
    "ipykernel_launcher",
    "-f",
    "{connection_file}",
    "--IPKernelApp.log_level=ERROR",
  ],
  display_name: "plait test",
  language: "python",
  interrupt_mode: "message",
  env: { PLAIT_SPEC_ENV: "from-spec" },
};

Deno.test("findKernelSpec() looks in JUPYTER_PATH first and reads interrupt_mode and env", async () => {
  await withJupyterPath(CUSTOM, async () => {
    const spec = await findKernelSpec("plait-test");
    deepStrictEqual(spec?.interruptMode, "message");
    deepStrictEqual(spec?.env, { PLAIT_SPEC_ENV: "from-spec" });
    deepStrictEqual(spec?.argv.length, 6);
  });
  deepStrictEqual((await findKernelSpec("python3"))?.argv[0], "/usr/bin/python3");
});

Deno.test("resolveKernelSpec() names the missing kernel and says how to install ipykernel", async () => {
  await rejects(
    resolveKernelSpec({ kernelName: "no-such-kernel" }),
    (e: Error) =>
      e.message.includes('"no-such-kernel"') && e.message.includes("apt-get install python3-ipykernel"),
  );
});

Deno.test("a kernelspec that is not plain ipykernel launches normally and interrupts by message", async () => {
  await withJupyterPath(CUSTOM, async () => {
    await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1, kernelName: "plait-test" });
    const k = await pool.acquire();
    try {
      const r = await k.execute("import os; (os.getpid(), os.environ['PLAIT_SPEC_ENV'])");
      deepStrictEqual((r.outputs[0].data as Record<string, string>)["text/plain"], `(${k.pid}, 'from-spec')`);
      let started!: () => void;
      const running = new Promise<void>((res) => started = res);
      const sleeping = k.execute("import time\nprint('go', flush=True)\ntime.sleep(10)", {
        onOutput: () => started(),
      });
      await running;
      await k.interrupt();
      deepStrictEqual((await sleeping).error?.ename, "KeyboardInterrupt");
    } finally {
      await k.shutdown();
    }
    ok(!isAlive(k.pid!));
  });
});
