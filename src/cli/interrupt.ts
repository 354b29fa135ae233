import { out } from "./common.ts";

/**
 * Runs `fn` with an AbortSignal fired by Ctrl-C (SIGINT), SIGTERM or SIGHUP (a lost terminal). The first signal asks running
 * tasks to stop (their kernels are interrupted, then shut down); the work still returns normally so
 * what finished is recorded. A second Ctrl-C says it is still cleaning up.
 */
export async function interruptible<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  const onSignal = () => {
    if (ctl.signal.aborted) {
      out.error("\nstill stopping kernels; please wait");
      return;
    }
    out.error("\ninterrupted: stopping running tasks and their kernels...");
    ctl.abort();
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    return await fn(ctl.signal);
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
  }
}
