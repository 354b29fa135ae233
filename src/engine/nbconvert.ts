import type { Task } from "../graph/mod.ts";
import type { Kernel } from "../kernel/mod.ts";
import type { TaskFailure } from "../scheduler/mod.ts";
import { extname } from "../util/path.ts";

/** Ploomber's mapping from a notebook product's extension to an nbconvert exporter. */
const EXPORTER_OF_EXTENSION: Readonly<Record<string, string>> = {
  ".md": "markdown",
  ".html": "html",
  ".tex": "latex",
  ".pdf": "pdf",
  ".rst": "rst",
};

/** How an executed notebook becomes its product: written as `.ipynb`, or converted by nbconvert. */
export type Conversion =
  | { kind: "ipynb" }
  | { kind: "nbconvert"; exporter: string; kwargs: Record<string, unknown> };

/** How `task`'s notebook product at `path` is written, or the failure that says why it cannot be. */
export function conversionOf(task: Task, path: string): Conversion | { failure: TaskFailure } {
  const ext = extname(path).toLowerCase();
  const named = task.nbconvert?.exporter;
  const exporter = named ?? EXPORTER_OF_EXTENSION[ext];
  if (exporter === "ipynb" || exporter === "notebook" || (named === undefined && ext === ".ipynb")) {
    return { kind: "ipynb" };
  }
  if (!exporter) {
    return {
      failure: {
        message: `Cannot write notebook product "${path}": no nbconvert exporter for the extension "${ext}"`,
        traceback: [
          `hint: use one of ${[".ipynb", ...Object.keys(EXPORTER_OF_EXTENSION)].join(", ")}, ` +
          "or name an exporter with nbconvert_exporter_name",
        ],
      },
    };
  }
  return { kind: "nbconvert", exporter, kwargs: { ...task.nbconvert?.kwargs } };
}

/**
 * Python that says what a conversion with exporter `sys.argv[1]` lacks, as one line of JSON. It
 * imports nbconvert (0.6 s) only to look up an exporter that is not one of nbconvert's own.
 */
const CHECK_PY = `
import importlib.util, json, shutil, sys
name = sys.argv[1]
if importlib.util.find_spec("nbconvert") is None:
    print(json.dumps({"missing": ["nbconvert"]})); sys.exit()
builtin = {"asciidoc", "custom", "html", "latex", "markdown", "notebook", "pdf", "python", "rst", "script",
           "slides", "webpdf"}
if name not in builtin:
    import nbconvert
    try:
        nbconvert.get_exporter(name)
    except Exception:
        print(json.dumps({"unknown": sorted(nbconvert.get_export_names())})); sys.exit()
need = {"pdf": ["xelatex", "pandoc"], "latex": ["pandoc"]}.get(name, [])
missing = [t for t in need if shutil.which(t) is None]
if name == "webpdf" and not any(importlib.util.find_spec(m) for m in ("playwright", "pyppeteer")):
    missing.append("playwright")
print(json.dumps({"missing": missing}))
`;

/** What to install for each missing piece. */
const INSTALL: Readonly<Record<string, string>> = {
  nbconvert: "nbconvert (Debian: apt-get install python3-nbconvert; elsewhere: pip install nbconvert)",
  xelatex:
    "XeLaTeX (Debian: apt-get install texlive-xetex texlive-fonts-recommended texlive-plain-generic), " +
    "or convert without TeX: nbconvert_exporter_name: webpdf",
  pandoc: "pandoc (Debian: apt-get install pandoc)",
  playwright: "playwright and its Chromium (pip install 'nbconvert[webpdf]'; playwright install chromium)",
};

const checked = new Set<string>();

/**
 * Checks, before a task runs, that the kernel's Python can do `conv` (nbconvert importable, the
 * exporter known, its toolchain installed): one `python -c` per interpreter and exporter in this
 * process (successes are remembered, failures are asked again). Returns the failure naming what to install.
 */
