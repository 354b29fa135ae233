import { SpecError } from "../errors/mod.ts";
import { path as paths } from "../util/mod.ts";
import { decodeSource } from "./_decode.ts";
import { parseIpynb } from "./_ipynb.ts";
import { scanScript } from "./_script.ts";
import { PARAMETERS_TAG, type SourceCell, type SourceFormat, type TaskSource } from "./types.ts";

/** The source format a path's extension implies, or throws a located {@link SpecError}. */
export function sourceFormatOf(path: string): SourceFormat {
  const ext = paths.extname(path);
  if (ext.toLowerCase() === ".py") return "py";
  if (ext.toLowerCase() === ".ipynb") return "ipynb";
  throw new SpecError({
    location: { file: path },
    message: `Cannot read task source "${path}": unsupported extension "${ext}"`,
    hint: "task sources are .py scripts (jupytext percent or light format) or .ipynb notebooks",
  });
}

/**
 * Reads a `.py` (jupytext percent or light format) or an `.ipynb` task source into cells.
 *
 * @example
 * ```ts ignore
 * const src = await readTaskSource("tasks/clean.py");
 * src.cells[src.parametersIndex].source; // 'upstream = ["load"]\nproduct = None'
 * ```
 */
export async function readTaskSource(path: string): Promise<TaskSource> {
  const bytes = await Deno.readFile(path).catch((e) => {
    throw sourceReadError(path, e);
  });
  return parseTaskSourceText(decodeSource(bytes, path), path);
}

/**
 * The text of a task source, read synchronously (sources are small, and a no-op rebuild reads a
 * thousand of them, where an async op's round trip costs more); a missing file is a located
 * {@link SpecError}, and so are bytes that do not decode as Python would read them.
 */
export function readSourceText(path: string): string {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (e) {
    throw sourceReadError(path, e);
  }
  return decodeSource(bytes, path);
}

function sourceReadError(path: string, e: unknown): unknown {
  if (!(e instanceof Deno.errors.NotFound)) return e;
  return new SpecError({
    location: { file: path },
    message: `Cannot read task source "${path}": no such file`,
    hint: "create it (`scaffold` writes missing sources) or fix the task's `source`",
  });
}

/**
 * Parses the text of a task source; the format follows `path`'s extension.
 *
 * @example
 * ```ts
 * import { parseTaskSourceText } from "./mod.ts";
 * const src = parseTaskSourceText('# %% tags=["parameters"]\nupstream = None\n\n# %%\nx = 1\n', "t.py");
 * if (src.parametersIndex !== 0 || src.cells[1].line !== 5) throw new Error("unexpected");
 * ```
 */
export function parseTaskSourceText(text: string, path: string): TaskSource {
  const format = sourceFormatOf(path);
  let cells: SourceCell[];
  let kernelName: string | undefined;
  if (format === "py") {
    const script = scanScript(text, path);
    cells = script.spans.map((s) => s.cell);
    kernelName = script.kernelName;
  } else {
    ({ cells, kernelName } = parseIpynb(text, path));
  }
  const parametersIndex = cells.findIndex((c) => c.cellType === "code" && c.tags.includes(PARAMETERS_TAG));
  if (parametersIndex < 0) assertNoShadowing(cells, path, format);
  const out: TaskSource = { path, format, cells, parametersIndex };
  if (kernelName !== undefined) out.kernelName = kernelName;
  return out;
}

/**
 * Without a parameters cell the injected values come first; a top-level `upstream =` or `product =`
 * later would overwrite them and the task would run with the defaults, silently: a located error.
 */
function assertNoShadowing(cells: SourceCell[], path: string, format: SourceFormat): void {
  for (const cell of cells) {
    if (cell.cellType !== "code") continue;
    const lines = cell.source.split("\n");
    const k = lines.findIndex((l) => /^(upstream|product)\s*(:[^=]*)?=(?!=)/.test(l));
    if (k < 0) continue;
    const name = lines[k].match(/^\w+/)![0];
    throw new SpecError({
      location: format === "py" ? { file: path, line: cell.line + k, col: 1 } : { file: path },
      message:
        `Cannot inject parameters into "${path}": it assigns \`${name}\` but no cell is tagged "parameters", ` +
        "so its value would overwrite the injected one",
      hint: format === "py"
        ? 'mark the cell that declares upstream and product: `# %% tags=["parameters"]` (percent) or ' +
          '`# + tags=["parameters"]` (light)'
        : 'tag the cell that declares upstream and product "parameters" (View > Cell Toolbar > Tags in Jupyter)',
    });
  }
}
