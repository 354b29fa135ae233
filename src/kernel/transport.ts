/**
 * The transport interface: a connected ZeroMQ-compatible socket that sends and receives
 * multi-frame messages. Two implementations pass one conformance suite: a pure-TypeScript
 * ZMTP 3.1 client (the default) and `npm:zeromq` (`PLAIT_TRANSPORT=zeromq`).
 */

/** The socket types a Jupyter client needs: shell/control, iopub, heartbeat. */
export type SocketKind = "dealer" | "sub" | "req";

/**
 * Where to connect: a loopback TCP port, or (the `ipc` channel kind) a Unix socket inside plait's
 * private 0700 runtime folder, which no other user can reach.
 */
export type Endpoint = { host: string; port: number } | { path: string };

/** `tcp://host:port` or `ipc:///path`, as ZeroMQ writes an endpoint. */
export function endpointUrl(endpoint: Endpoint): string {
  return "path" in endpoint ? `ipc://${endpoint.path}` : `tcp://${endpoint.host}:${endpoint.port}`;
}

/** Options for {@link Transport.connect}. */
export interface ConnectOptions {
  /** Topics to subscribe to (SUB only); default: everything (`[""]`). */
  subscribe?: string[];
  /** Give up connecting after this many milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Stop trying to connect when aborted. */
  signal?: AbortSignal;
}

/** One connected socket. Messages are lists of frames. */
export interface Socket {
  /** Sends one message (all frames together). */
  send(frames: Uint8Array[]): Promise<void>;
  /** The next message, or `undefined` once the socket is closed or the peer went away. */
  receive(): Promise<Uint8Array[] | undefined>;
  /** Closes the socket; pending and later `receive()` calls resolve `undefined`. Idempotent. */
  close(): Promise<void>;
}

/** Creates sockets. */
export interface Transport {
  readonly name: TransportName;
  connect(kind: SocketKind, endpoint: Endpoint, options?: ConnectOptions): Promise<Socket>;
}

/** The available transport implementations. */
export type TransportName = "zmtp" | "zeromq";

/** A transport by name; defaults to `PLAIT_TRANSPORT` or else the pure-TypeScript ZMTP client. */
export async function getTransport(name?: TransportName): Promise<Transport> {
  const chosen = name ?? transportFromEnv();
  if (chosen === "zeromq") {
    const { ZeromqTransport } = await import("./zeromq_transport.ts");
    return await ZeromqTransport.load();
  }
  const { ZmtpTransport } = await import("./zmtp.ts");
  return new ZmtpTransport();
}

function transportFromEnv(): TransportName {
  let value: string | undefined;
  try {
    value = Deno.env.get("PLAIT_TRANSPORT");
  } catch {
    value = undefined; // no env permission: use the default
  }
  return value === "zeromq" ? "zeromq" : "zmtp";
}
