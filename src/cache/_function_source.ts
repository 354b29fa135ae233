import { pythonParser, type SyntaxNode } from "../deps_python.ts";

interface Block {
  /** Name of a top-level def or class; undefined for any other statement. */
  name?: string;
  text: string;
  /** Module-level names the block uses (free names: read, and not bound inside a def or class). */
  uses: Set<string>;
}

/**
 * The part of a module's code that a top-level function depends on: the function itself, every
 * top-level statement that is not a def or class (imports, constants; an `if __name__ ==
 * "__main__":` block never runs on import and is left out), and, transitively, the top-level defs
 * and classes that what is already included really uses: a name read and not bound locally (a
 * local variable or parameter named like a sibling function does not pull that function in).
 * Editing an unrelated sibling function therefore leaves the function's fingerprint alone. Returns
 * `undefined` when the module has no top-level def of that name (the caller then hashes the module).
 */
export function functionSlice(code: string, functionName: string): string | undefined {
  const blocks = topLevelBlocks(code);
  const byName = new Map<string, number>();
  blocks.forEach((b, i) => {
    if (b.name !== undefined) byName.set(b.name, i);
  });
  const start = byName.get(functionName);
  if (start === undefined) return undefined;
  const included = new Set<number>([start]);
  blocks.forEach((b, i) => {
    if (b.name === undefined) included.add(i);
  });
  const queue = [...included];
  while (queue.length) {
    for (const id of blocks[queue.pop()!].uses) {
      const j = byName.get(id);
      if (j !== undefined && !included.has(j)) {
        included.add(j);
        queue.push(j);
      }
    }
  }
  return [...included].sort((a, b) => a - b).map((i) => blocks[i].text).join("\n");
}

function topLevelBlocks(code: string): Block[] {
  const tree = pythonParser.parse(code);
  const blocks: Block[] = [];
  for (let node = tree.topNode.firstChild; node; node = node.nextSibling) {
    const text = code.slice(node.from, node.to);
    if (!text.trim() || isMainGuard(node, code)) continue;
    const def = definition(node);
    const name = def ? nameOf(def, code) : undefined;
    blocks.push({ name, text, uses: def ? freeNames(node, code, def) : readNames(node, code) });
  }
  return blocks;
}

/** `if __name__ == "__main__":` */
function isMainGuard(node: SyntaxNode, code: string): boolean {
  if (node.name !== "IfStatement") return false;
  const test = node.firstChild?.nextSibling;
  return !!test && /^__name__\s*==\s*["']__main__["']$/.test(code.slice(test.from, test.to).trim());
}

function definition(node: SyntaxNode): SyntaxNode | undefined {
  let def: SyntaxNode | null = node;
  if (node.name === "DecoratedStatement") {
    def = node.getChild("FunctionDefinition") ?? node.getChild("ClassDefinition");
  }
  return def && (def.name === "FunctionDefinition" || def.name === "ClassDefinition") ? def : undefined;
}

function nameOf(def: SyntaxNode, code: string): string | undefined {
  const id = def.getChild("VariableName");
  return id ? code.slice(id.from, id.to) : undefined;
}

/** Names a def or class block reads that are not bound inside it (nor its own name), `global` ones included. */
function freeNames(block: SyntaxNode, code: string, def: SyntaxNode): Set<string> {
  const reads = new Set<string>();
  const bound = new Set<string>();
  const globals = new Set<string>();
  const own = def.getChild("VariableName");
  for (const node of variableNames(block)) {
    if (own && node.from === own.from) continue;
    const name = code.slice(node.from, node.to);
    const role = roleOf(node);
    if (role === "global") globals.add(name);
    else if (role === "bind") bound.add(name);
    else if (role === "read") reads.add(name);
  }
  return new Set([...reads].filter((n) => !bound.has(n) || globals.has(n)));
}

/** Every name a top-level statement reads (a module-level statement binds module names, used by others). */
function readNames(stmt: SyntaxNode, code: string): Set<string> {
  const reads = new Set<string>();
  for (const node of variableNames(stmt)) {
    if (roleOf(node) === "read") reads.add(code.slice(node.from, node.to));
  }
  return reads;
}

function* variableNames(node: SyntaxNode): Generator<SyntaxNode> {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === "VariableName") yield c;
    else yield* variableNames(c);
  }
}

const BINDING_KEYWORDS = new Set(["as", "def", "class", "import"]);

/**
 * Whether a name is read, bound (parameter, assignment or loop target, `as` name, import, inner
 * def or class), a keyword argument's name (neither), or declared `global`.
 */
function roleOf(node: SyntaxNode): "read" | "bind" | "keyword" | "global" {
  let target: SyntaxNode = node;
  // (a, b) = ..., [a, b] = ...: the names inside take the role of the tuple.
  while (
    target.parent && /^(TupleExpression|ArrayExpression|ParenthesizedExpression)$/.test(target.parent.name)
  ) {
    target = target.parent;
  }
  const parent = target.parent;
  if (!parent) return "read";
  const prev = target.prevSibling?.name;
  switch (parent.name) {
    case "ScopeStatement":
      return "global";
    case "ImportStatement":
      return "bind";
    case "ParamList":
      return prev === "AssignOp" ? "read" : "bind";
    case "ArgList":
      return target.nextSibling?.name === "AssignOp" ? "keyword" : "read";
    case "AssignStatement":
      return hasLater(target, "AssignOp") ? "bind" : "read";
    case "UpdateStatement":
      return hasLater(target, "UpdateOp") ? "bind" : "read";
  }
  if (prev && BINDING_KEYWORDS.has(prev)) return "bind";
  if (hasEarlier(target, "for") && hasLater(target, "in") && !hasEarlier(target, "in")) return "bind";
  return "read";
}

function hasLater(node: SyntaxNode, name: string): boolean {
  for (let n = node.nextSibling; n; n = n.nextSibling) if (n.name === name) return true;
  return false;
}

/** Whether a sibling named `name` comes before `node` since the last `for` clause began. */
function hasEarlier(node: SyntaxNode, name: string): boolean {
  for (let n = node.prevSibling; n; n = n.prevSibling) {
    if (n.name === name) return true;
    if (name === "in" && n.name === "for") return false;
  }
  return false;
}
