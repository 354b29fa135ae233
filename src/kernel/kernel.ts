/** A Jupyter client for one kernel: shell, control and iopub channels over a {@link Transport}. */
import { RuntimeError } from "../errors/mod.ts";
import { channelEndpoint, type ConnectionInfo } from "./connection.ts";
import type { KernelProcess } from "./_process.ts";
import { OUTPUT_TYPES, OutputCollector } from "./outputs.ts";
import type { Endpoint, Socket, Transport } from "./transport.ts";
import type { ExecuteOptions, ExecuteReply, Kernel, KernelExit, KernelInfo, NbOutput } from "./types.ts";
import { type JupyterMessage, Session } from "./wire.ts";

/** What {@link JupyterKernel} is made of; the launcher owns the files, the kernel cleans them up. */
export interface KernelParts {
  id: string;
  connection: ConnectionInfo;
  process: KernelProcess;
  transport: Transport;
  interruptMode: "signal" | "message";
  python: string;
  kernelName: string;
  /** Removed at shutdown (connection file, log file, a private runtime folder). */
  cleanup: string[];
  shutdownGraceMs?: number;
  /**
   * The kernel process skips interpreter finalization and exit functions however it ends (a kernel
   * forked by fork_server.py leaves by `os._exit`): {@link JupyterKernel.end} then kills it.
   */
  exitsWithoutFinalization?: boolean;
}

type Channel = "shell" | "control" | "iopub";
/**
 * After an interrupt and the execute_reply, how long to wait for more iopub traffic when the idle
 * status never comes (an interrupt landing inside ipykernel's own code can lose it). Without an
 * interrupt the idle status is always awaited: outputs may trail the reply under load.
 */
const IDLE_GRACE_MS = 2000;
type Waiter = { resolve: (m: JupyterMessage) => void; reject: (e: Error) => void };

/** A connected kernel. Create it with `startKernel()` or a `KernelPool`. */
export class JupyterKernel implements Kernel {
  /** Every display with an id this kernel has shown, across requests (see OutputCollector). */
  readonly #displays = new Map<string, NbOutput[]>();
  readonly id: string;
  readonly exited: Promise<KernelExit>;
  info: KernelInfo;
  #parts: KernelParts;
  #session: Session;
  #sockets = new Map<Channel, Socket>();
  #loops: Promise<void>[] = [];
  #replies = new Map<string, Waiter>();
  #iopub = new Map<string, (m: JupyterMessage) => void>();
  #iopubSeen: (() => void)[] = [];
  #dropped = 0;
  #interrupts = 0;
  #stage = "starting";
  #death: Error | undefined;
  #deathListeners = new Set<(e: Error) => void>();
  #shutdown: Promise<void> | undefined;
  /** Characters of a stream message kept at its start and at its end (set by the current execute). */
  #maxText: number | undefined;

  constructor(parts: KernelParts) {
    this.id = parts.id;
    this.#parts = parts;
    this.#session = new Session(parts.connection.key);
    this.info = {
      implementation: "",
      languageVersion: "",
      kernelName: parts.kernelName,
      python: parts.python,
    };
    this.exited = parts.process.exited.then((exit) => {
      this.#onExit(exit);
      return exit;
    });
  }

  get pid(): number | undefined {
    return this.#parts.process.pid;
  }

  /** The kernel's ports and key, as a Jupyter connection file holds them. */
  get connectionInfo(): ConnectionInfo {
    return this.#parts.connection;
  }

  get droppedMessages(): number {
    return this.#dropped;
  }

  stderrTail(): string {
    return this.#parts.process.stderrTail();
  }

