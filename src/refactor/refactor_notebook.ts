import { SpecError, UsageError } from "../errors/mod.ts";
import { parseTaskSourceText, type SourceFormat } from "../source/mod.ts";
import { atomicWrite, exists, path } from "../util/mod.ts";
import { analyzeSections } from "./analyze.ts";
import { planPipeline } from "./plan.ts";
import { renderPipelineTs, renderPipelineYaml, taskSourcePath } from "./render_pipeline.ts";
import { renderTask } from "./render_task.ts";
import { singleSection, splitSections } from "./sections.ts";
import type { DfFormat, PipelinePlan, PlannedTask } from "./types.ts";

/** Options for {@link refactorNotebook} and {@link refactorFiles}. */
export interface RefactorOptions {
  /** Folder that receives the pipeline (default: the notebook's folder, so its relative paths still work). */
  outDir?: string;
  /** The Python whose `ast` analyses the code (default `/usr/bin/python3`). */
  python?: string;
  /** Format of the task sources (default `py`, percent format). */
  fileFormat?: SourceFormat;
  /** `yaml` writes `pipeline.yaml` (default); `ts` writes `pipeline.ts`. */
  pipelineFormat?: "yaml" | "ts";
  /** Folder of the products inside the pipeline (default `output`). */
  productPrefix?: string;
  /** How pandas DataFrames passed between tasks are saved (default `pickle`: everything is pickled). */
  dfFormat?: DfFormat;
  /** One task for the whole notebook. */
  singleTask?: boolean;
  /** Overwrite existing files. */
  force?: boolean;
  /** Specifier of plait's `mod.ts` for `pipeline.ts` (default: relative path from `outDir` to this copy). */
  plaitModule?: string;
}

/** What {@link refactorFiles} would write. */
export interface RefactorFiles {
  /** Absolute output folder. */
  outDir: string;
  plan: PipelinePlan;
  /** File contents by path relative to `outDir`. */
  files: Record<string, string>;
}

/**
 * Reads a notebook (`.ipynb`, or a percent-format `.py`), splits it at its `## ` headings, analyses
 * the variable flow with Python's `ast`, and returns the pipeline's files without writing them.
 * Throws a {@link SpecError} listing every problem with its cell and line.
 *
 * @example
 * ```ts ignore
 * const { files } = await refactorFiles("analysis.ipynb");
 * Object.keys(files); // ["tasks/load.py", "tasks/fit.py", "exported.py", "pipeline.yaml"]
 * ```
 */
export async function refactorFiles(notebook: string, options: RefactorOptions = {}): Promise<RefactorFiles> {
  const display = path.displayPath(path.resolve(notebook));
  const source = parseTaskSourceText(await readNotebook(notebook, display), display);
  const outDir = path.resolve(options.outDir ?? path.dirname(path.resolve(notebook)));
  const plan = await makePlan(source.cells, display, options);
  await checkDfFormat(options.dfFormat ?? "pickle", options.python ?? "/usr/bin/python3");
  const format = options.fileFormat ?? "py";
  const productOptions = {
    productPrefix: options.productPrefix ?? "output",
    dfFormat: options.dfFormat ?? "pickle",
  };
  const files: Record<string, string> = {};
  for (const task of plan.tasks) {
    files[taskSourcePath(task, format)] = renderTask(task, { format, ...productOptions });
  }
  if (plan.exported !== undefined) files["exported.py"] = plan.exported;
  if (options.pipelineFormat === "ts") {
    const mod = options.plaitModule ?? plaitModuleFrom(outDir);
    files["pipeline.ts"] = renderPipelineTs(plan.tasks, format, productOptions, mod);
  } else files["pipeline.yaml"] = renderPipelineYaml(plan.tasks, format, productOptions);
  return { outDir, plan, files };
}

