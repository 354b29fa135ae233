/** Jupyter kernelspecs: the standard search path, and the interpreter fallbacks plait allows. */
import { RuntimeError } from "../errors/mod.ts";
import * as path from "../util/path.ts";

/** A kernel's launch recipe (a `kernel.json`). */
export interface KernelSpec {
  name: string;
  /** Folder holding `kernel.json`; empty for a spec plait made up. */
  resourceDir: string;
  argv: string[];
  displayName: string;
  language: string;
  interruptMode: "signal" | "message";
  env: Record<string, string>;
}

const FALLBACK_PYTHON = "/usr/bin/python3";
const INSTALL_HINT =
  "install ipykernel (Debian/Ubuntu: `apt-get install python3-ipykernel`; elsewhere: `pip install ipykernel`), " +
  "or point plait at an interpreter that has it with `--python PATH`";

/** The kernelspec folders in search order: JUPYTER_PATH, user, /usr/local, /usr, then `python3`'s sys.prefix. */
export async function kernelSpecDirs(): Promise<string[]> {
  const dirs = fixedSpecDirs();
  const prefix = await pythonPrefix("python3");
  if (prefix) dirs.push(path.join(prefix, "share/jupyter/kernels"));
  return [...new Set(dirs)];
}

/**
 * Finds the kernelspec `name` (default `python3`) on the standard search path; `python3`'s
 * sys.prefix is asked for (which runs Python) only when the fixed folders have no match.
 */
export async function findKernelSpec(name = "python3"): Promise<KernelSpec | undefined> {
  for (const dir of fixedSpecDirs()) {
    const spec = await readKernelSpec(path.join(dir, name), name);
    if (spec) return spec;
  }
  const prefix = await pythonPrefix("python3");
  return prefix ? await readKernelSpec(path.join(prefix, "share/jupyter/kernels", name), name) : undefined;
}

function fixedSpecDirs(): string[] {
  const dirs: string[] = [];
  const jupyterPath = env("JUPYTER_PATH");
  if (jupyterPath) { for (const p of jupyterPath.split(":")) if (p) dirs.push(path.join(p, "kernels")); }
  const home = env("HOME");
  const dataHome = env("XDG_DATA_HOME") || (home ? path.join(home, ".local/share") : "");
  if (dataHome) dirs.push(path.join(dataHome, "jupyter/kernels"));
  if (Deno.build.os === "darwin" && home) dirs.push(path.join(home, "Library/Jupyter/kernels"));
  dirs.push("/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels");
  return dirs;
}

/** Reads `dir/kernel.json`; `undefined` when there is none. */
export async function readKernelSpec(dir: string, name: string): Promise<KernelSpec | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path.join(dir, "kernel.json"));
  } catch {
    return undefined;
  }
  const raw = JSON.parse(text) as Record<string, unknown>;
  const argv = raw.argv;
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === "string")) {
    throw new RuntimeError({
      location: { file: path.join(dir, "kernel.json") },
      message: `Cannot use kernelspec "${name}": its "argv" is not a list of strings`,
    });
  }
  return {
    name,
    resourceDir: dir,
    argv,
    displayName: typeof raw.display_name === "string" ? raw.display_name : name,
    language: typeof raw.language === "string" ? raw.language : "python",
    interruptMode: raw.interrupt_mode === "message" ? "message" : "signal",
    env: (raw.env as Record<string, string> | undefined) ?? {},
  };
}

/** A kernelspec that runs `python -m ipykernel_launcher -f {connection_file}`. */
export function pythonKernelSpec(python: string, name = "python3"): KernelSpec {
  return {
    name,
    resourceDir: "",
    argv: [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    displayName: `Python (${python})`,
    language: "python",
    interruptMode: "signal",
    env: {},
  };
}

/**
 * The spec to launch: `python` when given, else the kernelspec `kernelName`, else
 * /usr/bin/python3 if it has ipykernel; otherwise a {@link RuntimeError} saying how to install it.
 */
export async function resolveKernelSpec(opts: { python?: string; kernelName?: string }): Promise<KernelSpec> {
  if (opts.python) return pythonKernelSpec(opts.python, opts.kernelName);
  const name = opts.kernelName ?? "python3";
  const found = await findKernelSpec(name);
  if (found) return found;
  if (name === "python3" && await hasIpykernel(FALLBACK_PYTHON)) return pythonKernelSpec(FALLBACK_PYTHON);
  const searched = (await kernelSpecDirs()).join(", ");
  throw new RuntimeError({
    message: `Cannot find the Jupyter kernel "${name}": no kernelspec in ${searched}` +
      (name === "python3" ? `, and ${FALLBACK_PYTHON} has no ipykernel` : ""),
    hint: INSTALL_HINT,
  });
}

/** True when `python` runs and can import ipykernel. */
export async function hasIpykernel(python: string): Promise<boolean> {
  try {
    const out = await new Deno.Command(python, {
      args: ["-c", "import ipykernel"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** The hint shown when a kernel cannot start for lack of ipykernel. */
export const IPYKERNEL_HINT = INSTALL_HINT;

const prefixes = new Map<string, Promise<string | undefined>>();

function pythonPrefix(python: string): Promise<string | undefined> {
  let p = prefixes.get(python);
  if (!p) {
    p = new Deno.Command(python, {
      args: ["-c", "import sys; print(sys.prefix)"],
      stdout: "piped",
      stderr: "null",
    })
      .output()
      .then((o) => o.success ? new TextDecoder().decode(o.stdout).trim() || undefined : undefined)
      .catch(() => undefined);
    prefixes.set(python, p);
  }
  return p;
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
