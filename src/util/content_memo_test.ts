import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { ContentMemo, projectMemo } from "./content_memo.ts";
import { sha256Hex } from "./hash.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "plait_memo_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("ContentMemo keeps values across instances once flushed", () =>
  withDir(async (dir) => {
    const memo = new ContentMemo(`${dir}/m.json`, { version: "t-1" });
    assertEquals(memo.get("a"), undefined);
    memo.set("a", { n: 1 });
    assertEquals(new ContentMemo(`${dir}/m.json`, { version: "t-1" }).get("a"), undefined);
    await memo.flush();
    assertEquals(new ContentMemo(`${dir}/m.json`, { version: "t-1" }).get("a"), { n: 1 });
  }));

Deno.test("ContentMemo ignores a file written under another version", () =>
  withDir(async (dir) => {
    const memo = new ContentMemo(`${dir}/m.json`, { version: "t-1" });
    memo.set("a", 1);
    await memo.flush();
    assertEquals(new ContentMemo(`${dir}/m.json`, { version: "t-2" }).get("a"), undefined);
  }));

for (
  const [name, text] of [
    ["truncated JSON", '{"format":"plait-content-memo","version":"t-1","entries":{"a":'],
    ["not JSON", "\u0000\u0001 garbage"],
    ["JSON null", "null"],
    ["entries that are a list", '{"format":"plait-content-memo","version":"t-1","entries":[1,2]}'],
    ["another format", '{"format":"other","version":"t-1","entries":{"a":1}}'],
  ]
) {
  Deno.test(`ContentMemo reads a corrupt file (${name}) as empty and rewrites it`, () =>
    withDir(async (dir) => {
      await Deno.writeTextFile(`${dir}/m.json`, text);
      const memo = new ContentMemo(`${dir}/m.json`, { version: "t-1" });
      assertEquals(memo.get("a"), undefined);
      memo.set("b", 2);
      await memo.flush();
      assertEquals(new ContentMemo(`${dir}/m.json`, { version: "t-1" }).get("b"), 2);
    }));
}

Deno.test("ContentMemo.flush() writes nothing without a change, and nothing into a missing folder", () =>
  withDir(async (dir) => {
    const memo = new ContentMemo(`${dir}/m.json`, { version: "t-1" });
    memo.get("a");
    await memo.flush();
    assertEquals(await exists(`${dir}/m.json`), false);
    const nowhere = new ContentMemo(`${dir}/no/such/folder/m.json`, { version: "t-1" });
    nowhere.set("a", 1);
    await nowhere.flush();
    assertEquals(await exists(`${dir}/no`), false);
  }));

Deno.test("ContentMemo.flush() keeps the entries used by this process and at most keepUnused others", () =>
  withDir(async (dir) => {
    const first = new ContentMemo(`${dir}/m.json`, { version: "t-1" });
    for (const k of ["a", "b", "c", "d"]) first.set(k, k);
    await first.flush();
    const second = new ContentMemo(`${dir}/m.json`, { version: "t-1", keepUnused: 1 });
    second.get("d");
    second.set("e", "e");
    await second.flush();
    const third = new ContentMemo(`${dir}/m.json`, { version: "t-1" });
    const kept = ["a", "b", "c", "d", "e"].filter((k) => third.get(k) !== undefined);
    assertEquals(kept, ["a", "d", "e"]);
    const left = [];
    for await (const e of Deno.readDir(dir)) left.push(e.name);
    assertEquals(left, ["m.json"]); // no temporary file left behind
  }));

Deno.test("projectMemo() gives one instance per project folder, in .plait/analysis.json", () => {
  const a = projectMemo("/nowhere/p", { version: "t-1" });
  assertEquals(a === projectMemo("/nowhere/p", { version: "t-1" }), true);
  assertEquals(a === projectMemo("/nowhere/q", { version: "t-1" }), false);
  assertEquals(a.file, "/nowhere/p/.plait/analysis.json");
});

Deno.test("sha256Hex() is the SHA-256 of the UTF-8 bytes, as hex", () => {
  assertEquals(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assertEquals(sha256Hex(new TextEncoder().encode("abc")), sha256Hex("abc"));
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
