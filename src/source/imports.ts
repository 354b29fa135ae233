import { path } from "../util/mod.ts";
import { childrenOf, parsePython } from "./_python.ts";
import type { PythonImport } from "./types.ts";
import type { SyntaxNode } from "../deps_python.ts";

/**
 * Every static import in Python code, at any nesting (inside functions, `try`, `if`), in source
 * order. `import a, b.c` gives one entry per module. Needs the Python grammar loaded (`await loadPythonGrammar()`).
 *
 * @example
 * ```ts
 * import { findImports, loadPythonGrammar } from "./mod.ts";
 * await loadPythonGrammar();
 * const found = findImports("import numpy as np\nfrom .utils import clean, load\n");
 * // [{ module: "numpy", level: 0, names: [] }, { module: ".utils", level: 1, names: ["clean", "load"] }]
 * if (found[1].level !== 1 || found[1].names.length !== 2) throw new Error("unexpected");
 * ```
 */
export function findImports(code: string): PythonImport[] {
  const out: PythonImport[] = [];
  parsePython(code).iterate({
    enter(node) {
      if (node.name !== "ImportStatement") return;
      const kids = childrenOf(node.node);
      if (kids[0]?.name === "from") out.push(fromImport(kids, code));
      else out.push(...plainImports(kids, code));
      return false;
    },
  });
  return out;
}

function text(node: SyntaxNode, code: string): string {
  return code.slice(node.from, node.to);
}

/** `import a.b as c, d` */
function plainImports(kids: SyntaxNode[], code: string): PythonImport[] {
  const out: PythonImport[] = [];
  let dotted = "";
  let alias = false;
  const flush = () => {
    if (dotted) out.push({ module: dotted, level: 0, names: [] });
    dotted = "";
    alias = false;
  };
  for (const k of kids.slice(1)) {
    if (k.name === ",") flush();
    else if (k.name === "as") alias = true;
    else if (!alias && (k.name === "VariableName" || k.name === ".")) dotted += text(k, code);
  }
  flush();
  return out;
}

/** `from ..a.b import (c as d, e)` and `from . import *` */
function fromImport(kids: SyntaxNode[], code: string): PythonImport {
  let module = "";
  let i = 1;
  for (; i < kids.length && kids[i].name !== "import"; i++) module += text(kids[i], code);
  const level = /^\.*/.exec(module)![0].length;
  const names: string[] = [];
  let afterAs = false;
  for (const k of kids.slice(i + 1)) {
    if (k.name === "as") afterAs = true;
    else if (k.name === "VariableName" || k.name === "*") {
      if (!afterAs) names.push(text(k, code));
      afterAs = false;
    }
  }
  return { module, level, names };
}

/** Options for {@link importCandidatePaths}. */
export interface ImportCandidateOptions {
  /** Folder of the importing file relative to the project root (`"."` for the root), for relative imports. */
  fromDir: string;
}

/**
 * Project-relative paths of the files an import may execute, for the caller to test for existence:
 * the module (`a/b.py` or `a/b/__init__.py`), its parent packages' `__init__.py`, and for
 * `from a import b` also the submodule `a/b.py` / `a/b/__init__.py`. Absolute imports are resolved
 * from the project root, relative ones from `fromDir`.
 *
 * @example
 * ```ts
 * import { findImports, importCandidatePaths, loadPythonGrammar } from "./mod.ts";
 * await loadPythonGrammar();
 * const [imp] = findImports("from utils import features");
 * const paths = importCandidatePaths(imp, { fromDir: "tasks" });
 * if (!paths.includes("utils/features.py") || !paths.includes("utils.py")) throw new Error("unexpected");
 * ```
 */
export function importCandidatePaths(imp: PythonImport, options: ImportCandidateOptions): string[] {
  let base = imp.level === 0 ? "." : options.fromDir;
  for (let l = 1; l < imp.level; l++) base = path.join(base, "..");
  const parts = imp.module.slice(imp.level).split(".").filter(Boolean);
  const out = new Set<string>();
  let dir = base;
  if (imp.level > 0) out.add(path.join(dir, "__init__.py"));
  for (const p of parts) {
    out.add(path.join(dir, `${p}.py`));
    dir = path.join(dir, p);
    out.add(path.join(dir, "__init__.py"));
  }
  for (const n of imp.names) {
    if (n === "*") continue;
    out.add(path.join(dir, `${n}.py`));
    out.add(path.join(dir, n, "__init__.py"));
  }
  return [...out];
}