export async function checkConversion(
  python: string,
  conv: { exporter: string },
  path: string,
): Promise<TaskFailure | undefined> {
  const key = `${python}\0${conv.exporter}`;
  if (checked.has(key)) return undefined;
  const out = await new Deno.Command(python, { args: ["-c", CHECK_PY, conv.exporter], stdout: "piped" })
    .output();
  const said = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").pop() || "{}") as {
    missing?: string[];
    unknown?: string[];
  };
  const head = `Cannot convert the notebook to "${path}" with nbconvert's "${conv.exporter}" exporter`;
  if (said.unknown) {
    return {
      message: `${head}: no such exporter`,
      traceback: [`hint: nbconvert_exporter_name is one of ${said.unknown.join(", ")}`],
    };
  }
  if (!out.success || !said.missing) {
    return { message: `${head}: ${python} could not be asked what it has (exit code ${out.code})` };
  }
  if (said.missing.length) {
    return {
      message: `${head}: ${said.missing.join(" and ")} ${said.missing.length > 1 ? "are" : "is"} missing ` +
        `for the kernel's Python (${python})`,
      traceback: said.missing.map((m) => `hint: install ${INSTALL[m] ?? m}`),
    };
  }
  checked.add(key);
  return undefined;
}

/** Python that converts notebook `src` to `dst` with an exporter and its kwargs, writing `dst` atomically. */
function convertPy(args: { src: string; dst: string; exporter: string; kwargs: Record<string, unknown> }) {
  return `def __plait_convert(a):
    import os, nbformat, nbconvert
    from traitlets.config import Config
    nb = nbformat.read(a["src"], as_version=4)
    kwargs = dict(a["kwargs"])
    if isinstance(kwargs.get("config"), dict):
        kwargs["config"] = Config(kwargs["config"])
    body, _ = nbconvert.export(nbconvert.get_exporter(a["exporter"]), nb, **kwargs)
    tmp = a["dst"] + ".plait-tmp"
    with open(tmp, "wb") as f:
        f.write(body.encode("utf-8") if isinstance(body, str) else body)
    os.replace(tmp, a["dst"])
try:
    __plait_convert(__import__("json").loads(${JSON.stringify(JSON.stringify(args))}))
finally:
    del __plait_convert
`;
}

/** Options for {@link convertNotebook}. */
export interface ConvertOptions {
  /** The task's kernel, when it is still alive: the conversion runs there (no extra process). */
  kernel?: Kernel;
  /** The kernel's interpreter, for a one-off process when the kernel is gone. */
  python: string;
  signal?: AbortSignal;
}

/**
 * Converts the executed notebook `nbJson` to `dst` (absolute) with nbconvert, in the task's kernel
 * after its last cell, or in a one-off process of the same interpreter when the kernel has died.
 */
export async function convertNotebook(
  nbJson: string,
  dst: string,
  conv: { exporter: string; kwargs: Record<string, unknown> },
  opts: ConvertOptions,
): Promise<TaskFailure | undefined> {
  const src = await Deno.makeTempFile({ prefix: "plait_nb_", suffix: ".ipynb" });
  try {
    await Deno.writeTextFile(src, nbJson);
    const code = convertPy({ src, dst, ...conv });
    const head = `Cannot convert the notebook to "${dst}" (nbconvert "${conv.exporter}")`;
    if (opts.kernel) {
      try {
        const reply = await opts.kernel.execute(code, { signal: opts.signal });
        if (reply.status === "ok") return undefined;
        const e = reply.error;
        return { message: `${head}: ${e ? `${e.ename}: ${e.evalue}` : "aborted"}`, ...e };
      } catch {
        // The kernel died meanwhile: convert in a process of its own below.
      }
    }
    const out = await new Deno.Command(opts.python, { args: ["-c", code], stdout: "null", stderr: "piped" })
      .output();
    if (out.success) return undefined;
    const lines = new TextDecoder().decode(out.stderr).trim().split("\n");
    return { message: `${head}: ${lines.at(-1)}`, traceback: lines };
  } finally {
    await Deno.remove(src).catch(() => {});
  }
}
