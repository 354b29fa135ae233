import type { Tree } from "../deps_python.ts";
import { lineColAt, type SourceLocation, SpecError } from "../errors/mod.ts";
import { type Binding, topLevelBindings } from "./_assignments.ts";
import { childrenOf, firstErrorOffset, loadPythonGrammar, NOT_LITERAL, parsePython } from "./_python.ts";
import { readTaskSource } from "./read_task_source.ts";
import type { ParametersInfo, SourceCell, TaskSource, UpstreamDecl, UpstreamInfo } from "./types.ts";

/**
 * Statically reads a parameters cell: what `upstream` declares, every top-level assigned name,
 * and the defaults that are literals. Throws a located {@link SpecError} for invalid Python or
 * a non-literal `upstream`. Needs the Python grammar loaded (`await loadPythonGrammar()`).
 *
 * @example
 * ```ts
 * import { loadPythonGrammar, parseParametersCell } from "./mod.ts";
 * await loadPythonGrammar();
 * const cell = { cellType: "code" as const, source: 'upstream = {"load": None}\nn = 5', tags: [], metadata: {}, line: 2 };
 * const info = parseParametersCell(cell, "tasks/fit.py");
 * if (info.upstream.kind !== "dict" || info.defaults.n !== 5) throw new Error("unexpected");
 * ```
 */
export function parseParametersCell(cell: SourceCell, path: string): ParametersInfo {
  return copy(memoAnalyse(cell, path).info);
}

/** Deep copy of the plain JSON-like values a parameters cell yields (faster than structuredClone). */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copy(v);
    return out as T;
  }
  return value;
}

/** Results for cells seen before (a grid reads one source once per grid point). */
const memo = new Map<string, Analysis>();
const MEMO_LIMIT = 4096;

function memoAnalyse(cell: SourceCell, path: string): Analysis {
  const key = `${path}\0${cell.line}\0${cell.source}`;
  let hit = memo.get(key);
  if (!hit) {
    hit = analyse(cell, path);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, hit);
  }
  return hit;
}

interface Analysis {
  info: ParametersInfo;
  upstreamAt?: Located;
}

function analyse(cell: SourceCell, path: string): Analysis {
  const code = cell.source;
  const tree = parsePython(code);
  const where = (offset: number) => locate(cell, path, code, offset);
  checkSyntax(tree, code, where);
  const bindings = topLevelBindings(tree, code);
  const names: string[] = [];
  const defaults: Record<string, unknown> = {};
  let up: Binding | undefined;
  for (const b of bindings) {
    if (!names.includes(b.name)) names.push(b.name);
    if (b.literal !== NOT_LITERAL) defaults[b.name] = b.literal;
    else delete defaults[b.name];
    if (b.name === "upstream") up = b;
  }
  if (!up) return { info: { upstream: { kind: "absent" }, names, defaults } };
  const upstreamAt = where(up.target.from);
  return { info: { upstream: toUpstream(up, code, upstreamAt), names, defaults }, upstreamAt };
}

/**
 * Where an offset of the cell is in the file. An `.ipynb` has no useful line numbers (it is JSON),
 * so there the location is the file and `inCell` says where in the cell.
 */
function locate(cell: SourceCell, path: string, code: string, offset: number): Located {
  const { line, col } = lineColAt(code, offset);
  if (path.toLowerCase().endsWith(".ipynb")) {
    return { file: path, inCell: ` (line ${line}, column ${col} of the cell tagged "parameters")` };
  }
  return { file: path, line: cell.line + line - 1, col, inCell: "" };
}

type Located = SourceLocation & { inCell: string };

function plain(at: Located): SourceLocation {
  const { inCell: _, ...loc } = at;
  return loc;
}

