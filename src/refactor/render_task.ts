import {
  INJECTED_TAG,
  PARAMETERS_TAG,
  renderIpynbSource,
  renderPercentSource,
  type SourceCell,
  type SourceFormat,
} from "../source/mod.ts";
import type { DfFormat, PlannedTask } from "./types.ts";

/** Options for {@link renderTask}. */
export interface RenderTaskOptions {
  format: SourceFormat;
  dfFormat: DfFormat;
}

function code(source: string, tags: string[] = []): SourceCell {
  return { cellType: "code", source, tags, metadata: {}, line: 1 };
}

/**
 * The cells of a task's source: its imports, the `parameters` cell (`upstream`, `product`), a cell
 * loading its inputs from upstream products, the section's own cells, and a cell saving its outputs.
 *
 * @example
 * ```ts
 * import { taskCells } from "./mod.ts";
 * const cells = taskCells({
 *   name: "fit", heading: "Fit", upstream: ["load"], inputs: [{ name: "df", from: "load" }], outputs: [],
 *   imports: ["import pandas as pd"], exported: [], cells: [],
 * }, "pickle");
 * if (cells[1].source !== 'upstream = ["load"]\nproduct = None') throw new Error(cells[1].source);
 * ```
 */
export function taskCells(task: PlannedTask, dfFormat: DfFormat): SourceCell[] {
  const cells: SourceCell[] = [];
  const imports = [...task.imports];
  if (task.exported.length) imports.push(`from exported import ${task.exported.join(", ")}`);
  const setup = task.setup?.length ? `\n\n${task.setup.join("\n")}` : "";
  if (imports.length) cells.push(code(imports.join("\n") + setup));
  const upstream = task.upstream.length
    ? `[${task.upstream.map((u) => JSON.stringify(u)).join(", ")}]`
    : "None";
  cells.push(code(`upstream = ${upstream}\nproduct = None`, [PARAMETERS_TAG]));
  if (task.inputs.length) cells.push(code(loadCell(task, dfFormat)));
  for (const cell of task.cells) {
    const tags = cell.tags.filter((t) => t !== PARAMETERS_TAG && t !== INJECTED_TAG);
    cells.push({ cellType: cell.cellType, source: cell.source, tags, metadata: {}, line: 1 });
  }
  if (task.outputs.length) cells.push(code(saveCell(task, dfFormat)));
  return cells;
}

/** The text of a task's source file in the requested format. */
export function renderTask(task: PlannedTask, options: RenderTaskOptions): string {
  const cells = taskCells(task, options.dfFormat);
  return options.format === "ipynb" ? renderIpynbSource(cells) : renderPercentSource(cells);
}

const PANDAS_READ: Record<Exclude<DfFormat, "pickle">, string> = {
  csv: "pd.read_csv(path, index_col=0)",
  parquet: "pd.read_parquet(path)",
};
const PANDAS_WRITE: Record<Exclude<DfFormat, "pickle">, string> = {
  csv: "value.to_csv(path)",
  parquet: "value.to_parquet(path)",
};

/** The imports that open a load or save cell when DataFrames get their own format. */
const PANDAS_IMPORTS = ["import pickle", "from pathlib import Path", "", "import pandas as pd", "", ""];

function loadCell(task: PlannedTask, dfFormat: DfFormat): string {
  const path = (i: { name: string; from: string }) =>
    `upstream[${JSON.stringify(i.from)}][${JSON.stringify(i.name)}]`;
  if (dfFormat === "pickle") {
    const lines = task.inputs.map((i) => `${i.name} = pickle.loads(Path(${path(i)}).read_bytes())`);
    return ["import pickle", "from pathlib import Path", "", ...lines].join("\n");
  }
  return [
    ...PANDAS_IMPORTS,
    "def _plait_load(path):",
    '    """Pickled values start with byte 0x80; anything else is a DataFrame file."""',
    "    with open(path, 'rb') as f:",
    '        if f.read(1) == b"\\x80":',
    "            f.seek(0)",
    "            return pickle.load(f)",
    `    return ${PANDAS_READ[dfFormat]}`,
    "",
    "",
    ...task.inputs.map((i) => `${i.name} = _plait_load(${path(i)})`),
  ].join("\n");
}

function saveCell(task: PlannedTask, dfFormat: DfFormat): string {
  const key = (name: string) => `product[${JSON.stringify(name)}]`;
  if (dfFormat === "pickle") {
    const lines = task.outputs.flatMap((name) => [
      `Path(${key(name)}).parent.mkdir(parents=True, exist_ok=True)`,
      `Path(${key(name)}).write_bytes(pickle.dumps(${name}))`,
    ]);
    return ["import pickle", "from pathlib import Path", "", ...lines].join("\n");
  }
  return [
    ...PANDAS_IMPORTS,
    "def _plait_save(value, path):",
    '    """DataFrames are saved as ' + dfFormat + ', anything else is pickled."""',
    "    Path(path).parent.mkdir(parents=True, exist_ok=True)",
    "    if isinstance(value, pd.DataFrame):",
    `        ${PANDAS_WRITE[dfFormat]}`,
    "    else:",
    "        Path(path).write_bytes(pickle.dumps(value))",
    "",
    "",
    ...task.outputs.map((name) => `_plait_save(${name}, ${key(name)})`),
  ].join("\n");
}
