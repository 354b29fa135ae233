import { out } from "./common.ts";

/** The signals that stop a build the way Ctrl-C does: the terminal closed (SIGHUP), `kill` (SIGTERM). */
export const STOP_SIGNALS: readonly Deno.Signal[] = Deno.build.os === "windows"
  ? ["SIGINT"]
  : ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Runs `fn` with an AbortSignal fired by Ctrl-C (SIGINT), SIGTERM or SIGHUP (the terminal closed).
 * The first signal asks running tasks to stop (their kernels are interrupted, then shut down); the
 * work still returns normally so what finished is recorded, the partial notebooks are written and
 * the lock is released. A second signal says it is still cleaning up.
 */
export async function interruptible<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  const listeners = STOP_SIGNALS.map((name) => {
    const listener = () => {
      if (ctl.signal.aborted) {
        out.error("\nstill stopping kernels; please wait");
        return;
      }
      const why = name === "SIGINT" ? "interrupted" : `interrupted (${name})`;
      out.error(`\n${why}: stopping running tasks and their kernels...`);
      ctl.abort();
    };
    Deno.addSignalListener(name, listener);
    return { name, listener };
  });
  try {
    return await fn(ctl.signal);
  } finally {
    for (const { name, listener } of listeners) Deno.removeSignalListener(name, listener);
  }
}
