import type { SyntaxNode, Tree } from "../deps_python.ts";
import { BugError } from "../errors/mod.ts";

let grammar: { parse(code: string): Tree } | undefined;

/**
 * Loads the Python grammar (`@lezer/python`) once. The synchronous functions that parse Python
 * (`parseParametersCell`, `codeText`, `stripCode`, `findImports`) need it loaded; it is not loaded
 * up front because a no-op rebuild, answered from the analysis memo, never parses.
 */
export async function loadPythonGrammar(): Promise<void> {
  grammar ??= (await import("../deps_python.ts")).pythonParser;
}

/** Parses Python source with the lezer grammar (never throws for bad code; errors become ⚠ nodes). */
export function parsePython(code: string): Tree {
  if (!grammar) throw new BugError("the Python grammar is not loaded: await loadPythonGrammar() first");
  return grammar.parse(code);
}

/** Offset of the first syntax error in a tree, or -1 when there is none. */
export function firstErrorOffset(tree: Tree): number {
  let found = -1;
  tree.iterate({
    enter(node) {
      if (found >= 0) return false;
      if (node.type.isError) {
        found = node.from;
        return false;
      }
    },
  });
  return found;
}

/** The children of a node, in order, without comments. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== "Comment") out.push(c);
  return out;
}

/** Marks a value that is not a statically evaluable literal. */
export const NOT_LITERAL: unique symbol = Symbol("not a literal");

type Literal = unknown;

/**
 * Evaluates a literal expression node: numbers, strings, bools, None and lists, tuples and dicts of
 * those. Returns {@link NOT_LITERAL} for anything else.
 */
export function evalLiteral(node: SyntaxNode, code: string): Literal | typeof NOT_LITERAL {
  const text = code.slice(node.from, node.to);
  switch (node.name) {
    case "Number":
      return parseNumber(text);
    case "String":
      return parseString(text);
    case "ContinuedString":
      return joinStrings(childrenOf(node), code);
    case "Boolean":
      return text === "True";
    case "None":
      return null;
    case "UnaryExpression":
      return evalUnary(node, code);
    case "ParenthesizedExpression": {
      const inner = childrenOf(node).filter((c) => c.name !== "(" && c.name !== ")");
      return inner.length === 1 ? evalLiteral(inner[0], code) : NOT_LITERAL;
    }
    case "ArrayExpression":
    case "TupleExpression":
      return evalSequence(childrenOf(node).slice(1, -1), code);
    case "DictionaryExpression":
      return evalDict(childrenOf(node).slice(1, -1), code);
    default:
      return NOT_LITERAL;
  }
}

/** Evaluates comma-separated element nodes (brackets already removed) as a list. */
export function evalSequence(nodes: SyntaxNode[], code: string): unknown[] | typeof NOT_LITERAL {
  const out: unknown[] = [];
  for (const n of nodes) {
    if (n.name === ",") continue;
    const v = evalLiteral(n, code);
    if (v === NOT_LITERAL) return NOT_LITERAL;
    out.push(v);
  }
  return out;
}

function evalDict(nodes: SyntaxNode[], code: string): Record<string, unknown> | typeof NOT_LITERAL {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i].name === ",") continue;
    if (nodes[i + 1]?.name !== ":" || !nodes[i + 2]) return NOT_LITERAL;
    const key = evalLiteral(nodes[i], code);
    const value = evalLiteral(nodes[i + 2], code);
    if (key === NOT_LITERAL || value === NOT_LITERAL) return NOT_LITERAL;
    if (typeof key !== "string" && typeof key !== "number") return NOT_LITERAL;
    out[String(key)] = value;
    i += 2;
  }
  return out;
}

function evalUnary(node: SyntaxNode, code: string): number | typeof NOT_LITERAL {
  const [op, arg] = childrenOf(node);
  if (!op || !arg) return NOT_LITERAL;
  const v = evalLiteral(arg, code);
  if (typeof v !== "number") return NOT_LITERAL;
  const sign = code.slice(op.from, op.to);
  return sign === "-" ? -v : sign === "+" ? v : NOT_LITERAL;
}

function joinStrings(parts: SyntaxNode[], code: string): string | typeof NOT_LITERAL {
  let out = "";
  for (const p of parts) {
    const v = evalLiteral(p, code);
    if (typeof v !== "string") return NOT_LITERAL;
    out += v;
  }
  return out;
}

function parseNumber(text: string): number | typeof NOT_LITERAL {
  const t = text.replace(/_/g, "");
  if (/[jJ]$/.test(t)) return NOT_LITERAL;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[oO][0-7]+$/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[bB][01]+$/.test(t)) return parseInt(t.slice(2), 2);
  const n = Number(t);
  return Number.isNaN(n) ? NOT_LITERAL : n;
}

/** Decodes a Python string literal (prefixes r/u; f-strings and bytes are not literals here). */
export function parseString(text: string): string | typeof NOT_LITERAL {
  const m = /^([rRuU]*)('''|"""|'|")/.exec(text);
  if (!m) return NOT_LITERAL;
  const quote = m[2];
  const body = text.slice(m[0].length, text.length - quote.length);
  if (!text.endsWith(quote) || text.length < m[0].length + quote.length) return NOT_LITERAL;
  return /[rR]/.test(m[1]) ? body : unescapePython(body);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\n": "",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

function unescapePython(body: string): string | typeof NOT_LITERAL {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(parseInt(oct, 8));
      i += oct.length - 1;
    } else if (e === "x" || e === "u" || e === "U") {
      const len = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return NOT_LITERAL;
      out += String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (e === "N") return NOT_LITERAL;
    else out += "\\" + (e ?? "");
  }
  return out;
}
