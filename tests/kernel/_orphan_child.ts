// Started by orphans_test.ts: a Deno process holding a warm pool (fork server) and a cold kernel.
// Prints "READY" once everything runs, then waits to be killed.
import { KernelPool, startKernel } from "../../src/kernel/mod.ts";

const pool = new KernelPool({ cwd: Deno.cwd(), size: 2 });
const forked = await pool.acquire();
const cold = await startKernel({ cwd: Deno.cwd() });
await forked.execute("import subprocess; p = subprocess.Popen(['sleep', '300'])"); // a grandchild too
await cold.execute("1 + 1");
console.log("READY");
await new Promise(() => {}); // until a signal ends this process
