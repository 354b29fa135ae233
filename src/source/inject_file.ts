import { SpecError } from "../errors/mod.ts";
import { atomicWrite } from "../util/mod.ts";
import { parseIpynb, splitText } from "./_ipynb.ts";
import { cellsLayout } from "./_json_spans.ts";
import { scanScript } from "./_script.ts";
import { injectedCellSource } from "./injected_cell.ts";
import { sourceFormatOf } from "./read_task_source.ts";
import { INJECTED_TAG, PARAMETERS_TAG } from "./types.ts";

/**
 * Writes the injected-parameters cell into a source file (for interactive work in Jupyter), right
 * after the cell tagged `parameters`, replacing an earlier injected cell. The rest of the file is
 * kept byte for byte, so {@link removeInjectedFromFile} restores the original exactly.
 * `trailer` holds Python lines that follow the assignments (see `injectedCellSource`).
 * Returns whether the file changed.
 *
 * @example
 * ```ts ignore
 * await injectIntoFile("tasks/fit.py", { upstream: { clean: "output/clean.csv" }, product: "output/fit.ipynb" });
 * ```
 */
export async function injectIntoFile(
  path: string,
  values: Record<string, unknown>,
  trailer = "",
): Promise<boolean> {
  const text = await Deno.readTextFile(path);
  const code = injectedCellSource(values, trailer);
  const out = sourceFormatOf(path) === "py" ? injectScript(text, code, path) : injectIpynb(text, code, path);
  if (out === text) return false;
  await atomicWrite(path, out);
  return true;
}

/**
 * Removes the injected-parameters cell(s) from a source file. Returns whether the file changed.
 *
 * @example
 * ```ts ignore
 * await removeInjectedFromFile("tasks/fit.py"); // true when there was a cell to remove
 * ```
 */
export async function removeInjectedFromFile(path: string): Promise<boolean> {
  const text = await Deno.readTextFile(path);
  const out = sourceFormatOf(path) === "py" ? removeScript(text, path) : removeIpynb(text, path);
  if (out === text) return false;
  await atomicWrite(path, out);
  return true;
}

function noParameters(path: string): SpecError {
  return new SpecError({
    location: { file: path },
    message: `Cannot inject parameters into "${path}": no cell is tagged "parameters"`,
    hint: path.endsWith(".py")
      ? 'add a line `# %% tags=["parameters"]` (or `# + tags=["parameters"]` in the light format) above the cell ' +
        "that declares upstream and product"
      : 'tag a cell "parameters" (View > Cell Toolbar > Tags in Jupyter)',
  });
}

function eolOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

function removeScript(text: string, path: string): string {
  for (;;) {
    const spans = scanScript(text, path).spans;
    const k = spans.findIndex((s) => s.markerStart >= 0 && s.cell.tags.includes(INJECTED_TAG));
    if (k < 0) return text;
    const span = spans[k];
    if (k < spans.length - 1) text = text.slice(0, span.markerStart) + text.slice(span.end);
    else {
      const eol = eolOf(text);
      const cut = text.slice(0, span.markerStart).endsWith(eol)
        ? span.markerStart - eol.length
        : span.markerStart;
      text = text.slice(0, cut);
    }
  }
}

function injectScript(original: string, code: string, path: string): string {
  const text = removeScript(original, path);
  const { spans, format } = scanScript(text, path);
  const p = spans.findIndex((s) => s.cell.cellType === "code" && s.cell.tags.includes(PARAMETERS_TAG));
  if (p < 0) throw noParameters(path);
  const eol = eolOf(text);
  const body = code.replace(/\n/g, eol);
  // A light-format cell is closed with `# -`, so the cell after it keeps its own start.
  const block = format === "percent"
    ? `# %% tags=["${INJECTED_TAG}"]${eol}${body}`
    : `# + tags=["${INJECTED_TAG}"]${eol}${body}${body.endsWith(eol) ? "" : eol}# -`;
  if (p < spans.length - 1) {
    const at = spans[p].end;
    return text.slice(0, at) + block + eol + text.slice(at);
  }
  return text + eol + block;
}

function layoutOf(text: string, path: string) {
  const layout = cellsLayout(text);
  if (!layout) {
    throw new SpecError({
      location: { file: path },
      message: `Cannot rewrite notebook "${path}": no "cells" array found`,
      hint: "open it in Jupyter and save it again",
    });
  }
  return layout;
}

function removeIpynb(text: string, path: string): string {
  for (;;) {
    const { cells } = parseIpynb(text, path);
    const k = cells.findIndex((c) => c.tags.includes(INJECTED_TAG));
    if (k < 0) return text;
    const { spans } = layoutOf(text, path);
    if (k > 0) text = text.slice(0, spans[k - 1].end) + text.slice(spans[k].end);
    else if (spans.length > 1) text = text.slice(0, spans[0].start) + text.slice(spans[1].start);
    else text = text.slice(0, spans[0].start) + text.slice(spans[0].end);
  }
}

function injectIpynb(original: string, code: string, path: string): string {
  const text = removeIpynb(original, path);
  const { cells, json } = parseIpynb(text, path);
  const p = cells.findIndex((c) => c.cellType === "code" && c.tags.includes(PARAMETERS_TAG));
  if (p < 0) throw noParameters(path);
  const { spans, unit } = layoutOf(text, path);
  const at = spans[p].end;
  const lineStart = text.lastIndexOf("\n", spans[p].start) + 1;
  const indent = text.slice(lineStart, spans[p].start).match(/^[ \t]*/)![0];
  const cell: Record<string, unknown> = { cell_type: "code", execution_count: null };
  if (typeof json.nbformat_minor === "number" && json.nbformat_minor >= 5) cell.id = INJECTED_TAG;
  Object.assign(cell, { metadata: { tags: [INJECTED_TAG] }, outputs: [], source: splitText(code) });
  const eol = eolOf(text);
  const rendered = JSON.stringify(cell, null, unit).split("\n").join(eol + indent);
  return text.slice(0, at) + "," + eol + indent + rendered + text.slice(at);
}
