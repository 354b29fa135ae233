/** The Deno side of fork_server.py: a warm Python template that forks a fresh kernel per request. */
import { RuntimeError } from "../errors/mod.ts";
import * as path from "../util/path.ts";
import { BoundedTail, fileTail } from "./_tail.ts";
import type { KernelExit, KernelProcess } from "./_process.ts";

/** Options for {@link ForkServer.start}. */
export interface ForkServerOptions {
  python: string;
  /** Modules to import in the template (e.g. `pandas`), so every forked kernel has them loaded. */
  preload?: string[];
  env: Record<string, string>;
  /** Private folder for the script copy (when plait is imported over the network). */
  runtimeDir: string;
}

/** What a deferred template ({@link ForkServer.startDeferred}) is told once its pipeline is known. */
export interface TemplateConfig {
  /** Entries put first on `sys.path`, as PYTHONPATH would have. */
  path: string[];
  preload: string[];
  /** As PLAIT_PATH_FALLBACKS. */
  fallbacks: { cwd: string; fallbacks: { module: string; dir: string }[] };
  /** As PLAIT_KERNEL_ARGS. */
  kernel_args: string[];
}

/** A fork request. */
export interface ForkRequest {
  id: string;
  conn: string;
  cwd: string;
  env: Record<string, string>;
  stderr: string;
  args: string[];
}

type Spawned = { pid: number; exited: Promise<KernelExit> };
type Event = { op: string; id?: string; pid?: number; message?: string } & Record<string, unknown>;

/** A running fork server. `close()` (or Deno's death) ends it and every kernel it forked. */
export class ForkServer {
  readonly python: string;
  /** Requested preloads the template could not import, by module name, with the Python error. */
  readonly preloadFailures: Readonly<Record<string, string>> = {};
  /**
   * True when kernels start on the template's one CPU (fork_server.py's pin_starts): starting them one
   * at a time then gets each out sooner than starting several that share that CPU.
   */
  readonly pinned: boolean = false;
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #tail = new BoundedTail();
  readonly #pending = new Map<string, { resolve: (s: Spawned) => void; reject: (e: Error) => void }>();
  readonly #exits = new Map<number, (exit: KernelExit) => void>();
  readonly #done: Promise<void>;
  #ready!: (e: Event) => void;
  readonly #readyEvent = new Promise<Event>((resolve) => this.#ready = resolve);
  #dead: Error | undefined;
  #closing: Promise<void> | undefined;

  private constructor(python: string, child: Deno.ChildProcess) {
    this.python = python;
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.#done = Promise.all([this.#readEvents(), this.#readStderr()]).then(() => {});
  }

  /** Starts the template and waits until it has imported ipykernel and the preloads. */
  static async start(opts: ForkServerOptions): Promise<ForkServer> {
    const server = await ForkServer.#spawn(opts);
    await server.#waitReady(opts.preload ?? []);
    return server;
  }

  /**
   * Starts a template before its kernels' configuration is known: it imports ipykernel, then waits
   * for {@link ForkServer.configure}. `opts.preload` and PLAIT_KERNEL_ARGS are not used.
   */
  static startDeferred(opts: ForkServerOptions): Promise<ForkServer> {
    return ForkServer.#spawn({ ...opts, preload: [], env: { ...opts.env, PLAIT_DEFERRED: "1" } });
  }

  /** Configures a deferred template and waits until it is ready to fork. */
  async configure(config: TemplateConfig): Promise<void> {
    await this.#write(config as unknown as Record<string, unknown>).catch(() => {});
    await this.#waitReady(config.preload);
  }

  static async #spawn(opts: ForkServerOptions): Promise<ForkServer> {
    const script = await scriptPath(opts.runtimeDir);
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(opts.python, {
        args: ["-u", script, ...(opts.preload ?? [])],
        env: opts.env,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch (e) {
      throw new RuntimeError({
        message: `Cannot start the fork server with "${opts.python}": ${(e as Error).message}`,
      });
    }
    return new ForkServer(opts.python, child);
  }

  async #waitReady(preload: string[]): Promise<void> {
    const ready = await this.#readyEvent;
    if (ready.op !== "ready") {
      await this.close();
      throw new RuntimeError({
        message: `Cannot start the fork server with "${this.python}": it exited during start-up`,
        hint: this.#tail.text().trim().split("\n").slice(-10).join("\n") || undefined,
      });
    }
    const failed = (ready.failed ?? {}) as Record<string, string>;
    const preloadFailures = Object.fromEntries(preload.filter((m) => m in failed).map((m) => [m, failed[m]]));
    Object.assign(this, {
      python: String(ready.python ?? this.python),
      preloadFailures,
      pinned: ready.pinned === true,
    });
  }