  get iopubEndpoint(): Endpoint {
    return channelEndpoint(this.#parts.connection, this.#parts.connection.iopub_port);
  }

  /** Uses the ports the kernel bound and wrote back (before {@link connect}). */
  useConnection(info: ConnectionInfo): void {
    this.#parts = { ...this.#parts, connection: info };
  }

  /** `p`, or the kernel's death if that comes first. */
  whileAlive<T>(p: Promise<T>): Promise<T> {
    return this.#untilDeath(p);
  }

  /** Connects the channels and waits for kernel_info_reply plus an iopub message. */
  async connect(timeoutMs: number): Promise<void> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      await this.#untilDeath(this.#connectAll(ac.signal, timeoutMs));
      await this.#untilDeath(this.#handshake(ac.signal));
    } catch (e) {
      if (ac.signal.aborted && !this.#death) {
        throw new RuntimeError({
          message: `Cannot start kernel ${this.id}: not ready after ${timeoutMs} ms (${this.#stage})`,
        });
      }
      throw e;
    } finally {
      clearTimeout(timer);
      ac.abort();
    }
  }

  async #connectAll(signal: AbortSignal, timeoutMs: number): Promise<void> {
    const c = this.#parts.connection;
    const ports: Record<Channel, number> = {
      shell: c.shell_port,
      control: c.control_port,
      iopub: c.iopub_port,
    };
    this.#stage = "connecting shell, control and iopub";
    await Promise.all(
      Object.entries(ports).map(async ([name, port]) => {
        const kind = name === "iopub" ? "sub" : "dealer";
        const endpoint = channelEndpoint(c, port);
        const socket = await this.#parts.transport.connect(kind, endpoint, { signal, timeoutMs });
        this.#sockets.set(name as Channel, socket);
        this.#stage = `connecting (connected: ${[...this.#sockets.keys()].join(", ")})`;
        this.#loops.push(this.#readLoop(name as Channel, socket));
      }),
    );
  }

  async #handshake(signal: AbortSignal): Promise<void> {
    for (let attempt = 1;; attempt++) {
      signal.throwIfAborted();
      this.#stage = `waiting for kernel_info_reply (request ${attempt}; ${this.#dropped} messages dropped)`;
      const seen = new Promise<void>((resolve) => this.#iopubSeen.push(resolve));
      const reply = await this.request("shell", "kernel_info_request", {});
      const c = reply.content as Record<string, Record<string, string> & string>;
      this.info = {
        ...this.info,
        implementation: String(c.implementation ?? ""),
        languageVersion: String(c.language_info?.version ?? ""),
      };
      this.#stage = `waiting for an iopub message (request ${attempt})`;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<"late">((r) => timer = setTimeout(r, 250, "late"));
      const got = await Promise.race([seen, late]);
      clearTimeout(timer);
      if (got !== "late") return; // else: the iopub subscription was not live yet; ask again
    }
  }

  /** Sends a request on shell or control and waits for its reply. */
  async request(channel: "shell" | "control", msgType: string, content: Record<string, unknown>) {
    const msg = this.#session.message(msgType, content);
    const reply = new Promise<JupyterMessage>((resolve, reject) => {
      this.#replies.set(msg.header.msg_id, { resolve, reject });
    });
    await this.#send(channel, msg);
    return await this.#untilDeath(reply).finally(() => this.#replies.delete(msg.header.msg_id));
  }

  async execute(code: string, opts: ExecuteOptions = {}): Promise<ExecuteReply> {
    if (this.#death) throw this.#death;
    const msg = this.#session.message("execute_request", {
      code,
      silent: opts.silent ?? false,
      store_history: !opts.silent,
      user_expressions: {},
      allow_stdin: false,
      // plait sends one cell at a time and stops on an error itself. With stop_on_error, ipykernel
      // aborts requests arriving just after an error (a hook, the next call), a race seen under load.
      stop_on_error: false,
    });
    const id = msg.header.msg_id;
    const collector = new OutputCollector(this.#displays, { limit: opts.outputLimit });
    // A stream message over the limit is cut as it is decoded (one print of 200 MB is one message).
    this.#maxText = opts.outputLimit ? Math.ceil(opts.outputLimit / 2) : undefined;
    const idle = this.#trackIopub(id, collector, opts);
    const replied = new Promise<JupyterMessage>((resolve, reject) =>
      this.#replies.set(id, { resolve, reject })
    );
    const onAbort = () => void this.interrupt().catch(() => {});
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const startedAt = new Date();
    try {
      await this.#send("shell", msg);
      const [reply] = await this.#untilDeath(Promise.all([replied.finally(idle.replied), idle.done]));
      return toExecuteReply(reply, collector.outputs, startedAt);
    } finally {
      idle.cancel();
      opts.signal?.removeEventListener("abort", onAbort);
      this.#iopub.delete(id);
      this.#replies.delete(id);
    }
  }

  /**
   * Routes the request's iopub messages to the collector; `done` settles on status idle or, once
   * the reply has come, after {@link IDLE_GRACE_MS} without any iopub message for the request (an
   * interrupt that lands inside ipykernel's own code can lose the idle status; never hang on it).
   */
  #trackIopub(id: string, collector: OutputCollector, opts: ExecuteOptions) {
    let finish!: () => void;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let replied = false;
    const interruptsBefore = this.#interrupts;
    const done = new Promise<void>((resolve) => finish = resolve);
    const rearm = () => {
      clearTimeout(timer);
      if (replied && this.#interrupts > interruptsBefore) timer = setTimeout(finish, IDLE_GRACE_MS);
    };
    this.#iopub.set(id, (m) => {
      const type = m.header.msg_type;
      if (type === "status" && m.content.execution_state === "idle") return finish();
      rearm();
      if (OUTPUT_TYPES.has(type)) {
        collector.add(type, m.content);
        opts.onOutput?.({ msgType: type, content: m.content, metadata: m.metadata });
      }
    });
    return {
      done,
      replied: () => {
        replied = true;
        rearm();
      },
      cancel: () => clearTimeout(timer),
    };
  }

  async interrupt(): Promise<void> {
    if (this.#death) return;
    this.#interrupts++;
    if (this.#parts.interruptMode === "signal") this.#parts.process.signal("SIGINT");
    else await this.request("control", "interrupt_request", {});
  }

  shutdown(): Promise<void> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  async #doShutdown(): Promise<void> {
    const process = this.#parts.process;
    if (!this.#death) {
      this.#death = new RuntimeError({ message: `Cannot use kernel ${this.id}: it was shut down` });
      const grace = this.#parts.shutdownGraceMs ?? 5000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // An idle kernel is asked on shell. On control, ipykernel 6 races its own exit: the main thread
      // stops the IOPub thread while the control thread still flushes stdout through it, and the
      // kernel then hangs 10 s a stream (seen in about one shutdown in five). A busy kernel (its shell
      // occupied by a request) is asked on control, the channel it still reads.
      const channel = this.#replies.size === 0 && this.#sockets.has("shell") ? "shell" : "control";
      const asked = this.#sockets.has(channel)
        ? this.#send(channel, this.#session.message("shutdown_request", { restart: false })).catch(() => {})
        : Promise.resolve();
      await asked;
      const late = new Promise<"late">((r) => timer = setTimeout(r, grace, "late"));
      if (await Promise.race([process.exited, late]) === "late") process.signal("SIGKILL");
      clearTimeout(timer);
    }
    await process.exited;
    for (const s of this.#sockets.values()) await s.close();
    await Promise.all(this.#loops);
    await process.release();
    for (const p of this.#parts.cleanup) await Deno.remove(p, { recursive: true }).catch(() => {});
  }

  /**
   * Ends a kernel whose work is done. An idle kernel that exits without finalization anyway (a forked
   * one) is killed: a shutdown request would only have it stop and join its threads, about a tenth of
   * its CPU, and nothing it would still do is lost. Any other kernel is shut down.
   */
  end(): Promise<void> {
    return this.#parts.exitsWithoutFinalization && this.#replies.size === 0 ? this.kill() : this.shutdown();
  }

  /** Kills the kernel now (no shutdown request), then cleans up like {@link shutdown}. */
  kill(): Promise<void> {
    this.#death ??= new RuntimeError({ message: `Cannot use kernel ${this.id}: it was killed` });
    this.#parts.process.signal("SIGKILL");
    return this.shutdown();
  }

  async #send(channel: Channel, msg: JupyterMessage): Promise<void> {
    const socket = this.#sockets.get(channel);
    if (!socket) throw new RuntimeError({ message: `Cannot send to kernel ${this.id}: not connected` });
    await socket.send(this.#session.encode(msg));
  }

  async #readLoop(channel: Channel, socket: Socket): Promise<void> {
    for (;;) {
      const frames = await socket.receive();
      if (!frames) return;
      const msg = this.#session.decode(frames, { maxText: this.#maxText });
      if (!msg) {
        this.#dropped++;
        continue;
      }
      const parent = msg.parent_header.msg_id ?? "";
      if (channel === "iopub") {
        for (const seen of this.#iopubSeen.splice(0)) seen();
        this.#iopub.get(parent)?.(msg);
      } else this.#replies.get(parent)?.resolve(msg);
    }
  }

  #untilDeath<T>(p: Promise<T>): Promise<T> {
    if (this.#death) return Promise.reject(this.#death);
    let listener: (e: Error) => void = () => {};
    const died = new Promise<never>((_, reject) => {
      listener = reject;
      this.#deathListeners.add(listener);
    });
    return Promise.race([p, died]).finally(() => this.#deathListeners.delete(listener));
  }

  #onExit(exit: KernelExit): void {
    const how = exit.signal ? `killed by signal ${exit.signal}` : `exit code ${exit.code}`;
    const tail = this.stderrTail().trim().split("\n").slice(-15).join("\n");
    this.#death ??= new RuntimeError({
      message: `Kernel ${this.id} (pid ${this.pid}) died: ${how}`,
      hint: tail ? `the kernel's last stderr lines:\n${tail}` : undefined,
    });
    for (const l of this.#deathListeners) l(this.#death);
    this.#deathListeners.clear();
  }
}

function toExecuteReply(
  reply: JupyterMessage,
  outputs: ExecuteReply["outputs"],
  startedAt: Date,
): ExecuteReply {
  const c = reply.content;
  const status = c.status === "ok" || c.status === "error" ? c.status : "aborted";
  const out: ExecuteReply = {
    status,
    executionCount: typeof c.execution_count === "number" ? c.execution_count : null,
    outputs,
    startedAt,
    endedAt: new Date(),
  };
  if (status === "error") {
    out.error = {
      ename: String(c.ename ?? ""),
      evalue: String(c.evalue ?? ""),
      traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [],
    };
  }
  return out;
}
