import { deepStrictEqual as assertEquals, equal, match } from "node:assert/strict";
import { path } from "../util/mod.ts";
import { StateStore } from "./state_store.ts";
import { tempProject } from "./_test_helpers.ts";
import type { TaskRecord } from "./types.ts";

function record(hash: string): TaskRecord {
  return {
    fingerprint: `fp-${hash}`,
    components: { code: "c", params: "p", options: "o", kernel: "k", upstream: { load: "u" }, deps: {} },
    products: { "output/x.csv": { size: 3, mtimeMs: 1234.5, hash } },
    finishedAt: "2026-01-01T00:00:00.000Z",
    durationS: 0.25,
  };
}

async function files(root: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(path.join(root, ".plait"))) out.push(e.name);
  return out.sort();
}

Deno.test("StateStore keeps successes across loads, through the journal and after compaction", async () => {
  await using project = await tempProject();
  const store = await StateStore.open(project.root);
  assertEquals(store.state("load"), undefined);
  await store.recordSuccess("load", record("a"));
  await store.recordSuccess("clean", record("b"));
  await store.recordSuccess("load", record("c"));
  assertEquals((await StateStore.open(project.root)).get("load"), record("c"));
  assertEquals(await files(project.root), [".gitignore", "state.jsonl"]);
  await store.compact();
  assertEquals(await files(project.root), [".gitignore", "state.json"]);
  const again = await StateStore.open(project.root);
  assertEquals(again.get("load"), record("c"));
  assertEquals(again.state("clean"), { status: "ok", record: record("b") });
  assertEquals(again.warnings, []);
});

Deno.test("StateStore forgets a record once its task fails or is interrupted", async () => {
  await using project = await tempProject();
  const store = await StateStore.open(project.root);
  await store.recordSuccess("fit", record("a"));
  await store.recordSuccess("plot", record("b"));
  await store.invalidate("fit", { at: new Date("2026-02-02T00:00:00Z") });
  await store.recordStart("plot", new Date("2026-02-03T00:00:00Z")); // then the process dies
  const interrupted = { status: "failed", at: "2026-02-03T00:00:00.000Z", interrupted: true };
  const reloaded = await StateStore.open(project.root);
  assertEquals(reloaded.get("fit"), undefined);
  assertEquals(reloaded.state("fit"), {
    status: "failed",
    at: "2026-02-02T00:00:00.000Z",
    interrupted: false,
  });
  assertEquals(reloaded.get("plot"), undefined);
  assertEquals(reloaded.state("plot"), interrupted);
  await reloaded.compact();
  const compacted = await StateStore.open(project.root);
  assertEquals([compacted.get("plot"), compacted.state("plot")], [undefined, interrupted]);
});

Deno.test("StateStore makes a task with a truncated journal line outdated, with a warning", async () => {
  await using project = await tempProject();
  const store = await StateStore.open(project.root);
  await store.recordSuccess("load", record("a"));
  await store.recordSuccess("clean", record("b"));
  await store.compact();
  await store.recordSuccess("clean", record("c"));
  const journal = path.join(project.root, ".plait", "state.jsonl");
  const text = await Deno.readTextFile(journal);
  await Deno.writeTextFile(journal, text.slice(0, text.length - 40)); // a crash mid-write
  const reloaded = await StateStore.open(project.root);
  assertEquals(reloaded.get("load"), record("a"));
  assertEquals(reloaded.get("clean"), undefined);
  equal(reloaded.state("clean")?.status, "unreadable");
  equal(reloaded.warnings.length, 1);
  match(reloaded.warnings[0], /state\.jsonl:1: truncated entry for task "clean"; task "clean" will re-run/);
});

Deno.test("StateStore makes every task outdated when state.json is corrupt, without crashing", async () => {
  await using project = await tempProject();
  const store = await StateStore.open(project.root);
  await store.recordSuccess("load", record("a"));
  await store.compact();
  await Deno.writeTextFile(path.join(project.root, ".plait", "state.json"), '{"version": 1, "tasks": {"lo');
  const reloaded = await StateStore.open(project.root);
  equal(reloaded.state("load")?.status, "unreadable");
  equal(reloaded.state("anything")?.status, "unreadable");
  equal(reloaded.get("load"), undefined);
  match(reloaded.warnings.join("\n"), /state\.json is unreadable .*; every task will re-run/);
  // A later success still counts, and compaction repairs the snapshot.
  await reloaded.recordSuccess("load", record("b"));
  await reloaded.compact();
  const repaired = await StateStore.open(project.root);
  assertEquals([repaired.get("load"), repaired.warnings], [record("b"), []]);
});

