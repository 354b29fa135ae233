import { splitText } from "./_ipynb.ts";
import type { Notebook, SourceCell } from "./types.ts";
import { serializeNotebook } from "./notebook.ts";

/** Options for {@link renderIpynbSource}. */
export interface RenderIpynbOptions {
  /** Kernel name for `metadata.kernelspec` (default `python3`). */
  kernelName?: string;
}

function markerFor(cell: SourceCell): string {
  let marker = "# %%";
  if (cell.cellType !== "code") marker += cell.cellType === "raw" ? " [raw]" : " [markdown]";
  const { title, ...rest } = cell.metadata;
  if (typeof title === "string" && title) marker += ` ${title}`;
  const meta: Record<string, unknown> = cell.tags.length ? { tags: cell.tags, ...rest } : rest;
  for (const [k, v] of Object.entries(meta)) marker += ` ${k}=${JSON.stringify(v)}`;
  return marker;
}

/**
 * Renders cells as a percent-format `.py` script, cells separated by a blank line; markdown and
 * raw lines are commented with `# `. Parsing the result gives the same cells back.
 *
 * @example
 * ```ts
 * import { renderPercentSource } from "./mod.ts";
 * const py = renderPercentSource([
 *   { cellType: "markdown", source: "# Load", tags: [], metadata: {}, line: 1 },
 *   { cellType: "code", source: "upstream = None", tags: ["parameters"], metadata: {}, line: 1 },
 * ]);
 * if (py !== '# %% [markdown]\n# # Load\n\n# %% tags=["parameters"]\nupstream = None\n') throw new Error(py);
 * ```
 */
export function renderPercentSource(cells: SourceCell[]): string {
  const blocks = cells.map((cell) => {
    const body = cell.cellType === "code"
      ? cell.source
      : cell.source.split("\n").map((l) => (l === "" ? "#" : `# ${l}`)).join("\n");
    return body === "" ? markerFor(cell) : `${markerFor(cell)}\n${body}`;
  });
  return blocks.length ? blocks.join("\n\n") + "\n" : "";
}

/**
 * Renders cells as an unexecuted `.ipynb` (nbformat 4.5, ids `cell-<index>`, Jupyter's layout).
 *
 * @example
 * ```ts
 * import { renderIpynbSource } from "./mod.ts";
 * const text = renderIpynbSource([{ cellType: "code", source: "x = 1", tags: ["parameters"], metadata: {}, line: 1 }]);
 * if (JSON.parse(text).cells[0].metadata.tags[0] !== "parameters") throw new Error(text);
 * ```
 */
export function renderIpynbSource(cells: SourceCell[], options: RenderIpynbOptions = {}): string {
  const kernelName = options.kernelName ?? "python3";
  const nb: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        display_name: kernelName === "python3" ? "Python 3" : kernelName,
        language: "python",
        name: kernelName,
      },
      language_info: { name: "python" },
    },
    cells: cells.map((cell, i) => {
      const metadata: Record<string, unknown> = { ...cell.metadata };
      if (cell.tags.length) metadata.tags = cell.tags;
      const base = { id: `cell-${i}`, metadata, source: splitText(cell.source) };
      return cell.cellType === "code"
        ? { cell_type: "code" as const, execution_count: null, ...base, outputs: [] }
        : { cell_type: cell.cellType, ...base };
    }),
  };
  return serializeNotebook(nb);
}
