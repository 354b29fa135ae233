/** Cold kernel launch from a kernelspec, with port-clash retries and clear start-up errors. */
import { RuntimeError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";
import {
  chooseChannelKind,
  type ConnectionInfo,
  makeRuntimeDir,
  newConnectionInfo,
  readBoundConnection,
  writeConnectionFile,
} from "./connection.ts";
import { JupyterKernel } from "./kernel.ts";
import { IPYKERNEL_HINT, type KernelSpec, resolveKernelSpec } from "./kernelspec.ts";
import { type KernelProcess, LIFELINE_BOOT, spawnKernelProcess } from "./_process.ts";
import { getTransport } from "./transport.ts";
import type { Kernel, KernelLaunchOptions } from "./types.ts";
import type { ChannelKind } from "./connection.ts";
import { IPYKERNEL_ARGS, isPlainIpykernel, kernelEnv, whichSync } from "./kernel_env.ts";

export {
  IPYKERNEL_ARGS,
  isPlainIpykernel,
  kernelEnv,
  type PathFallback,
  pathFallbackCode,
  whichSync,
} from "./kernel_env.ts";

const PORT_ATTEMPTS = 3;

/** Starts a kernel the ordinary way (a new interpreter); ready when it returns. */
export async function startKernel(opts: KernelLaunchOptions): Promise<Kernel> {
  const spec = await resolveKernelSpec(opts);
  const transport = await getTransport(opts.transport);
  return await withPortRetries((id, dir, conn, file) => {
    const plain = isPlainIpykernel(spec.argv);
    const argv = plain
      ? [spec.argv[0], "-c", LIFELINE_BOOT, "-f", file, ...IPYKERNEL_ARGS]
      : spec.argv.map((a) =>
        a.replaceAll("{connection_file}", file).replaceAll("{resource_dir}", spec.resourceDir)
      );
    let process: KernelProcess;
    try {
      const env = { ...kernelEnv(spec, opts.env), PLAIT_CLEANUP_DIR: dir };
      process = spawnKernelProcess(argv, { cwd: opts.cwd, env, lifeline: plain });
    } catch (e) {
      throw startError(spec.argv[0], spec, (e as Error).message);
    }
    return new JupyterKernel({
      id,
      connection: conn,
      process,
      transport,
      interruptMode: spec.interruptMode,
      python: whichSync(spec.argv[0]),
      kernelName: spec.name,
      cleanup: [dir],
      shutdownGraceMs: opts.shutdownGraceMs,
    });
  }, { spec, startTimeoutMs: opts.startTimeoutMs, channels: opts.channels });
}

/**
 * Runs `make` with fresh ports, a fresh key and connection file until the kernel is ready;
 * starts again (new ports) when the kernel died because another process took a port first.
 */
export async function withPortRetries(
  make: (
    id: string,
    dir: string,
    conn: ConnectionInfo,
    file: string,
  ) => JupyterKernel | Promise<JupyterKernel>,
  opts: { spec: KernelSpec; startTimeoutMs?: number; runtimeDir?: string; channels?: ChannelKind },
): Promise<JupyterKernel> {
  const kernelBinds = isPlainIpykernel(opts.spec.argv);
  // Unix sockets only for ipykernel, which binds them itself; other kernels keep loopback ports.
  const ipc = kernelBinds && chooseChannelKind(opts.channels) === "ipc";
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  for (let attempt = 1;; attempt++) {
    const id = crypto.randomUUID().slice(0, 8);
    const dir = opts.runtimeDir ?? await makeRuntimeDir();
    const conn = newConnectionInfo(opts.spec.name, kernelBinds, ipc ? ipcPrefix(dir, id) : undefined);
    const file = await writeConnectionFile(dir, id, conn);
    let kernel: JupyterKernel;
    try {
      kernel = await make(id, dir, conn, file);
    } catch (e) {
      await Deno.remove(opts.runtimeDir ? file : dir, { recursive: true }).catch(() => {});
      throw e;
    }
    try {
      const started = performance.now();
      if (kernelBinds) {
        const polling = new AbortController();
        const bound = kernel.whileAlive(boundConnection(file, timeoutMs, polling.signal));
        kernel.useConnection(await bound.finally(() => polling.abort()));
      }
      await kernel.connect(Math.max(1000, timeoutMs - (performance.now() - started)));
      return kernel;
    } catch (e) {
      // Read before the kill too: it removes a forked kernel's stderr file with its runtime folder.
      const before = kernel.stderrTail();
      await kernel.kill();
      const after = kernel.stderrTail();
      const tail = after.length >= before.length ? after : before;
      // A port taken by another process between our choosing it and the kernel binding it: the kernel
      // dies on bind, or our socket meets a stranger (another kind of socket). Start again.
      const clash = /Address already in use/.test(tail) || /Cannot speak ZMTP with the peer/.test(String(e));
      if (clash && attempt < PORT_ATTEMPTS) continue;
      throw startError(opts.spec.argv[0], opts.spec, (e as Error).message, tail);
    }
  }
}

/** The path prefix of a kernel's Unix sockets, inside the private runtime folder. */
export function ipcPrefix(dir: string, id: string): string {
  return path.join(dir, `ipc-${id}`);
}

/** The socket files an ipykernel given {@link ipcPrefix} binds (ports 1 to 5: the prefix is new). */
export function ipcSocketFiles(dir: string, id: string): string[] {
  return [1, 2, 3, 4, 5].map((port) => `${ipcPrefix(dir, id)}-${port}`);
}

/** Waits until the kernel has written back the ports it bound. */
async function boundConnection(
  file: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ConnectionInfo> {
  const deadline = performance.now() + timeoutMs;
  for (let delay = 2;; delay = Math.min(delay * 2, 20)) {
    const info = await readBoundConnection(file);
    if (info) return info;
    if (signal.aborted) throw new Error("stopped waiting for the kernel's ports");
    if (performance.now() > deadline) {
      throw new Error(`not ready after ${timeoutMs} ms (no ports written back)`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function startError(python: string, spec: KernelSpec, why: string, stderr = ""): RuntimeError {
  const noModule = /No module named '?(ipykernel\w*)'?/.exec(stderr);
  const lastLines = stderr.trim().split("\n").slice(-10).join("\n");
  const detail = why.includes("died") || noModule ? why.split("\n")[0] : why;
  return new RuntimeError({
    message: `Cannot start the "${spec.name}" kernel with "${python}": ${detail}` +
      (noModule ? `: No module named ${noModule[1]} (ipykernel is not installed for this interpreter)` : ""),
    hint: noModule
      ? `install it for that interpreter: \`${python} -m pip install ipykernel\` (Debian/Ubuntu: ` +
        "`apt-get install python3-ipykernel`), or choose a kernel or `--python` that has it"
      : /No such file|not found/i.test(why)
      ? IPYKERNEL_HINT
      : (lastLines ? `the kernel's last stderr lines:\n${lastLines}` : undefined),
  });
}
