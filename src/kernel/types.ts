/** The kernel layer's public types. */
import type { TransportName } from "./transport.ts";
export type { KernelExit } from "./_process.ts";
import type { KernelExit } from "./_process.ts";
import type { ChannelKind, ConnectionInfo } from "./connection.ts";
import type { Endpoint } from "./transport.ts";

/** How to launch a kernel. */
export interface KernelLaunchOptions {
  /** The kernel's working directory. */
  cwd: string;
  /** Extra environment variables (e.g. PYTHONPATH), on top of plait's own environment. */
  env?: Record<string, string>;
  /** Interpreter path; runs `PATH -m ipykernel_launcher -f {connection_file}`. Otherwise the kernelspec. */
  python?: string;
  /** Kernelspec name; default `python3`. */
  kernelName?: string;
  /** Transport; default `PLAIT_TRANSPORT` or the pure-TypeScript ZMTP client. */
  transport?: TransportName;
  /**
   * Loopback TCP ports, or Unix sockets in the private 0700 runtime folder (`ipc`: no other user can
   * connect to the kernel or read its output). Default: see {@link chooseChannelKind}.
   */
  channels?: ChannelKind;
  /** Give up waiting for the kernel to be ready after this long (default 60 000 ms). */
  startTimeoutMs?: number;
  /** How long `shutdown()` waits after its request before it kills the kernel (default 5 000 ms, as jupyter_client). */
  shutdownGraceMs?: number;
}

/** One iopub message for an execute request, as it arrives. */
export interface OutputMessage {
  msgType: string;
  content: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** nbformat v4 output JSON. */
export type NbOutput = Record<string, unknown>;

/** The result of one `execute()`. */
export interface ExecuteReply {
  status: "ok" | "error" | "aborted";
  executionCount: number | null;
  /** nbformat v4 outputs built from iopub, with clear_output and update_display_data applied. */
  outputs: NbOutput[];
  error?: { ename: string; evalue: string; traceback: string[] };
  startedAt: Date;
  endedAt: Date;
}

/** Options for {@link Kernel.execute}. */
export interface ExecuteOptions {
  /** Called with every output message of this request as it arrives. */
  onOutput?: (msg: OutputMessage) => void;
  /** Aborting interrupts the kernel (the execute then ends with a KeyboardInterrupt error). */
  signal?: AbortSignal;
  /** Jupyter's `silent`: no history entry and no execution count, for setup code of the caller's own. */
  silent?: boolean;
  /** Most characters of output the reply keeps (see `OutputLimitOptions`); default: no limit. */
  outputLimit?: number;
}

/** What a kernel says about itself. */
export interface KernelInfo {
  implementation: string;
  languageVersion: string;
  kernelName: string;
  /** The interpreter's executable path. */
  python: string;
}

/** A running Jupyter kernel. */
export interface Kernel extends AsyncDisposable {
  readonly id: string;
  readonly pid: number | undefined;
  readonly info: KernelInfo;
  execute(code: string, opts?: ExecuteOptions): Promise<ExecuteReply>;
  interrupt(): Promise<void>;
  /** Idempotent: a shutdown request, then a kill after the grace period. */
  shutdown(): Promise<void>;
  /** Ends a kernel whose work is done, the quickest way that loses nothing (default: `shutdown()`). */
  end?(): Promise<void>;
  readonly exited: Promise<KernelExit>;
  stderrTail(): string;
  /** Messages dropped because their signature was wrong. */
  readonly droppedMessages: number;
  /** Where the kernel publishes its output (IOPub): a loopback port, or a Unix socket with `ipc`. */
  readonly iopubEndpoint: Endpoint;
  /** How to reach the kernel (what a Jupyter connection file holds), when known. */
  readonly connectionInfo?: ConnectionInfo;
}
