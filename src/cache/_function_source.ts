import { pythonParser, type SyntaxNode } from "../deps_python.ts";

interface Block {
  /** Name of a top-level def or class; undefined for any other statement. */
  name?: string;
  text: string;
}

/**
 * The part of a module's code that a top-level function depends on: the function itself, every
 * top-level statement that is not a def or class (imports, constants), and, transitively, the
 * top-level defs and classes whose names appear in what is already included. Editing an unrelated
 * sibling function therefore leaves the function's fingerprint alone. Returns `undefined` when the
 * module has no top-level def of that name (the caller then hashes the whole module).
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
    const text = blocks[queue.pop()!].text;
    for (const id of text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
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
    if (!text.trim()) continue;
    blocks.push({ name: definedName(node, code), text });
  }
  return blocks;
}

function definedName(node: SyntaxNode, code: string): string | undefined {
  let def: SyntaxNode | null = node;
  if (node.name === "DecoratedStatement") {
    def = node.getChild("FunctionDefinition") ?? node.getChild("ClassDefinition");
  }
  if (!def || (def.name !== "FunctionDefinition" && def.name !== "ClassDefinition")) return undefined;
  const id = def.getChild("VariableName");
  return id ? code.slice(id.from, id.to) : undefined;
}
