/** Shared helpers for the kernel tests: kernel pids seen, and whether a process is still alive. */

/** Every kernel pid the tests started, checked for leftovers at the end. */
export const STARTED_PIDS = new Set<number>();

/** True while `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** Waits (polling /proc, bounded) until none of `pids` is alive; returns those still alive. */
export async function survivors(pids: number[], withinMs = 15_000): Promise<number[]> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || performance.now() > deadline) return alive;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Pids of all live descendants of `root` (from /proc parent links). */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(e.name), ppid);
    } catch { /* gone */ }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, p] of parent) {
      if (p === pid && isAlive(child)) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

/** Python processes still running below this Deno process (kernels, fork servers, their children). */
export function leftoverPythonProcesses(): string[] {
  return descendants(Deno.pid).flatMap((pid) => {
    try {
      const cmd = Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ").trim();
      return /python|ipykernel|fork_server/.test(cmd) ? [`${pid}: ${cmd.slice(0, 120)}`] : [];
    } catch {
      return [];
    }
  });
}
