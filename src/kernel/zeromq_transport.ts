/**
 * The optional `npm:zeromq` transport (`PLAIT_TRANSPORT=zeromq`). Under Deno 2.9 its receive
 * can hang after multi-frame messages; `sendHighWaterMark: 0` is the one work-around that held
 * (see shared/evidence/zeromq-under-deno). Never set receive/send timeouts: they crash Deno.
 */
import {
  type ConnectOptions,
  type Endpoint,
  endpointUrl,
  type Socket,
  type SocketKind,
  type Transport,
} from "./transport.ts";

/** The part of zeromq.js's API used here (typed by hand so npm:zeromq stays out of every type check). */
interface ZmqSocket {
  connect(address: string): void;
  close(): void;
  send(frames: Uint8Array[]): Promise<void>;
  receive(): Promise<Uint8Array[]>;
}
interface ZmqSubscriber extends ZmqSocket {
  subscribe(topic: string): void;
}
type SocketOptions = { sendHighWaterMark?: number; linger?: number };
interface Zmq {
  Dealer: new (options: SocketOptions) => ZmqSocket;
  Request: new (options: SocketOptions) => ZmqSocket;
  Subscriber: new (options: SocketOptions) => ZmqSubscriber;
}
// A computed specifier keeps npm:zeromq (and its native build script) out of the module graph of
// every plait run and type check; it is fetched only when PLAIT_TRANSPORT=zeromq selects it.
const ZEROMQ_SPECIFIER = ["npm:zeromq", "6.8.0"].join("@");

/** Transport over zeromq.js (libzmq), loaded on demand so it stays optional. */
export class ZeromqTransport implements Transport {
  readonly name = "zeromq" as const;
  readonly #zmq: Zmq;

  private constructor(zmq: Zmq) {
    this.#zmq = zmq;
  }

  /** Imports `npm:zeromq`; fails with a clear message when it cannot be loaded. */
  static async load(): Promise<ZeromqTransport> {
    try {
      return new ZeromqTransport(await import(ZEROMQ_SPECIFIER) as unknown as Zmq);
    } catch (e) {
      throw new Error(`Cannot load npm:zeromq@6.8.0 (PLAIT_TRANSPORT=zeromq): ${(e as Error).message}`);
    }
  }

  connect(kind: SocketKind, endpoint: Endpoint, options: ConnectOptions = {}): Promise<Socket> {
    options.signal?.throwIfAborted();
    const zmq = this.#zmq;
    let socket: ZmqSocket;
    if (kind === "dealer") socket = new zmq.Dealer({ sendHighWaterMark: 0, linger: 0 });
    else if (kind === "req") socket = new zmq.Request({ sendHighWaterMark: 0, linger: 0 });
    else {
      const sub = new zmq.Subscriber({ linger: 0 });
      for (const topic of options.subscribe ?? [""]) sub.subscribe(topic);
      socket = sub;
    }
    socket.connect(endpointUrl(endpoint));
    return Promise.resolve(new ZeromqSocket(socket));
  }
}

class ZeromqSocket implements Socket {
  readonly #socket: ZmqSocket;
  #closed = false;

  constructor(socket: ZmqSocket) {
    this.#socket = socket;
  }

  async send(frames: Uint8Array[]): Promise<void> {
    if (this.#closed) throw new Error("Cannot send on a closed socket");
    await this.#socket.send(frames);
  }

  async receive(): Promise<Uint8Array[] | undefined> {
    if (this.#closed) return undefined;
    try {
      const frames = await this.#socket.receive();
      return frames.map((f) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
    } catch {
      return undefined; // closed while waiting
    }
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#socket.close();
    }
    return Promise.resolve();
  }
}
