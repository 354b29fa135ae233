/** Imports point one way (STYLE.md): nothing below src/cli imports src/cli, statically or lazily. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";

const SRC = new URL("../../src/", import.meta.url).pathname;

async function* tsFiles(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const p = `${dir}${e.name}`;
    if (e.isDirectory) yield* tsFiles(`${p}/`);
    else if (p.endsWith(".ts")) yield p;
  }
}

Deno.test("no module outside src/cli imports src/cli (the graph's .main() included)", async () => {
  const offenders: string[] = [];
  for await (const file of tsFiles(SRC)) {
    const rel = file.slice(SRC.length);
    if (rel.startsWith("cli/")) continue;
    const text = await Deno.readTextFile(file);
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const target = new URL(m[1], `file://${file}`).pathname;
      if (m[1].startsWith(".") && target.startsWith(`${SRC}cli/`)) offenders.push(`${rel} -> ${m[1]}`);
    }
  }
  assertEquals(offenders, []);
});
