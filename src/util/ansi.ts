/** Removes ANSI escape sequences (colours in IPython tracebacks, progress bars, our own styling). */
export function stripAnsi(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/\x1b[@-Z\\-_]/g, "");
}
