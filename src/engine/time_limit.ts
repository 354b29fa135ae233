import type { ExecuteOptions, ExecuteReply, Kernel } from "../kernel/mod.ts";

/** After a time limit's interrupt, how long the code may take to stop before its kernel is killed. */
const GRACE_MS = 3000;

/** Options for {@link executeWithin}. */
export interface ExecuteWithinOptions extends ExecuteOptions {
  /** The time limit in seconds (none when undefined). */
  seconds?: number;
}

/** What {@link executeWithin} saw: the kernel's reply or the error it threw, and whether the limit hit. */
export interface LimitedExecution {
  reply?: ExecuteReply;
  error?: unknown;
  timedOut: boolean;
}

/**
 * Executes `code` in `kernel`, interrupted once `seconds` have passed, and the kernel killed if it
 * has not stopped {@link GRACE_MS} later (code that ignores SIGINT). Never throws.
 *
 * @example
 * ```ts ignore
 * const { reply, timedOut } = await executeWithin(kernel, "import time; time.sleep(9)", { seconds: 1 });
 * ```
 */
export async function executeWithin(
  kernel: Kernel,
  code: string,
  opts: ExecuteWithinOptions,
): Promise<LimitedExecution> {
  const { seconds, ...rest } = opts;
  const timer = new AbortController();
  let kill: ReturnType<typeof setTimeout> | undefined;
  const alarm = seconds === undefined ? undefined : setTimeout(() => {
    timer.abort();
    kill = setTimeout(() => void killKernel(kernel), GRACE_MS);
  }, seconds * 1000);
  const signals = [rest.signal, seconds === undefined ? undefined : timer.signal].filter((s) =>
    s !== undefined
  );
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  try {
    const reply = await kernel.execute(code, { ...rest, signal });
    return { reply, timedOut: timer.signal.aborted };
  } catch (error) {
    return { error, timedOut: timer.signal.aborted };
  } finally {
    clearTimeout(alarm);
    clearTimeout(kill);
  }
}

function killKernel(kernel: Kernel): Promise<void> {
  const killable = kernel as Kernel & { kill?: () => Promise<void> };
  return (killable.kill ? killable.kill() : kernel.shutdown()).catch(() => {});
}
