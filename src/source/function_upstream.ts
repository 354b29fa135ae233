import type { SourceLocation } from "../errors/mod.ts";
import type { SyntaxNode } from "../deps_python.ts";
import { type ContentMemo, sha256Hex } from "../util/mod.ts";
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

/**
 * {@link functionUpstream} of a file, through the analysis memo: a module whose content the memo
 * has seen is not parsed again.
 */
export async function readFunctionUpstream(
  path: string,
  fn: string,
  memo?: ContentMemo,
): Promise<FunctionUpstream | undefined> {
  const text = await Deno.readTextFile(path);
  const key = `function-upstream:${fn}:${sha256Hex(text)}`;
  const hit = memo?.get<{ found: boolean; names: string[]; line?: number; col?: number }>(key);
  if (hit && Array.isArray(hit.names) && typeof hit.found === "boolean") {
    return hit.found
      ? { names: [...hit.names], location: { file: path, line: hit.line, col: hit.col } }
      : undefined;
  }
  await loadPythonGrammar();
  const got = functionUpstream(text, fn, path);
  memo?.set(key, { found: !!got, names: got?.names ?? [], line: got?.location.line, col: got?.location.col });
  return got;
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
