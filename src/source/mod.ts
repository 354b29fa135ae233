/**
 * Task sources: `.py` scripts (jupytext percent or light format) and `.ipynb` notebooks read into cells, the
 * `parameters` cell (upstream extraction), the code fingerprint text, static imports (remembered by
 * content in the project's analysis memo, so a no-op rebuild parses nothing), the
 * injected-parameters cell, and executed-notebook products (nbformat 4).
 *
 * @example
 * ```ts
 * import { loadPythonGrammar, parseParametersCell, parseTaskSourceText } from "./mod.ts";
 * await loadPythonGrammar(); // once, before the synchronous functions that parse Python
 * const src = parseTaskSourceText('# %% tags=["parameters"]\nupstream = ["load"]\n', "tasks/clean.py");
 * const info = parseParametersCell(src.cells[src.parametersIndex], src.path);
 * if (info.upstream.kind !== "list" || info.upstream.names[0] !== "load") throw new Error("unexpected");
 * ```
 *
 * @module
 */
export {
  type BuildNotebookMeta,
  type CellType,
  type ExecutedCell,
  INJECTED_TAG,
  type Notebook,
  type NotebookCell,
  type NotebookOutput,
  PARAMETERS_TAG,
  type ParametersInfo,
  type PythonImport,
  type SourceCell,
  type SourceFormat,
  type TaskSource,
  type UpstreamDecl,
  type UpstreamInfo,
} from "./types.ts";
export { parseTaskSourceText, readSourceText, readTaskSource, sourceFormatOf } from "./read_task_source.ts";
export { type RenderIpynbOptions, renderIpynbSource, renderPercentSource } from "./render_source.ts";
export { extractUpstream, parseParametersCell } from "./parameters.ts";
export { loadPythonGrammar } from "./_python.ts";
export {
  type CodeFacts,
  type CodeFactsOptions,
  readCodeFacts,
  readUpstream,
  sourceMemo,
} from "./source_facts.ts";
export { codeText } from "./code_text.ts";
export { type FunctionUpstream, functionUpstream, readFunctionUpstream } from "./function_upstream.ts";
export { docSummary, functionDocstring, sourceDoc } from "./doc.ts";
export { findImports, type ImportCandidateOptions, importCandidatePaths } from "./imports.ts";
export { pythonLiteral } from "./python_literal.ts";
export { buildExecutionCells, injectedCellSource } from "./injected_cell.ts";
export { injectIntoFile, removeInjectedFromFile } from "./inject_file.ts";
export { buildNotebook, notebookContentHash, serializeNotebook } from "./notebook.ts";