Deno.test("StateStore treats an entry of the wrong shape as unreadable", async () => {
  await using project = await tempProject();
  await project.write(
    ".plait/state.json",
    JSON.stringify({
      version: 1,
      tasks: {
        good: { status: "ok", record: record("a") },
        bad: { status: "ok", record: { fingerprint: 3 } },
      },
    }),
  );
  await project.write(".plait/state.jsonl", "garbage that names no task\n");
  const store = await StateStore.open(project.root);
  // An unattributable journal line could be any task: everything re-runs.
  equal(store.state("good")?.status, "unreadable");
  equal(store.state("bad")?.status, "unreadable");
  equal(store.warnings.length, 2);
});

Deno.test("StateStore serialises concurrent successes and compacts a long journal on load", async () => {
  await using project = await tempProject();
  const store = await StateStore.open(project.root, { durable: false });
  const names = Array.from({ length: 50 }, (_, i) => `t${i}`);
  await Promise.all(names.map((n) => store.recordSuccess(n, record(n))));
  const text = await Deno.readTextFile(path.join(project.root, ".plait", "state.jsonl"));
  equal(text.split("\n").filter(Boolean).length, 50);
  const reloaded = await StateStore.open(project.root, { compactAfter: 10 });
  assertEquals(await files(project.root), [".gitignore", "state.json"]);
  assertEquals(names.map((n) => reloaded.get(n)?.products["output/x.csv"].hash), names);
});

function run(fingerprint: string, finishedAt = "2026-01-01T00:00:00.000Z"): TaskRecord {
  return { ...record(fingerprint), fingerprint, finishedAt };
}

Deno.test("StateStore remembers the last 8 runs of a task by fingerprint, through the journal and compaction", async () => {
  await using project = await tempProject();
  const store = await StateStore.open(project.root);
  for (let i = 0; i < 10; i++) await store.recordSuccess("fit", run(`fp${i}`));
  await store.recordSuccess("fit", run("fp5", "2026-03-03T00:00:00.000Z")); // the same inputs again
  const expected = ["fp5", "fp9", "fp8", "fp7", "fp6", "fp4", "fp3", "fp2"];
  const reloaded = await StateStore.open(project.root);
  assertEquals(reloaded.records("fit").map((r) => r.fingerprint), expected);
  assertEquals(reloaded.get("fit")?.finishedAt, "2026-03-03T00:00:00.000Z");
  assertEquals(reloaded.find("fit", "fp8")?.fingerprint, "fp8");
  equal(reloaded.find("fit", "fp1"), undefined);
  await reloaded.compact();
  const compacted = await StateStore.open(project.root);
  assertEquals(compacted.records("fit").map((r) => r.fingerprint), expected);
  assertEquals(compacted.warnings, []);
});

Deno.test("StateStore drops only the failed run's fingerprint; an older journal line without one drops all", async () => {
  await using project = await tempProject();
  const store = await StateStore.open(project.root);
  await store.recordSuccess("fit", run("a"));
  await store.recordSuccess("fit", run("b"));
  await store.recordStart("fit", new Date("2026-02-03T00:00:00Z"), "b"); // then the process dies
  const reloaded = await StateStore.open(project.root);
  assertEquals(reloaded.get("fit"), undefined);
  assertEquals(reloaded.records("fit").map((r) => r.fingerprint), ["a"]);
  await reloaded.invalidate("fit", { fingerprint: "a" });
  assertEquals((await StateStore.open(project.root)).records("fit"), []);
  await store.recordSuccess("plot", run("c"));
  await store.recordSuccess("plot", run("d"));
  await store.invalidate("plot");
  await store.compact();
  assertEquals((await StateStore.open(project.root)).records("plot"), []);
});
