/** The kernel template a build starts while its pipeline loads. */
// The template's own file, not kernel/mod.ts: the template then spawns before ZeroMQ and hashing load.
import { KernelTemplate } from "../kernel/template.ts";
import * as path from "../util/path.ts";

/** The options of `plait build` that decide whether, and which, template to start early. */
export interface EarlyFlags {
  entry?: string;
  force?: boolean;
  python?: string;
  debug?: boolean;
  debuglater?: boolean;
}

/**
 * Starts the default kernel's template at once when the build will likely need kernels: with
 * `--force`, or when no build of this project is recorded (no `.plait` folder where the pipeline is
 * looked for). A project built before may be up to date: no Python process is started for nothing.
 */
export function earlyTemplate(flags: EarlyFlags): KernelTemplate | undefined {
  if (!flags.force && builtBefore(flags.entry)) return undefined;
  return KernelTemplate.start({ python: flags.python, interactive: !!(flags.debug || flags.debuglater) });
}

const BOOLEAN: Record<string, keyof EarlyFlags | ""> = {
  "-f": "force",
  "--force": "force",
  "-d": "debug",
  "--debug": "debug",
  "-D": "debuglater",
  "--debuglater": "debuglater",
  "--skip-upstream": "",
  "-v": "",
  "--verbose": "",
  "--json": "",
  "--serve": "",
};
const VALUED: Record<string, keyof EarlyFlags | ""> = {
  "-e": "entry",
  "--entry": "entry",
  "--entry-point": "entry",
  "--python": "python",
  "-p": "",
  "--partially": "",
  "-j": "",
  "--jobs": "",
  "-F": "",
  "--log-file": "",
  "--output-limit": "",
  "--debug-timeout": "",
  "--host": "",
  "--port": "",
};
/** `--log [level]`: build takes no positional argument, so a next word not an option is its level. */
const LOG = ["-l", "--log"];

/**
 * The flags {@link earlyTemplate} needs, read from the raw arguments of `plait build` before the CLI
 * itself loads, so Python starts importing ipykernel about 0.1 s sooner. Only plain spellings are
 * read (`--entry PATH`, `-e PATH`, `--force`...); anything else gives undefined and the command's own
 * parsing decides, as for every other command. A wrong guess costs time, never correctness: a pool
 * adopts a template only for the interpreter and mode it asks for, and an unused one is ended.
 */
export function earlyBuildFlags(args: readonly string[]): EarlyFlags | undefined {
  if (args[0] !== "build") return undefined;
  const flags: EarlyFlags = {};
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (arg in BOOLEAN) {
      const key = BOOLEAN[arg];
      if (key) (flags[key] as boolean) = true;
    } else if (arg in VALUED) {
      const value = args[++i];
      if (value === undefined || value.startsWith("-")) return undefined;
      const key = VALUED[arg];
      if (key) (flags[key] as string) = value;
    } else if (LOG.includes(arg)) {
      if (args[i + 1] !== undefined && !args[i + 1].startsWith("-")) i++;
    } else {
      return undefined; // --help, an `--env--` override, a Ploomber spelling...: the CLI decides
    }
  }
  return flags;
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
