/** A warm pool of fresh kernels, forked from a template by the fork server when it can be. */
import { RuntimeError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";
import { makeRuntimeDir } from "./connection.ts";
import { ForkServer } from "./fork_server.ts";
import type { KernelTemplate } from "./template.ts";
import { JupyterKernel } from "./kernel.ts";
import { type KernelSpec, resolveKernelSpec } from "./kernelspec.ts";
import {
  ipcSocketFiles,
  IPYKERNEL_ARGS,
  isPlainIpykernel,
  kernelEnv,
  type PathFallback,
  pathFallbackCode,
  startKernel,
  withPortRetries,
} from "./launch.ts";
import { getTransport, type Transport } from "./transport.ts";
import type { Kernel, KernelLaunchOptions } from "./types.ts";

const STARTS_AT_ONCE = Math.max(1, navigator.hardwareConcurrency ?? 2);

/** Options for {@link KernelPool}. */
export interface KernelPoolOptions extends KernelLaunchOptions {
  /** How many ready kernels to keep waiting (at least 1). */
  size: number;
  /**
   * How many kernels the pool's user will acquire at most, when it knows (a build: its tasks that may
   * run). Spares are started only up to that many, so none is started, then killed unused, at the
   * end; an acquire beyond it still gets a kernel, started then. Default: no bound.
   */
  expected?: number;
  /** Fork kernels from a warm template (default true); plain launches when the kernelspec is not ipykernel. */
  forkServer?: boolean;
  /** Modules the template imports once (e.g. `["pandas", "sklearn"]`), so forked kernels start with them. */
  preload?: string[];
  /**
   * Folders appended to every kernel's `sys.path` when their module is not importable otherwise (a
   * stand-in package for a missing one). Done once in the template; in each kernel not forked from it.
   */
  pathFallbacks?: PathFallback[];
  /** A template started earlier ({@link KernelTemplate}): adopted if it serves this pool's kernel. */
  template?: KernelTemplate;
  /**
   * Kernels a person may attach to (`build --debug`): forked kernels then load debugpy (the debug
   * protocol) and jedi (completions), which batch tasks never use and the template otherwise skips.
   */
  interactive?: boolean;
}

type Waiter = { resolve: (k: Kernel) => void; reject: (e: Error) => void };
const MAX_FAILURES = 3;

/**
 * Keeps `size` fresh kernels ready. `acquire()` hands one out (the caller shuts it down after its
 * task) and starts the next in the background. `close()` kills everything, the fork server too.
 */
export class KernelPool implements AsyncDisposable {
  readonly #opts: KernelPoolOptions;
  #idle: JupyterKernel[] = [];
  #waiters: Waiter[] = [];
  #starting = 0;
  /** Kernels handed out so far (see `expected`). */
  #handedOut = 0;
  /** Starts at once: one until the fork server says its kernels do not share one CPU (see #fill). */
  #startsAtOnce = 1;
  #inFlight = new Set<Promise<void>>();
  #failures = 0;
  #error: Error | undefined;
  #closed = false;
  #setup: Promise<{ spec: KernelSpec; transport: Transport; server?: ForkServer; dir?: string }>;

  constructor(opts: KernelPoolOptions) {
    this.#opts = { ...opts, size: Math.max(1, opts.size) };
    this.#setup = this.#init();
    this.#setup.catch(() => {}); // reported through acquire()
    this.#fill();
  }

  /** Kernels ready to hand out now, and kernels being started. */
  get stats(): { ready: number; starting: number } {
    return { ready: this.#idle.length, starting: this.#starting };
  }

  /** Resolves once a kernel is ready to hand out without waiting (rejects if the pool fails). */
  async warm(): Promise<void> {
    while (!this.#idle.length) {
      if (this.#error) throw this.#error;
      if (this.#closed) throw new RuntimeError({ message: "Cannot warm the pool: pool closed" });
      await Promise.race(this.#inFlight);
    }
  }

  /** A fresh, ready kernel for one task. */
  acquire(signal?: AbortSignal): Promise<Kernel> {
    if (this.#closed) {
      return Promise.reject(new RuntimeError({ message: "Cannot acquire a kernel: pool closed" }));
    }
    if (this.#error) return Promise.reject(this.#error);
    signal?.throwIfAborted();
    const kernel = this.#idle.shift();
    if (kernel) {
      this.#handedOut++;
      this.#fill();
      return Promise.resolve(kernel);
    }
    return new Promise<Kernel>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      this.#waiters.push(waiter);
      signal?.addEventListener("abort", () => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal.reason);
      }, { once: true });
      this.#fill();
    });
  }

  /**
   * Requested preloads the fork server could not import (module name to Python error); empty when
   * all imported, or when no fork server runs. Tasks still import such modules themselves.
   */
  async preloadFailures(): Promise<Record<string, string>> {
    const setup = await this.#setup.catch(() => undefined);
    return { ...setup?.server?.preloadFailures };
  }

  /** Kills idle kernels, kernels being started and the fork server (with all it forked). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return await Promise.all(this.#inFlight).then(() => {});
    this.#closed = true;
    const closed = new RuntimeError({ message: "Cannot acquire a kernel: pool closed" });
    for (const w of this.#waiters.splice(0)) w.reject(closed);
    const setup = await this.#setup.catch(() => undefined);
    await Promise.all(this.#idle.splice(0).map((k) => k.kill()));
    await setup?.server?.close();
    await Promise.all(this.#inFlight);
    if (setup?.dir) await Deno.remove(setup.dir, { recursive: true }).catch(() => {});
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #init() {
    const spec = await resolveKernelSpec(this.#opts);
    const transport = await getTransport(this.#opts.transport);
    if (this.#opts.forkServer === false || !isPlainIpykernel(spec.argv)) {
      this.#startsAtOnce = STARTS_AT_ONCE; // launched kernels: one start a core
      queueMicrotask(() => this.#fill());
      return { spec, transport };
    }
    const adopted = await this.#opts.template?.take(this.#opts); // same kernel name and python: same spec
    if (adopted) {
      this.#adopt(adopted.server);
      return { ...adopted, transport };
    }
    const dir = await makeRuntimeDir();
    const env = {
      ...kernelEnv(spec, this.#opts.env),
      PLAIT_CLEANUP_DIR: dir,
      // the template prepares, once, the start-up every kernel launched with these arguments repeats
      PLAIT_KERNEL_ARGS: JSON.stringify(IPYKERNEL_ARGS),
      ...(this.#opts.interactive ? { PLAIT_INTERACTIVE: "1" } : {}),
      PLAIT_PATH_FALLBACKS: JSON.stringify({
        cwd: this.#opts.cwd,
        fallbacks: this.#opts.pathFallbacks ?? [],
      }),
    };
    const server = await ForkServer.start({
      python: spec.argv[0],
      preload: this.#opts.preload,
      env,
      runtimeDir: dir,
    })
      .catch(async (e) => {
        await Deno.remove(dir, { recursive: true }).catch(() => {});
        throw e;
      });
    return { spec, transport, server: this.#adopt(server), dir };
  }

  /** Sets how many kernels start at once, now that the fork server has told whether they share a CPU. */
  #adopt(server: ForkServer): ForkServer {
    this.#startsAtOnce = server.pinned ? 1 : STARTS_AT_ONCE;
    queueMicrotask(() => this.#fill());
    return server;
  }

  #fill(): void {
    // Kernels start at most one a core at a time: forks started all at once (the spares too) compete
    // for the CPU and delay the kernels that tasks are waiting for. Forked kernels that start on the
    // template's one CPU start one at a time.
    const waiting = this.#waiters.length;
    const spares = Math.min(this.#opts.size, (this.#opts.expected ?? Infinity) - this.#handedOut - waiting);
    while (
      !this.#closed && !this.#error && this.#starting < this.#startsAtOnce &&
      this.#idle.length + this.#starting < waiting + Math.max(0, spares)
    ) {
      this.#starting++;
      const job = this.#startOne().finally(() => {
        this.#starting--;
        this.#inFlight.delete(job);
        this.#fill(); // the next one, now that a start slot is free
      });
      this.#inFlight.add(job);
    }
  }

  async #startOne(): Promise<void> {
    let kernel: JupyterKernel;
    try {
      kernel = await this.#launch();
      this.#failures = 0;
    } catch (e) {
      if (this.#closed) return;
      if (++this.#failures >= MAX_FAILURES || !(e instanceof RuntimeError)) this.#fail(e as Error);
      else queueMicrotask(() => this.#fill());
      return;
    }
    if (this.#closed) return await kernel.kill();
    if (!this.#waiters.length) {
      // No task waits: pay the first execute's one-time costs now (the code paths a fresh process
      // runs for the first time, 15-40 ms here), not in the task's first cell. Silent: no execution
      // count, no history, nothing in the namespace.
      await kernel.execute("pass", { silent: true }).catch(() => {});
      if (this.#closed) return await kernel.kill();
    }
    const waiter = this.#waiters.shift();
    if (waiter) {
      this.#handedOut++;
      return waiter.resolve(kernel);
    }
    this.#idle.push(kernel);
    kernel.exited.then(() => { // died while waiting: drop it, start another
      const i = this.#idle.indexOf(kernel);
      if (i >= 0) {
        this.#idle.splice(i, 1);
        void kernel.shutdown();
        this.#fill();
      }
    });
  }

  async #launch(): Promise<JupyterKernel> {
    const { spec, transport, server, dir } = await this.#setup;
    if (!server || !dir) return await this.#launchCold(spec);
    const opts = this.#opts;
    return await withPortRetries(async (id, _dir, connection, file) => {
      const stderr = path.join(dir, `kernel-${id}.stderr`);
      const process = await server.spawn({
        id,
        conn: file,
        cwd: opts.cwd,
        env: opts.env ?? {},
        stderr,
        args: IPYKERNEL_ARGS,
      });
      return new JupyterKernel({
        id,
        connection,
        process,
        transport,
        interruptMode: spec.interruptMode,
        python: server.python,
        kernelName: spec.name,
        cleanup: [file, stderr, ...ipcSocketFiles(dir, id)],
        shutdownGraceMs: opts.shutdownGraceMs,
        exitsWithoutFinalization: true, // fork_server.py: os._exit once the kernel's loop ends
      });
    }, { spec, startTimeoutMs: opts.startTimeoutMs, runtimeDir: dir, channels: opts.channels });
  }

  /** A kernel launched the ordinary way, its path fallbacks set up by a silent execute. */
  async #launchCold(spec: KernelSpec): Promise<JupyterKernel> {
    const kernel = await startKernel({ ...this.#opts, kernelName: spec.name }) as JupyterKernel;
    const fallbacks = this.#opts.pathFallbacks ?? [];
    if (fallbacks.length) {
      // a kernel that cannot run it (not Python) is handed out as is: a task using it fails there
      await kernel.execute(pathFallbackCode(fallbacks), { silent: true }).catch(() => undefined);
    }
    return kernel;
  }

  #fail(e: Error): void {
    this.#error = e;
    for (const w of this.#waiters.splice(0)) w.reject(e);
  }
}
