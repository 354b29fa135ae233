/**
 * Kernel traffic privacy: with `ipc` channels a kernel's sockets are Unix sockets inside plait's 0700
 * runtime folder, so another user's process cannot connect to its IOPub and read a task's output. On
 * `tcp` (loopback) it can: the exposure that Jupyter has too, shown here for contrast.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { type ChannelKind, KernelPool, startKernel } from "../../src/kernel/mod.ts";
import { STARTED_PIDS } from "./_helpers.ts";

const NOBODY = 65534;

/** Connects to `endpoint` as the unprivileged user `nobody`; returns Python's verdict. */
async function connectAsNobody(endpoint: { path: string } | { host: string; port: number }): Promise<string> {
  const target = "path" in endpoint
    ? `s = socket.socket(socket.AF_UNIX); s.connect(${JSON.stringify(endpoint.path)})`
    : `s = socket.create_connection((${JSON.stringify(endpoint.host)}, ${endpoint.port}), timeout=5)`;
  const code = `import socket\ntry:\n    ${target}\n    print("connected")\nexcept OSError as e:\n` +
    `    print(type(e).__name__)`;
  const out = await new Deno.Command("setpriv", {
    args: [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "/usr/bin/python3", "-c", code],
    stdout: "piped",
    stderr: "piped",
    cwd: "/",
  }).output();
  return new TextDecoder().decode(out.stdout).trim() || new TextDecoder().decode(out.stderr).trim();
}

const asRoot = Deno.uid() === 0; // switching to another user needs root (CI runs as root)

for (const channels of ["ipc", "tcp"] as ChannelKind[]) {
  Deno.test({
    name: `a cold kernel on ${channels} channels runs code; another user ${
      channels === "ipc" ? "cannot" : "can"
    } connect to its IOPub`,
    ignore: !asRoot,
    fn: async () => {
      await using k = await startKernel({ cwd: Deno.cwd(), channels });
      STARTED_PIDS.add(k.pid!);
      ok(
        channels === "ipc" ? "path" in k.iopubEndpoint : "port" in k.iopubEndpoint,
        JSON.stringify(k.iopubEndpoint),
      );
      const reply = await k.execute("print('private', 6 * 7)");
      deepStrictEqual(reply.outputs.map((o) => o.text).join(""), "private 42\n");
      deepStrictEqual(
        await connectAsNobody(k.iopubEndpoint),
        channels === "ipc" ? "PermissionError" : "connected",
      );
    },
  });
}

Deno.test({
  name: "forked kernels use ipc channels too, and their socket files are gone after shutdown",
  fn: async () => {
    await using pool = new KernelPool({ cwd: Deno.cwd(), size: 1, channels: "ipc" });
    const k = await pool.acquire();
    STARTED_PIDS.add(k.pid!);
    const endpoint = k.iopubEndpoint;
    ok("path" in endpoint);
    ok((await Deno.lstat(endpoint.path)).isSocket);
    deepStrictEqual((await k.execute("21 * 2")).outputs[0].data, { "text/plain": "42" });
    if (asRoot) deepStrictEqual(await connectAsNobody(endpoint), "PermissionError");
    await k.shutdown();
    await Deno.lstat(endpoint.path).then(() => ok(false, "socket file left behind"), () => {});
  },
});
