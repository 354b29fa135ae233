import { SpecError } from "../errors/mod.ts";
import { path as paths } from "../util/mod.ts";
import { decodeSource } from "./_decode.ts";
import { parseIpynb } from "./_ipynb.ts";
import { scanPercent } from "./_percent.ts";
import { PARAMETERS_TAG, type SourceCell, type SourceFormat, type TaskSource } from "./types.ts";

/** The source format a path's extension implies, or throws a located {@link SpecError}. */
export function sourceFormatOf(path: string): SourceFormat {
  const ext = paths.extname(path);
  if (ext.toLowerCase() === ".py") return "py";
  if (ext.toLowerCase() === ".ipynb") return "ipynb";
  throw new SpecError({
    location: { file: path },
    message: `Cannot read task source "${path}": unsupported extension "${ext}"`,
    hint: "task sources are percent-format .py scripts or .ipynb notebooks",
  });
}

/**
 * Reads a percent-format `.py` or an `.ipynb` task source into cells.
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
    const script = scanPercent(text);
    cells = script.spans.map((s) => s.cell);
    kernelName = script.kernelName;
  } else {
    ({ cells, kernelName } = parseIpynb(text, path));
  }
  const parametersIndex = cells.findIndex((c) => c.cellType === "code" && c.tags.includes(PARAMETERS_TAG));
  const out: TaskSource = { path, format, cells, parametersIndex };
  if (kernelName !== undefined) out.kernelName = kernelName;
  return out;
}
