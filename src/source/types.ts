import type { SourceLocation } from "../errors/mod.ts";

/** The on-disk format of a task source. */
export type SourceFormat = "py" | "ipynb";

/** Kind of a notebook cell. */
export type CellType = "code" | "markdown" | "raw";

/** One cell of a task source, whatever its file format. */
export interface SourceCell {
  cellType: CellType;
  /** Cell text; for percent-format markdown cells the `# ` prefixes are removed. */
  source: string;
  /** Tags (`# %% tags=[...]` or `metadata.tags`). */
  tags: string[];
  /** Other cell metadata (for `.ipynb`, the cell's metadata without `tags`). */
  metadata: Record<string, unknown>;
  /** 1-based line in the file where the cell's content starts (1 for `.ipynb`). */
  line: number;
}

/** A task's source file read into cells. */
export interface TaskSource {
  path: string;
  format: SourceFormat;
  cells: SourceCell[];
  /** Index in `cells` of the cell tagged `parameters`, or -1. */
  parametersIndex: number;
  /** `metadata.kernelspec.name` of an `.ipynb`. */
  kernelName?: string;
}

/** What a parameters cell says about `upstream`. */
export type UpstreamDecl =
  | { kind: "none" }
  | { kind: "list"; names: string[] }
  | { kind: "dict"; names: string[] }
  | { kind: "absent" };

/** What a parameters cell declares. */
export interface ParametersInfo {
  upstream: UpstreamDecl;
  /** Every top-level assigned name, in order of first assignment. */
  names: string[];
  /** Literal defaults that could be evaluated statically. */
  defaults: Record<string, unknown>;
}

/** Result of {@link extractUpstream}. */
export interface UpstreamInfo {
  upstream: UpstreamDecl;
  /** Where `upstream` is assigned, else the parameters cell, else the file. */
  location: SourceLocation;
  /** Whether the source has a cell tagged `parameters`. */
  parametersCell: boolean;
}

/**
 * One static import. `module` is written as in the code, relative dots included:
 * `import a.b` -> `{module: "a.b", level: 0, names: []}`,
 * `from ..x import y` -> `{module: "..x", level: 2, names: ["y"]}`,
 * `from . import x` -> `{module: ".", level: 1, names: ["x"]}`.
 */
export interface PythonImport {
  module: string;
  /** Number of leading dots (0 = absolute). */
  level: number;
  /** Imported names of a `from` import (`*` for a star import); empty for `import a.b`. */
  names: string[];
}

/** An nbformat v4 output (stream, display_data, execute_result, error). */
export type NotebookOutput = Record<string, unknown>;

/** A cell as it was executed, ready to go into a notebook product. */
export type ExecutedCell = SourceCell & {
  outputs?: NotebookOutput[];
  executionCount?: number | null;
  startedAt?: Date;
  endedAt?: Date;
};

/** An nbformat v4 cell as stored in JSON. */
export interface NotebookCell {
  id?: string;
  cell_type: CellType;
  metadata: Record<string, unknown>;
  source: string | string[];
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
}

/** An nbformat v4 notebook as stored in JSON. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** Metadata for {@link buildNotebook}. */
export interface BuildNotebookMeta {
  kernelName: string;
  language?: string;
  languageVersion?: string;
  taskName?: string;
  params?: Record<string, unknown>;
}

/** The tag of the cell holding a task's parameter defaults. */
export const PARAMETERS_TAG = "parameters";
/** The tag of the cell plait (and papermill) injects with the actual parameter values. */
export const INJECTED_TAG = "injected-parameters";
