/** Connection files: loopback ports or Unix sockets, a random key, a private runtime folder. */
import * as path from "../util/path.ts";
import type { Endpoint } from "./transport.ts";

/** The contents of a Jupyter connection file. */
export interface ConnectionInfo {
  /** `tcp`: loopback ports. `ipc`: Unix sockets named `<ip>-<port>` (ip is then a path prefix). */
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name: string;
}

/** A private (0700) folder for connection files and kernel logs. */
export async function makeRuntimeDir(): Promise<string> {
  let base: string | undefined;
  try {
    base = Deno.env.get("XDG_RUNTIME_DIR");
  } catch {
    base = undefined;
  }
  let dir: string;
  try {
    dir = await Deno.makeTempDir(base ? { dir: base, prefix: "plait-" } : { prefix: "plait-kernels-" });
  } catch {
    dir = await Deno.makeTempDir({ prefix: "plait-kernels-" });
  }
  await Deno.chmod(dir, 0o700);
  return dir;
}

/**
 * `count` distinct free loopback ports. All listeners are held open at once, so the ports differ;
 * another process may still take one before the kernel binds it, which callers handle by retrying.
 */
export function freePorts(count: number): number[] {
  const listeners = Array.from({ length: count }, () => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

/**
 * A fresh connection description with a new random key. With `kernelBinds`, every port is 0: an
 * ipykernel then binds ports of its own choosing and writes them back into the connection file, so
 * no other process can take a port between our choosing it and the kernel binding it (see
 * {@link readBoundConnection}). Otherwise ports are chosen here, for kernels that need them given.
 */
export function newConnectionInfo(
  kernelName: string,
  kernelBinds = false,
  ipcPrefix?: string,
): ConnectionInfo {
  const [shell, iopub, stdin, control, hb] = kernelBinds
    ? [0, 0, 0, 0, 0]
    : ipcPrefix
    ? [1, 2, 3, 4, 5]
    : freePorts(5);
  const key = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0"))
    .join("");
  return {
    transport: ipcPrefix ? "ipc" : "tcp",
    ip: ipcPrefix ?? "127.0.0.1",
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key,
    signature_scheme: "hmac-sha256",
    kernel_name: kernelName,
  };
}

/** Writes `info` to `dir/kernel-<id>.json` with mode 0600 (created so, never world-readable). */
export async function writeConnectionFile(dir: string, id: string, info: ConnectionInfo): Promise<string> {
  const file = path.join(dir, `kernel-${id}.json`);
  await Deno.writeTextFile(file, JSON.stringify(info, null, 1), { mode: 0o600, createNew: true });
  await Deno.chmod(file, 0o600); // the umask cannot widen it, but make the mode explicit
  return file;
}

/**
 * The connection file once the kernel has written back the ports it bound (all channels non-zero),
 * or `undefined` while it has not (the file may also be half-written at that moment).
 */
export async function readBoundConnection(file: string): Promise<ConnectionInfo | undefined> {
  try {
    const info = JSON.parse(await Deno.readTextFile(file)) as ConnectionInfo;
    const ports = [info.shell_port, info.iopub_port, info.control_port, info.stdin_port];
    return ports.every((p) => Number.isInteger(p) && p > 0) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Where a kernel's channel listens: its Unix socket (ipc) or its loopback port (tcp). */
export function channelEndpoint(info: ConnectionInfo, port: number): Endpoint {
  return info.transport === "ipc" ? { path: `${info.ip}-${port}` } : { host: info.ip, port };
}

/** How kernels and plait talk: loopback TCP ports, or Unix sockets in the private runtime folder. */
export type ChannelKind = "tcp" | "ipc";

/**
 * The channel kind to use: `requested`, else `PLAIT_KERNEL_TRANSPORT` (`tcp` or `ipc`), else `ipc`
 * when Deno may connect to any Unix socket (`--allow-net` without a host list, or `-A`), else `tcp`.
 * Deno grants Unix sockets only by exact path, and a kernel's socket paths are new for every kernel,
 * so `--allow-net=127.0.0.1` (the narrow flag the docs give) means TCP on loopback.
 */
export function chooseChannelKind(requested?: ChannelKind): ChannelKind {
  if (requested) return requested;
  let fromEnv: string | undefined;
  try {
    fromEnv = Deno.env.get("PLAIT_KERNEL_TRANSPORT");
  } catch {
    fromEnv = undefined;
  }
  if (fromEnv === "tcp" || fromEnv === "ipc") return fromEnv;
  return Deno.permissions.querySync({ name: "net" }).state === "granted" ? "ipc" : "tcp";
}