/**
 * Refactors a notebook into a pipeline and writes it (see {@link refactorFiles}). Refuses to
 * overwrite any existing file, naming them all, unless `force` is set.
 *
 * @example
 * ```ts ignore
 * const result = await refactorNotebook("analysis.ipynb", { fileFormat: "ipynb" });
 * result.plan.tasks.map((t) => t.name); // ["load", "clean", "fit"]
 * ```
 */
export async function refactorNotebook(
  notebook: string,
  options: RefactorOptions = {},
): Promise<RefactorFiles> {
  const result = await refactorFiles(notebook, options);
  const targets = Object.keys(result.files).map((f) => path.join(result.outDir, f));
  if (!options.force) {
    const existing = (await Promise.all(targets.map(async (t) => (await exists(t)) ? t : ""))).filter(
      Boolean,
    );
    if (existing.length) {
      throw new UsageError({
        message: `Cannot refactor "${path.displayPath(path.resolve(notebook))}": it would overwrite ${
          existing.map((f) => path.displayPath(f)).join(", ")
        }`,
        hint: "pass --force to overwrite them, or --output DIR to write the pipeline elsewhere",
      });
    }
  }
  for (const [file, text] of Object.entries(result.files)) {
    await atomicWrite(path.join(result.outDir, file), text);
  }
  return result;
}

async function makePlan(cells: Parameters<typeof splitSections>[0], file: string, options: RefactorOptions) {
  if (options.singleTask) {
    const section = singleSection(cells, path.basename(file).replace(/\.[^.]*$/, ""));
    const task: PlannedTask = {
      ...section,
      upstream: [],
      inputs: [],
      outputs: [],
      imports: [],
      exported: [],
      cells: section.cells.map((c) => c.cell),
    };
    return { tasks: [task] };
  }
  const sections = splitSections(cells);
  if (sections.length === 0) {
    throw new SpecError({
      location: { file },
      message: `Cannot refactor "${file}": it has no "## " (H2) markdown heading to split it at`,
      hint: "add a markdown cell starting with `## Step name` where each step begins, or pass --single-task",
    });
  }
  return planPipeline(sections, await analyzeSections(sections, { python: options.python }), file);
}

/**
 * The pipeline must build with the Python that analysed it: csv and parquet need pandas there, and
 * parquet also pyarrow or fastparquet. Checked now, so the refactor fails clearly, not the build later.
 */
async function checkDfFormat(format: DfFormat, python: string): Promise<void> {
  if (format === "pickle") return;
  const needs = format === "parquet" ? [["pandas"], ["pyarrow", "fastparquet"]] : [["pandas"]];
  const probe = "import importlib.util as u, sys\n" +
    `groups = ${JSON.stringify(needs)}\n` +
    "missing = [' or '.join(g) for g in groups if not any(u.find_spec(m) for m in g)]\n" +
    "print(', '.join(missing))";
  let missing: string;
  try {
    const out = await new Deno.Command(python, { args: ["-c", probe], stdout: "piped", stderr: "null" })
      .output();
    missing = new TextDecoder().decode(out.stdout).trim();
  } catch {
    return; // no such Python: the analysis has already said so
  }
  if (!missing) return;
  const first = missing.split(/[ ,]/)[0];
  const instead = format === "parquet" && !missing.includes("pandas") ? "csv or pickle" : "pickle";
  throw new UsageError({
    message: `Cannot save DataFrames as ${format}: ${python} has no ${missing}`,
    hint: `install ${first} for that Python (pip install ${first}), ` +
      `point --python at one that has it, or pass --df-format ${instead}`,
  });
}

async function readNotebook(notebook: string, display: string): Promise<string> {
  try {
    return await Deno.readTextFile(notebook);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new UsageError({ message: `Cannot refactor "${display}": no such file` });
  }
}

/** How a `pipeline.ts` in `outDir` imports this copy of plait's `mod.ts`. */
export function plaitModuleFrom(outDir: string): string {
  const url = new URL("../../mod.ts", import.meta.url);
  if (url.protocol !== "file:") return url.href;
  const rel = path.relative(outDir, path.fromFileUrl(url));
  return rel.startsWith(".") ? rel : `./${rel}`;
}
