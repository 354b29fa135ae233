import assert from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { ContentMemo, path, sha256Hex } from "../util/mod.ts";
import { codeText } from "./code_text.ts";
import { findImports } from "./imports.ts";
import { extractUpstream } from "./parameters.ts";
import { parseTaskSourceText } from "./read_task_source.ts";
import { readCodeFacts, readUpstream, sourceMemo } from "./source_facts.ts";
import { loadPythonGrammar } from "./_python.ts";

const FIXTURES = path.join(path.dirname(path.fromFileUrl(import.meta.url)), "../../tests/fixtures/source");
const SCRIPT =
  '# %% tags=["parameters"]\nupstream = ["load"]\n\n# %%\nimport json  # note\nfrom utils import f\n';

/** A project folder with `.plait/` and tasks/t.py; the memo is read fresh from disk by `memo()`. */
async function withProject(
  fn: (p: { root: string; file: string; memo: () => ContentMemo }) => Promise<void>,
) {
  const root = await Deno.makeTempDir({ prefix: "plait_facts_" });
  try {
    await Deno.mkdir(path.join(root, ".plait"));
    await Deno.mkdir(path.join(root, "tasks"));
    const file = path.join(root, "tasks/t.py");
    await Deno.writeTextFile(file, SCRIPT);
    const memo = () => new ContentMemo(sourceMemo(root).file, { version: sourceMemo(root).version });
    await fn({ root, file, memo });
  } finally {
    await Deno.remove(path.join(root), { recursive: true });
  }
}

/** Rewrites every remembered upstream list in the memo file to `["planted"]`. */
async function plantUpstream(file: string): Promise<void> {
  const data = JSON.parse(await Deno.readTextFile(file));
  for (const v of Object.values(data.entries) as { upstream?: { names?: string[] } }[]) {
    if (v.upstream?.names) v.upstream.names = ["planted"];
  }
  await Deno.writeTextFile(file, JSON.stringify(data));
}

Deno.test("readUpstream() gives what extractUpstream() gives, from the memo or not", async () => {
  await withProject(async ({ memo }) => {
    for (const name of ["clean.py", "fit.ipynb"]) {
      const file = path.join(FIXTURES, name);
      const expected = await extractUpstream(file);
      const m = memo();
      assert.deepEqual(await readUpstream(file), expected);
      assert.deepEqual(await readUpstream(file, m), expected);
      await m.flush();
      assert.deepEqual(await readUpstream(file, memo()), expected);
    }
  });
});

Deno.test("readUpstream() answers from the memo for content it has seen, and parses a changed file", async () => {
  await withProject(async ({ file, memo }) => {
    const first = memo();
    await readUpstream(file, first);
    await first.flush();
    await plantUpstream(first.file);
    // Same bytes: the (planted) memo entry is the answer, so nothing was parsed.
    assert.deepEqual((await readUpstream(file, memo())).upstream, { kind: "list", names: ["planted"] });
    await Deno.writeTextFile(file, SCRIPT.replace('["load"]', '["load", "clean"]'));
    const changed = await readUpstream(file, memo());
    assert.deepEqual(changed.upstream, { kind: "list", names: ["load", "clean"] });
    assert.deepEqual(changed.location, { file, line: 2, col: 1 });
  });
});

Deno.test("readUpstream() and readCodeFacts() ignore a corrupt memo file and a malformed entry", async () => {
  await withProject(async ({ file, memo }) => {
    const good = await readUpstream(file);
    const facts = await readCodeFacts(file);
    await Deno.writeTextFile(memo().file, '{"format": "plait-content-memo", "entr');
    assert.deepEqual(await readUpstream(file, memo()), good);
    const m = memo();
    await readUpstream(file, m);
    await readCodeFacts(file, { memo: m });
    await m.flush();
    const data = JSON.parse(await Deno.readTextFile(m.file));
    for (const key of Object.keys(data.entries)) data.entries[key] = { upstream: 5, hash: 7, imports: "x" };
    await Deno.writeTextFile(m.file, JSON.stringify(data));
    assert.deepEqual(await readUpstream(file, memo()), good);
    assert.deepEqual(await readCodeFacts(file, { memo: memo() }), facts);
  });
});

Deno.test("readUpstream() never remembers an error", async () => {
  await withProject(async ({ file, memo }) => {
    await Deno.writeTextFile(file, '# %% tags=["parameters"]\nupstream = load()\n');
    for (let i = 0; i < 2; i++) {
      const m = memo();
      await assert.rejects(() => readUpstream(file, m), SpecError);
      await m.flush();
    }
    assert.equal(await exists(memo().file), false);
  });
});

Deno.test("readCodeFacts() hashes the code text and lists its imports, through the memo", async () => {
  await loadPythonGrammar();
  await withProject(async ({ file, memo }) => {
    const code = codeText(parseTaskSourceText(SCRIPT, file));
    const expected = { hash: sha256Hex(code), imports: findImports(code) };
    assert.deepEqual(await readCodeFacts(file), expected);
    const m = memo();
    assert.deepEqual(await readCodeFacts(file, { memo: m }), expected);
    await m.flush();
    assert.deepEqual(await readCodeFacts(file, { memo: memo() }), expected);
    assert.deepEqual((await readCodeFacts(file, { memo: memo(), module: true })).hash, expected.hash);
    await Deno.writeTextFile(file, SCRIPT.replace("# note", "# another note"));
    assert.deepEqual(await readCodeFacts(file, { memo: memo() }), expected); // comments are not code
    await Deno.writeTextFile(file, SCRIPT.replace("import json", "import os"));
    const edited = await readCodeFacts(file, { memo: memo() });
    assert.notEqual(edited.hash, expected.hash);
    assert.deepEqual(edited.imports.map((i) => i.module), ["os", "utils"]);
  });
});

Deno.test("readCodeFacts() with a part keys the memo by the part's name", async () => {
  await withProject(async ({ file, memo }) => {
    const m = memo();
    const pick = (name: string) => ({ name, pick: (code: string) => code.split("\n").at(-1)! });
    const a = await readCodeFacts(file, { memo: m, part: pick("a") });
    assert.deepEqual(a.imports.map((i) => i.module), ["utils"]);
    const b = await readCodeFacts(file, { memo: m, part: { name: "b", pick: (code: string) => code } });
    assert.notEqual(a.hash, b.hash);
  });
});

async function exists(file: string): Promise<boolean> {
  try {
    await Deno.stat(file);
    return true;
  } catch {
    return false;
  }
}