  /** Forks a kernel; its process handle reports the exit the server observes. */
  async spawn(req: ForkRequest): Promise<KernelProcess> {
    if (this.#dead) throw this.#dead;
    const { pid, exited } = await new Promise<Spawned>((resolve, reject) => {
      this.#pending.set(req.id, { resolve, reject });
      this.#write({ op: "spawn", ...req }).catch(reject);
    });
    return new ForkedKernel(pid, exited, this, req.stderr);
  }

  /** Sends `sig` to a forked kernel (SIGKILL: its whole process group), unless already reaped. */
  signal(pid: number, sig: "SIGINT" | "SIGKILL"): void {
    if (!this.#exits.has(pid)) return;
    this.#write({ op: "signal", pid, signal: sig }).catch(() => {});
  }

  /** Ends the server: it kills and reaps every kernel it forked. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#stdin.close().catch(() => {});
      await this.#child.status;
      await this.#done;
    })();
    return this.#closing;
  }

  #write(obj: Record<string, unknown>): Promise<void> {
    return this.#stdin.write(new TextEncoder().encode(JSON.stringify(obj) + "\n"));
  }

  async #readEvents(): Promise<void> {
    let buffered = "";
    for await (const chunk of this.#child.stdout.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) if (line) this.#onEvent(JSON.parse(line) as Event);
    }
    this.#dead = new RuntimeError({ message: "The fork server has stopped" });
    this.#ready?.({ op: "exited" });
    for (const p of this.#pending.values()) p.reject(this.#dead);
    this.#pending.clear();
    for (const resolve of this.#exits.values()) resolve({ code: null, signal: "SIGKILL" });
    this.#exits.clear();
  }

  #onEvent(e: Event): void {
    if (e.op === "ready") this.#ready(e);
    else if (e.op === "spawned") {
      // registered now, not when the caller resumes: the exit event may be in the same chunk
      const exited = new Promise<KernelExit>((resolve) => this.#exits.set(e.pid!, resolve));
      this.#pending.get(e.id!)?.resolve({ pid: e.pid!, exited });
    } else if (e.op === "error") {
      this.#pending.get(e.id!)?.reject(new RuntimeError({ message: `Cannot fork a kernel: ${e.message}` }));
    } else if (e.op === "exit") {
      const resolve = this.#exits.get(e.pid!);
      this.#exits.delete(e.pid!);
      resolve?.({
        code: (e.code as number | null) ?? null,
        signal: (e.signal as string | null) ?? null,
        cpuSeconds: typeof e.cpu === "number" ? e.cpu : undefined,
        pageFaults: typeof e.faults === "number" ? e.faults : undefined,
      });
    }
    if (e.id && e.op !== "ready") this.#pending.delete(e.id);
  }

  async #readStderr(): Promise<void> {
    for await (const chunk of this.#child.stderr) this.#tail.push(chunk);
  }
}

class ForkedKernel implements KernelProcess {
  constructor(
    readonly pid: number,
    readonly exited: Promise<KernelExit>,
    readonly server: ForkServer,
    readonly stderrFile: string,
  ) {}

  signal(sig: "SIGINT" | "SIGKILL"): void {
    this.server.signal(this.pid, sig);
  }

  stderrTail(): string {
    return fileTail(this.stderrFile);
  }

  async release(): Promise<void> {
    await this.exited;
  }
}

async function scriptPath(runtimeDir: string): Promise<string> {
  const url = new URL("./fork_server.py", import.meta.url);
  if (url.protocol === "file:") return path.fromFileUrl(url);
  const file = path.join(runtimeDir, "fork_server.py");
  const res = await fetch(url);
  if (!res.ok) {
    throw new RuntimeError({ message: `Cannot fetch the fork server script ${url}: ${res.status}` });
  }
  await Deno.writeTextFile(file, await res.text(), { mode: 0o600 });
  return file;
}
