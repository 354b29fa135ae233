import type { SyntaxNode, Tree } from "../deps_python.ts";
import { childrenOf, evalLiteral, evalSequence, NOT_LITERAL } from "./_python.ts";

/** One name bound by a top-level assignment. */
export interface Binding {
  name: string;
  /** The assigned value node(s): one node, or the elements of a bare tuple. */
  value: SyntaxNode[];
  /** Node of the target name (for locations). */
  target: SyntaxNode;
  /** The value, when it is a literal; {@link NOT_LITERAL} otherwise. */
  literal: unknown;
}

/** Statements at the top level of a module, with `a; b` groups flattened. */
export function topLevelStatements(tree: Tree): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const s of childrenOf(tree.topNode)) {
    if (s.name === "StatementGroup") out.push(...childrenOf(s).filter((c) => c.name !== ";"));
    else out.push(s);
  }
  return out;
}

/** Every name bound by top-level `=` assignments, in source order. */
export function topLevelBindings(tree: Tree, code: string): Binding[] {
  const out: Binding[] = [];
  for (const stmt of topLevelStatements(tree)) {
    if (stmt.name === "AssignStatement") out.push(...bindingsOf(stmt, code));
  }
  return out;
}

function splitOn(nodes: SyntaxNode[], sep: string): SyntaxNode[][] {
  const parts: SyntaxNode[][] = [[]];
  for (const n of nodes) {
    if (n.name === sep) parts.push([]);
    else parts[parts.length - 1].push(n);
  }
  return parts;
}

function bindingsOf(stmt: SyntaxNode, code: string): Binding[] {
  const segments = splitOn(childrenOf(stmt), "AssignOp");
  if (segments.length < 2) return []; // a bare annotation `x: int`
  const value = segments[segments.length - 1];
  const whole = value.length === 1 ? evalLiteral(value[0], code) : evalSequence(value, code);
  const out: Binding[] = [];
  for (const seg of segments.slice(0, -1)) {
    const targets = unpackTargets(seg.filter((n) => n.name !== "TypeDef"));
    const single = targets.length === 1 && !isTupleTarget(seg);
    targets.forEach((t, i) => {
      if (t.name !== "VariableName") return;
      const literal = single ? whole : Array.isArray(whole) ? (whole[i] ?? NOT_LITERAL) : NOT_LITERAL;
      out.push({ name: code.slice(t.from, t.to), value: single ? value : [], target: t, literal });
    });
  }
  return out;
}

function isTupleTarget(seg: SyntaxNode[]): boolean {
  const own = seg.filter((n) => n.name !== "TypeDef");
  return own.length > 1 || own[0]?.name === "TupleExpression" || own[0]?.name === "ArrayExpression";
}

function unpackTargets(seg: SyntaxNode[]): SyntaxNode[] {
  if (seg.length === 1 && (seg[0].name === "TupleExpression" || seg[0].name === "ArrayExpression")) {
    return childrenOf(seg[0]).slice(1, -1).filter((n) => n.name !== ",");
  }
  return seg.filter((n) => n.name !== ",");
}
