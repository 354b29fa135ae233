/** The kernel's OS process, however it was started (spawned by Deno, or forked by the fork server). */
import { BoundedTail } from "./_tail.ts";

/** How a kernel process ended. */
export interface KernelExit {
  code: number | null;
  signal: string | null;
  /** CPU seconds (user + system) the kernel process used over its life, when known (forked kernels). */
  cpuSeconds?: number;
  /** Minor page faults of the kernel process over its life, when known (forked kernels). */
  pageFaults?: number;
}

/** A running kernel process. */
export interface KernelProcess {
  readonly pid: number | undefined;
  /** Settles when the process has ended (never rejects). */
  readonly exited: Promise<KernelExit>;
  /** Sends `SIGINT` to the kernel, or kills its whole process group with `SIGKILL`. */
  signal(sig: "SIGINT" | "SIGKILL"): void;
  stderrTail(): string;
  /** Waits for the process to end and releases what watches it (streams, files). */
  release(): Promise<void>;
}

/**
 * Python run as `python -c BOOT -f CONN ...` for a plain ipykernel kernelspec: the kernel starts its
 * own session (so a terminal's Ctrl-C does not reach it; plait interrupts it explicitly), and a
 * thread watches stdin, a pipe from Deno: when Deno dies, the pipe closes and the kernel kills its
 * process group (after removing $PLAIT_CLEANUP_DIR, its runtime folder). No orphans even on SIGKILL of Deno.
 * SIGTERM to the kernel (SLURM ends a job step so, Deno with it) removes that folder before the kernel
 * dies of it, as it would have.
 */
export const LIFELINE_BOOT = `
import os, shutil, signal, sys, threading
os.setsid()
_dir = os.environ.pop("PLAIT_CLEANUP_DIR", None)
_r = os.dup(0)
_n = os.open(os.devnull, os.O_RDONLY); os.dup2(_n, 0); os.close(_n)
def _lifeline():
    try:
        while os.read(_r, 4096): pass
    except OSError: pass
    if _dir: shutil.rmtree(_dir, ignore_errors=True)
    os.killpg(0, signal.SIGKILL)
def _term(*_):
    if _dir: shutil.rmtree(_dir, ignore_errors=True)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
signal.signal(signal.SIGTERM, _term)
threading.Thread(target=_lifeline, daemon=True, name="plait-lifeline").start()
sys.argv = ["ipykernel_launcher"] + sys.argv[1:]
import runpy
runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
`;

/** A kernel spawned directly by Deno. */
export class ChildKernelProcess implements KernelProcess {
  readonly pid: number;
  readonly exited: Promise<KernelExit>;
  readonly #child: Deno.ChildProcess;
  readonly #tail = new BoundedTail();
  readonly #drain: Promise<void>;
  readonly #ownGroup: boolean;
  #done = false;

  /** `ownGroup`: the kernel runs {@link LIFELINE_BOOT}, so it leads its own process group. */
  constructor(child: Deno.ChildProcess, ownGroup: boolean) {
    this.#child = child;
    this.pid = child.pid;
    this.#ownGroup = ownGroup;
    this.#drain = this.#readStderr();
    this.exited = child.status.then((s) => {
      this.#done = true;
      return { code: s.signal ? null : s.code, signal: s.signal ?? null };
    });
  }

  signal(sig: "SIGINT" | "SIGKILL"): void {
    if (this.#done) return;
    try {
      if (sig === "SIGKILL" && this.#ownGroup) Deno.kill(-this.pid, sig);
      else Deno.kill(this.pid, sig);
    } catch {
      try {
        Deno.kill(this.pid, sig); // the group may not exist yet (before setsid)
      } catch { /* already gone */ }
    }
  }

  stderrTail(): string {
    return this.#tail.text();
  }

  async release(): Promise<void> {
    await this.exited;
    if (this.#ownGroup) {
      try {
        Deno.kill(-this.pid, "SIGKILL"); // subprocesses the kernel left running in its group
      } catch { /* the group is empty */ }
    }
    try {
      await this.#child.stdin.close();
    } catch { /* already closed */ }
    await this.#drain;
  }

  async #readStderr(): Promise<void> {
    try {
      for await (const chunk of this.#child.stderr) this.#tail.push(chunk);
    } catch { /* stream ended */ }
  }
}

/** Spawns `argv` as a kernel process in `cwd` with `env`, stderr read continuously. */
export function spawnKernelProcess(argv: string[], opts: {
  cwd: string;
  env: Record<string, string>;
  lifeline: boolean;
}): ChildKernelProcess {
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd: opts.cwd,
    env: opts.env,
    stdin: "piped", // with the lifeline boot: closes when Deno dies; otherwise simply never written
    stdout: "null",
    stderr: "piped",
  }).spawn();
  return new ChildKernelProcess(child, opts.lifeline);
}
