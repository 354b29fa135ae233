/**
 * What a kernel is started with: plait's ipykernel options, its environment, path fallbacks. Kept
 * apart from launching (no ZeroMQ, no hashing) so a build can start its kernel template before the
 * rest of plait is loaded.
 */
import type { KernelSpec } from "./kernelspec.ts";
import * as path from "../util/path.ts";

/** ipykernel options plait always uses: no history database per throwaway kernel. */
export const IPYKERNEL_ARGS = ["--HistoryManager.enabled=False"];

/** A folder for `sys.path` when `module` cannot be imported without it (see `KernelPoolOptions`). */
export interface PathFallback {
  /** A top-level module name, e.g. `ploomber`. */
  module: string;
  /** The folder holding a stand-in for it. */
  dir: string;
}

/**
 * Python that appends each fallback's folder to `sys.path` when its module is not importable, as the
 * fork server's template does once for all its kernels.
 */
export function pathFallbackCode(fallbacks: PathFallback[]): string {
  return [
    "def __plait_path_fallbacks(fallbacks):",
    "    import importlib.util, sys",
    "    for f in fallbacks:",
    "        if importlib.util.find_spec(f['module']) is None and f['dir'] not in sys.path:",
    "            sys.path.append(f['dir'])",
    // JSON of strings only: a valid Python literal
    `__plait_path_fallbacks(${JSON.stringify(fallbacks.map(({ module, dir }) => ({ module, dir })))})`,
    "del __plait_path_fallbacks",
  ].join("\n");
}

/** True when `argv` is `PYTHON -m ipykernel_launcher|ipykernel -f {connection_file}`. */
export function isPlainIpykernel(argv: string[]): boolean {
  return argv.length === 5 && argv[1] === "-m" && ["ipykernel_launcher", "ipykernel"].includes(argv[2]) &&
    argv[3] === "-f" && argv[4] === "{connection_file}";
}

/** The environment every kernel gets: Deno's, the kernelspec's, the caller's, and plait's own. */
export function kernelEnv(
  spec: KernelSpec,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  return {
    ...Deno.env.toObject(),
    ...spec.env,
    ...extra,
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    JPY_PARENT_PID: String(Deno.pid),
  };
}

/** The executable path of `cmd`, searched on PATH when it has no slash. */
export function whichSync(cmd: string): string {
  if (cmd.includes("/")) return path.resolve(cmd);
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const full = path.join(dir || ".", cmd);
    try {
      if (Deno.statSync(full).isFile) return full;
    } catch { /* not here */ }
  }
  return cmd;
}
