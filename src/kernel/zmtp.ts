/**
 * A small ZMTP 3.1 client (RFC 37) over `Deno.connect`: NULL mechanism, DEALER, SUB and REQ
 * sockets, one TCP connection each, as a Jupyter client needs. Written from the specification.
 */
import { ByteReader } from "./_byte_reader.ts";
import { AsyncQueue } from "./_queue.ts";
import {
  type ConnectOptions,
  type Endpoint,
  endpointUrl,
  type Socket,
  type SocketKind,
  type Transport,
} from "./transport.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const FLAG_MORE = 1;
const FLAG_LONG = 2;
const FLAG_COMMAND = 4;
const SOCKET_TYPE: Record<SocketKind, string> = { dealer: "DEALER", sub: "SUB", req: "REQ" };
/** Socket types each of ours may talk to (ZMTP's compatibility table). */
const PEERS: Record<SocketKind, string[]> = {
  dealer: ["ROUTER", "DEALER", "REP"],
  sub: ["PUB", "XPUB"],
  req: ["REP", "ROUTER"],
};

/** The default transport: pure TypeScript, no native code. */
export class ZmtpTransport implements Transport {
  readonly name = "zmtp" as const;

  /** Connects (retrying while the peer has not bound yet) and completes the ZMTP handshake. */
  async connect(kind: SocketKind, endpoint: Endpoint, options: ConnectOptions = {}): Promise<Socket> {
    const conn = await connectWithRetry(endpoint, options);
    try {
      if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
      const socket = new ZmtpSocket(kind, conn);
      await socket.handshake(options.subscribe ?? [""]);
      return socket;
    } catch (e) {
      try {
        conn.close();
      } catch { /* already closed */ }
      throw e;
    }
  }
}