function checkSyntax(tree: Tree, code: string, where: (offset: number) => Located): void {
  const offset = firstErrorOffset(tree);
  if (offset < 0) return;
  const open = unclosedBracket(tree, offset);
  const near = code.slice(offset).split("\n")[0].trim();
  let hint = 'the cell tagged "parameters" must be valid Python: plait reads `upstream` from it';
  if (open !== undefined) {
    const at = where(open);
    const pos = at.inCell || ` at line ${at.line}, column ${at.col}`;
    hint = `the "${code[open]}"${pos} is never closed; ${hint}`;
  }
  const at = where(offset);
  throw new SpecError({
    location: plain(at),
    message: `Cannot parse the parameters cell: invalid Python syntax${
      near ? ` near "${near.slice(0, 40)}"` : ""
    }${at.inCell}`,
    hint,
  });
}

const BRACKETED = new Set([
  "ArrayExpression",
  "DictionaryExpression",
  "SetExpression",
  "TupleExpression",
  "ParenthesizedExpression",
  "ArgList",
  "ParamList",
]);
const CLOSERS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Offset of the innermost opening bracket, around the error, that has no closing bracket. */
function unclosedBracket(tree: Tree, errorOffset: number): number | undefined {
  let found: number | undefined;
  tree.iterate({
    enter(node) {
      if (!BRACKETED.has(node.name) || node.from > errorOffset || node.to < errorOffset) return;
      const kids = childrenOf(node.node);
      const first = kids[0]?.name;
      if (first && CLOSERS[first] && kids[kids.length - 1]?.name !== CLOSERS[first]) found = node.from;
    },
  });
  return found;
}

function toUpstream(b: Binding, code: string, at: Located): UpstreamDecl {
  const v = b.literal;
  const fail = (message: string): never => {
    throw new SpecError({
      location: plain(at),
      message: message + at.inCell,
      hint: 'write e.g. upstream = ["load", "clean"], upstream = {"load": None} or upstream = None',
    });
  };
  if (v === null) return { kind: "none" };
  const valueText = code.slice(b.value[0]?.from ?? 0, b.value[b.value.length - 1]?.to ?? 0)
    .replace(/\s+/g, " ").trim();
  if (v === NOT_LITERAL || typeof v !== "object") {
    return fail(
      `Cannot read upstream = ${
        valueText.slice(0, 40)
      }: upstream must be a literal list, tuple, dict or None`,
    );
  }
  const kind = Array.isArray(v) ? "list" : "dict";
  const names = Array.isArray(v) ? v : Object.keys(v);
  const bad = names.find((n) => typeof n !== "string" || n === "");
  if (bad !== undefined) {
    return fail(`Cannot read upstream: ${JSON.stringify(bad)} is not a task name (a non-empty string)`);
  }
  return { kind, names: names as string[] };
}

/**
 * Reads a task source and returns what its parameters cell says about `upstream`, with the
 * location of the `upstream` assignment (else of the parameters cell, else of the file).
 *
 * @example
 * ```ts ignore
 * const { upstream } = await extractUpstream("tasks/clean.py"); // { kind: "list", names: ["load"] }
 * ```
 */
export async function extractUpstream(path: string): Promise<UpstreamInfo> {
  const source = await readTaskSource(path);
  await loadPythonGrammar();
  return upstreamOfSource(source);
}

/**
 * What a source read into cells declares about `upstream` (see {@link extractUpstream}); needs the
 * Python grammar loaded.
 */
export function upstreamOfSource(source: TaskSource): UpstreamInfo {
  const path = source.path;
  if (source.parametersIndex < 0) {
    return { upstream: { kind: "absent" }, location: { file: path }, parametersCell: false };
  }
  const cell = source.cells[source.parametersIndex];
  const { info, upstreamAt } = memoAnalyse(cell, path);
  const cellAt = source.format === "py" ? { file: path, line: cell.line, col: 1 } : { file: path };
  const location = upstreamAt ? plain(upstreamAt) : cellAt;
  return { upstream: copy(info.upstream), location, parametersCell: true };
}
