import { assertPythonIdentifier, pythonLiteral } from "./python_literal.ts";
import { INJECTED_TAG, PARAMETERS_TAG, type SourceCell, type TaskSource } from "./types.ts";

/**
 * Python source of the injected-parameters cell, as papermill writes it: `# Parameters`, then one
 * assignment a line, in the order of `values`, then `trailer` (Python lines computing further
 * values, such as a param that calls a function).
 *
 * @example
 * ```ts
 * import { injectedCellSource } from "./mod.ts";
 * const src = injectedCellSource({ upstream: { load: "output/raw.csv" }, n: 5, flag: false });
 * if (src !== '# Parameters\nupstream = {"load": "output/raw.csv"}\nn = 5\nflag = False\n') throw new Error(src);
 * ```
 */
export function injectedCellSource(values: Record<string, unknown>, trailer = ""): string {
  let out = "# Parameters\n";
  for (const [name, value] of Object.entries(values)) {
    assertPythonIdentifier(name);
    out += `${name} = ${pythonLiteral(value)}\n`;
  }
  if (trailer) out += trailer.endsWith("\n") ? trailer : `${trailer}\n`;
  return out;
}

/**
 * The cells to execute: the source's cells with any old injected-parameters cell dropped and a
 * fresh one (tagged `injected-parameters`, `line` 0 as it is not in the file) right after the
 * `parameters` cell, or first when there is none.
 *
 * @example
 * ```ts
 * import { buildExecutionCells, parseTaskSourceText } from "./mod.ts";
 * const src = parseTaskSourceText('# %% tags=["parameters"]\nupstream = None\n# %%\nprint(1)\n', "t.py");
 * const cells = buildExecutionCells(src, { product: "out.ipynb" });
 * if (cells[1].tags[0] !== "injected-parameters") throw new Error("unexpected");
 * ```
 */
export function buildExecutionCells(
  source: TaskSource,
  values: Record<string, unknown>,
  trailer = "",
): SourceCell[] {
  const cells = source.cells.filter((c) => !c.tags.includes(INJECTED_TAG));
  const params = cells.findIndex((c) => c.cellType === "code" && c.tags.includes(PARAMETERS_TAG));
  const injected: SourceCell = {
    cellType: "code",
    source: injectedCellSource(values, trailer).replace(/\n$/, ""),
    tags: [INJECTED_TAG],
    metadata: {},
    line: 0,
  };
  cells.splice(params + 1, 0, injected);
  return cells;
}
