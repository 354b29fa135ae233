import type { SourceCell } from "../source/mod.ts";

/** How a task saves the variables later tasks read: pickle, or pandas DataFrames as parquet/csv. */
export type DfFormat = "pickle" | "parquet" | "csv";

/** A notebook cell with its 1-based position among all the notebook's cells. */
export interface NumberedCell {
  /** 1-based index among all cells (markdown included), as a user counts them. */
  number: number;
  cell: SourceCell;
}

/** A run of cells that becomes one task: from one `## ` heading to the next. */
export interface Section {
  /** Task name derived from the heading (unique, lower case, `-` separated). */
  name: string;
  /** The heading's text, or the notebook's name for a single task. */
  heading: string;
  cells: NumberedCell[];
}

/** An import statement binding one name. */
export interface ImportRecord {
  cell: number;
  line: number;
  names: string[];
  /** `import numpy as np`; empty for an import nested in a block (left in place). */
  text: string;
  movable: boolean;
}

/** A top-level function or class definition, moved to `exported.py`. */
export interface DefRecord {
  name: string;
  kind: "function" | "class";
  cell: number;
  line: number;
  text: string;
  /** Global names it reads (imports, other definitions, builtins). */
  reads: string[];
}

/** Where a section first reads a variable it does not define before. */
export interface ReadRecord {
  name: string;
  cell: number;
  line: number;
  col: number;
}

/** Variable flow of one section. */
export interface SectionFlow {
  reads: ReadRecord[];
  /** Data names it assigns or mutates, in order. */
  defines: string[];
  /** Every name it loads (to pick the imports and definitions it needs). */
  uses: string[];
}

/** A located problem found by `analyze.py`. */
export interface AnalysisError {
  cell: number;
  line: number;
  col: number;
  message: string;
  hint: string;
}

/** What `analyze.py` reports for a whole notebook. */
export interface Analysis {
  errors: AnalysisError[];
  /** Per code cell: line ranges (1-based, inclusive) of the imports and definitions moved out. */
  cells: { id: number; remove: [number, number][] }[];
  imports: ImportRecord[];
  defs: DefRecord[];
  /** Keyed by section index. */
  sections: Record<string, SectionFlow>;
  /**
   * Set-up statements of the cells before the first heading that only touch imported modules
   * (`np.random.seed(0)`, `pd.set_option(...)`, `warnings.filterwarnings(...)`): every task repeats them.
   */
  setup: { text: string; names: string[] }[];
}

/** A variable a task loads, and the task that saves it. */
export interface TaskInput {
  name: string;
  from: string;
}

/** One task of the refactored pipeline, ready to render. */
export interface PlannedTask {
  name: string;
  heading: string;
  /** Provider task names, in pipeline order; empty for none. */
  upstream: string[];
  inputs: TaskInput[];
  /** Variables it saves for later tasks. */
  outputs: string[];
  /** Import statements its code uses. */
  imports: string[];
  /** Set-up statements every task repeats after its imports. */
  setup?: string[];
  /** Names it imports from `exported.py`. */
  exported: string[];
  /** The section's own cells, with moved imports and definitions taken out. */
  cells: SourceCell[];
}

/** The whole refactored pipeline before it is written. */
export interface PipelinePlan {
  tasks: PlannedTask[];
  /** Contents of `exported.py`, or undefined when the notebook defines no function or class. */
  exported?: string;
}