async function connectWithRetry(endpoint: Endpoint, options: ConnectOptions): Promise<Deno.Conn> {
  const deadline = performance.now() + (options.timeoutMs ?? 10_000);
  let delay = 2;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      if ("path" in endpoint) return await Deno.connect({ transport: "unix", path: endpoint.path });
      const conn = await Deno.connect({ hostname: endpoint.host, port: endpoint.port, transport: "tcp" });
      if (!isSelfConnected(conn)) return conn;
      // Connecting to a loopback port nobody listens on yet can pick that very port as the local end
      // (TCP simultaneous open): the socket then talks to itself. Drop it and try again.
      conn.close();
    } catch (e) {
      const notYet = e instanceof Deno.errors.ConnectionRefused || e instanceof Deno.errors.NotFound;
      if (!notYet || performance.now() > deadline) {
        throw new Error(`Cannot connect to ${endpointUrl(endpoint)}: ${(e as Error).message}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 50);
  }
}

/** True when a TCP connection's two ends are the same address and port. */
export function isSelfConnected(conn: Deno.TcpConn): boolean {
  const local = conn.localAddr as Deno.NetAddr;
  const remote = conn.remoteAddr as Deno.NetAddr;
  return local.port === remote.port && local.hostname === remote.hostname;
}

/** Encodes one message's frames (or one command) as ZMTP wire bytes. */
export function encodeFrames(frames: Uint8Array[], command = false): Uint8Array {
  let total = 0;
  for (const f of frames) total += f.length + (f.length > 255 ? 9 : 2);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  frames.forEach((f, i) => {
    const long = f.length > 255;
    out[at++] = (i < frames.length - 1 ? FLAG_MORE : 0) | (long ? FLAG_LONG : 0) |
      (command ? FLAG_COMMAND : 0);
    if (long) {
      view.setBigUint64(at, BigInt(f.length));
      at += 8;
    } else out[at++] = f.length;
    out.set(f, at);
    at += f.length;
  });
  return out;
}

function greeting(): Uint8Array {
  const g = new Uint8Array(64);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = 1;
  g.set(encoder.encode("NULL"), 12);
  return g; // as-server (byte 32) = 0, filler zeros
}

function command(name: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + name.length + body.length);
  out[0] = name.length;
  out.set(encoder.encode(name), 1);
  out.set(body, 1 + name.length);
  return encodeFrames([out], true);
}

function readyCommand(kind: SocketKind): Uint8Array {
  const name = encoder.encode("Socket-Type");
  const value = encoder.encode(SOCKET_TYPE[kind]);
  const body = new Uint8Array(1 + name.length + 4 + value.length);
  body[0] = name.length;
  body.set(name, 1);
  new DataView(body.buffer).setUint32(1 + name.length, value.length);
  body.set(value, 5 + name.length);
  return command("READY", body);
}

interface Frame {
  flags: number;
  body: Uint8Array;
}

class ZmtpSocket implements Socket {
  readonly #kind: SocketKind;
  readonly #conn: Deno.Conn;
  readonly #reader: ByteReader;
  readonly #inbox = new AsyncQueue<Uint8Array[]>();
  #writing: Promise<void> = Promise.resolve();
  #readLoop: Promise<void> = Promise.resolve();
  #peerMinor = 1;
  #closed = false;
  #released = false;

  constructor(kind: SocketKind, conn: Deno.Conn) {
    this.#kind = kind;
    this.#conn = conn;
    this.#reader = new ByteReader(conn);
  }

  async handshake(subscriptions: string[]): Promise<void> {
    await this.#write(greeting()); // send all 64 bytes at once: libzmq stages its own greeting
    const theirs = await this.#reader.readExact(64);
    if (!theirs || theirs[0] !== 0xff || (theirs[9] & 1) !== 1 || theirs[10] < 3) {
      throw new Error("Cannot speak ZMTP with the peer: it did not send a ZMTP 3.x greeting");
    }
    this.#peerMinor = theirs[11];
    await this.#write(readyCommand(this.#kind));
    for (;;) {
      const frame = await this.#readFrame();
      if (!frame) throw new Error("Cannot complete the ZMTP handshake: the peer closed the connection");
      if (!(frame.flags & FLAG_COMMAND)) continue;
      const name = commandName(frame.body);
      if (name === "READY") {
        const peer = readyProperty(frame.body, "Socket-Type");
        if (peer !== undefined && !PEERS[this.#kind].includes(peer)) {
          throw new Error(
            `Cannot speak ZMTP with the peer: a ${SOCKET_TYPE[this.#kind]} cannot talk to a ${peer}`,
          );
        }
        break;
      }
      if (name === "ERROR") {
        throw new Error(`The ZMTP peer refused the handshake: ${errorReason(frame.body)}`);
      }
    }
    if (this.#kind === "sub") {
      for (const topic of subscriptions) await this.#subscribe(encoder.encode(topic));
    }
    this.#readLoop = this.#readMessages();
  }

  async #subscribe(topic: Uint8Array): Promise<void> {
    if (this.#peerMinor >= 1) {
      const body = new Uint8Array(1 + 9 + topic.length);
      body[0] = 9;
      body.set(encoder.encode("SUBSCRIBE"), 1);
      body.set(topic, 10);
      await this.#write(encodeFrames([body], true));
    } else {
      const msg = new Uint8Array(1 + topic.length);
      msg[0] = 1;
      msg.set(topic, 1);
      await this.#write(encodeFrames([msg]));
    }
  }

  send(frames: Uint8Array[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("Cannot send on a closed socket"));
    const all = this.#kind === "req" ? [new Uint8Array(0), ...frames] : frames;
    return this.#write(encodeFrames(all));
  }

  receive(): Promise<Uint8Array[] | undefined> {
    return this.#inbox.next();
  }

  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#conn.close();
      } catch { /* already closed by the peer */ }
    }
    this.#inbox.close();
    await this.#readLoop;
    await this.#writing.catch(() => {});
    if (!this.#released) {
      this.#released = true;
      this.#reader.release(); // the read loop has ended: no read can touch the buffer any more
    }
  }

  #write(bytes: Uint8Array): Promise<void> {
    const next = this.#writing.catch(() => {}).then(async () => {
      let at = 0;
      while (at < bytes.length) at += await this.#conn.write(bytes.subarray(at));
    });
    this.#writing = next;
    return next;
  }

  async #readFrame(): Promise<Frame | undefined> {
    const flags = await this.#reader.readByte();
    if (flags === undefined) return undefined;
    let size: number;
    if (flags & FLAG_LONG) {
      const len = await this.#reader.readExact(8);
      if (!len) return undefined;
      size = Number(new DataView(len.buffer).getBigUint64(0));
    } else {
      const len = await this.#reader.readByte();
      if (len === undefined) return undefined;
      size = len;
    }
    const body = size === 0 ? new Uint8Array(0) : await this.#reader.readExact(size);
    return body ? { flags, body } : undefined;
  }

  async #readMessages(): Promise<void> {
    let parts: Uint8Array[] = [];
    try {
      for (;;) {
        const frame = await this.#readFrame();
        if (!frame) break;
        if (frame.flags & FLAG_COMMAND) {
          await this.#onCommand(frame.body);
          continue;
        }
        parts.push(frame.body);
        if (frame.flags & FLAG_MORE) continue;
        this.#inbox.push(this.#kind === "req" ? stripDelimiter(parts) : parts);
        parts = [];
      }
    } catch {
      // connection reset or closed by us: the socket is finished either way
    }
    this.#inbox.close();
  }

  async #onCommand(body: Uint8Array): Promise<void> {
    if (commandName(body) !== "PING") return;
    // PING: ttl (2 bytes) then context; answer PONG with the same context
    const context = body.subarray(1 + 4 + 2);
    await this.#write(command("PONG", context));
  }
}

function commandName(body: Uint8Array): string {
  return decoder.decode(body.subarray(1, 1 + body[0]));
}

/** A property of a READY command's metadata (`name-len name value-len(4) value` pairs), if present. */
export function readyProperty(body: Uint8Array, wanted: string): string | undefined {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let at = 1 + body[0];
  while (at < body.length) {
    const nameLen = body[at];
    const name = decoder.decode(body.subarray(at + 1, at + 1 + nameLen));
    at += 1 + nameLen;
    if (at + 4 > body.length) return undefined;
    const valueLen = view.getUint32(at);
    const value = decoder.decode(body.subarray(at + 4, at + 4 + valueLen));
    at += 4 + valueLen;
    if (name.toLowerCase() === wanted.toLowerCase()) return value;
  }
  return undefined;
}

function errorReason(body: Uint8Array): string {
  const at = 1 + body[0];
  return decoder.decode(body.subarray(at + 1, at + 1 + body[at]));
}

function stripDelimiter(parts: Uint8Array[]): Uint8Array[] {
  const i = parts.findIndex((p) => p.length === 0);
  return i >= 0 ? parts.slice(i + 1) : parts;
}
