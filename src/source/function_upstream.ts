import type { SourceLocation } from "../errors/mod.ts";
import type { SyntaxNode } from "../deps_python.ts";
import { type ContentMemo, path as paths, sha256Hex } from "../util/mod.ts";
import { findImports } from "./imports.ts";
import { loadPythonGrammar, parsePython } from "./_python.ts";
import { evalLiteral } from "./_python.ts";

/** What a function's body declares as upstream: the keys of its `upstream["name"]` subscripts. */
export interface FunctionUpstream {
  /** Keys in order of first use; empty when the function reads none. */
  names: string[];
  /** The first `upstream[...]` subscript, else the function's `def`. */
  location: SourceLocation;
}

/**
 * Reads a top-level function's upstream as Ploomber does: every `upstream["name"]` subscript with a
 * string literal key anywhere in its body. `undefined` when the module has no top-level function of
 * that name (it may be imported from elsewhere). Needs the grammar loaded (see `loadPythonGrammar`).
 *
 * @example
 * ```ts
 * import { loadPythonGrammar } from "./_python.ts";
 * await loadPythonGrammar();
 * const code = 'def b(product, upstream):\n    x = upstream["a"]\n';
 * const got = functionUpstream(code, "b", "fns.py");
 * if (got?.names.join() !== "a" || got.location.line !== 2) throw new Error("unexpected");
 * ```
 */
export function functionUpstream(code: string, fn: string, file: string): FunctionUpstream | undefined {
  const def = topLevelFunction(parsePython(code).topNode, code, fn);
  if (!def) return undefined;
  const names: string[] = [];
  let first: SyntaxNode | undefined;
  for (const sub of subscripts(def)) {
    const object = sub.firstChild;
    const key = object?.nextSibling?.nextSibling;
    if (object?.name !== "VariableName" || code.slice(object.from, object.to) !== "upstream") continue;
    if (!key || key.nextSibling?.name !== "]") continue;
    const value = evalLiteral(key, code);
    if (typeof value !== "string") continue;
    first ??= sub;
    if (!names.includes(value)) names.push(value);
  }
  return { names, location: locationOf(code, file, (first ?? def).from) };
}

/** Options for {@link readFunctionUpstream}. */
export interface ReadFunctionUpstreamOptions {
  /** Where to look the result up by the module's content, and remember it. */
  memo?: ContentMemo;
  /** The project folder: absolute imports (`from tasks.impl import fn`) are resolved from it. */
  root?: string;
}

/**
 * {@link functionUpstream} of a file, through the analysis memo: a module whose content the memo
 * has seen is not parsed again. A function the module only imports (`from .impl import fn`, as
 * in a package's `__init__.py`) is read where it is defined.
 */
export async function readFunctionUpstream(
  path: string,
  fn: string,
  options: ReadFunctionUpstreamOptions = {},
  depth = 0,
): Promise<FunctionUpstream | undefined> {
  const text = await Deno.readTextFile(path);
  const key = `function-upstream:${fn}:${sha256Hex(text)}`;
  const { memo } = options;
  const hit = memo?.get<{ found: boolean; names: string[]; line?: number; col?: number }>(key);
  let got: FunctionUpstream | undefined;
  if (hit && Array.isArray(hit.names) && typeof hit.found === "boolean") {
    got = hit.found
      ? { names: [...hit.names], location: { file: path, line: hit.line, col: hit.col } }
      : undefined;
  } else {
    await loadPythonGrammar();
    got = functionUpstream(text, fn, path);
    memo?.set(key, {
      found: !!got,
      names: got?.names ?? [],
      line: got?.location.line,
      col: got?.location.col,
    });
  }
  if (got || depth >= 4) return got;
  const from = await definingModule(text, fn, path, options.root);
  return from ? await readFunctionUpstream(from, fn, options, depth + 1) : undefined;
}

/** The project file a `from X import fn` in `code` points to, if it exists. */
async function definingModule(code: string, fn: string, file: string, root?: string) {
  await loadPythonGrammar();
  for (const imp of findImports(code)) {
    if (!imp.names.includes(fn)) continue;
    let base = imp.level === 0 ? root : paths.dirname(file);
    if (base === undefined) continue;
    for (let l = 1; l < imp.level; l++) base = paths.dirname(base);
    const parts = imp.module.slice(imp.level).split(".").filter(Boolean);
    const candidates = [`${paths.join(base, ...parts)}.py`, paths.join(base, ...parts, "__init__.py")];
    for (const c of candidates) {
      if (c !== file && (await Deno.stat(c).then((s) => s.isFile, () => false))) return c;
    }
  }
  return undefined;
}

function topLevelFunction(top: SyntaxNode, code: string, fn: string): SyntaxNode | undefined {
  for (let node = top.firstChild; node; node = node.nextSibling) {
    const def = node.name === "DecoratedStatement" ? node.getChild("FunctionDefinition") : node;
    if (def?.name !== "FunctionDefinition") continue;
    const id = def.getChild("VariableName");
    if (id && code.slice(id.from, id.to) === fn) return node;
  }
  return undefined;
}

function* subscripts(node: SyntaxNode): Generator<SyntaxNode> {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === "MemberExpression" && c.getChild("[")) yield c;
    yield* subscripts(c);
  }
}

function locationOf(code: string, file: string, offset: number): SourceLocation {
  const before = code.slice(0, offset).split("\n");
  return { file, line: before.length, col: before[before.length - 1].length + 1 };
}
