/** The kernel template a build starts while its pipeline loads. */
import { KernelTemplate } from "../kernel/mod.ts";
import { path } from "../util/mod.ts";

/**
 * Starts the default kernel's template at once when the build will likely need kernels: with
 * `--force`, or when no build of this project is recorded (no `.plait` folder where the pipeline is
 * looked for). A project built before may be up to date: no Python process is started for nothing.
 */
export function earlyTemplate(
  flags: { entry?: string; force?: boolean; python?: string; debug?: boolean; debuglater?: boolean },
): KernelTemplate | undefined {
  if (!flags.force && builtBefore(flags.entry)) return undefined;
  return KernelTemplate.start({ python: flags.python, interactive: !!(flags.debug || flags.debuglater) });
}

function builtBefore(entry?: string): boolean {
  let dir = path.resolve(entry && !isDir(entry) ? path.dirname(entry) : entry ?? ".");
  for (;;) {
    try {
      Deno.statSync(path.join(dir, ".plait"));
      return true;
    } catch { /* not here */ }
    if (entry || path.dirname(dir) === dir) return false;
    dir = path.dirname(dir);
  }
}

function isDir(p: string): boolean {
  try {
    return Deno.statSync(p).isDirectory;
  } catch {
    return false;
  }
}
