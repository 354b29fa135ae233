import assert from "node:assert/strict";
import type { BuildEvent } from "../scheduler/types.ts";
import { EventLogWriter, EVENTS_DIR, listBuilds, type LogLine, readBuild } from "./event_log.ts";
import { EventTail } from "./tail.ts";
import { Hub } from "./hub.ts";

async function tempRoot(): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "plait_events_" });
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

const start: BuildEvent = { type: "build-start", tasks: ["a", "b"], jobs: 2 };

Deno.test("EventLogWriter creates its file at the first event, so a build refused by the lock leaves none", async () => {
  await using root = await tempRoot();
  const log = new EventLogWriter(root.dir, { command: "plait build" });
  assert.deepEqual(await listBuilds(root.dir), []);
  log.write(start);
  log.close();
  log.write({ type: "task-start", name: "a", reasons: [] });
  const { header, events } = await readBuild(root.dir, log.id);
  assert.equal(header?.command, "plait build");
  assert.deepEqual(events.map((e) => e.e), [start]);
});

Deno.test("EventLogWriter keeps only the newest builds' files", async () => {
  await using root = await tempRoot();
  let clock = 1_700_000_000_000;
  for (let i = 0; i < 5; i++) {
    using log = new EventLogWriter(root.dir, { command: "b", keep: 3, now: () => (clock += 1000) });
    log.write(start);
  }
  assert.equal((await listBuilds(root.dir)).length, 3);
});

Deno.test("EventTail reads complete lines only, and two tails each get every line", async () => {
  await using root = await tempRoot();
  const log = new EventLogWriter(root.dir, { command: "b" });
  log.write(start);
  const seen: LogLine[][] = [[], []];
  const tails = seen.map((into) => new EventTail(root.dir, (_id, lines) => into.push(...lines)));
  for (const t of tails) await t.poll();
  // Half a line, as a reader may find it while the build is writing.
  const half = JSON.stringify({ t: 1, e: { type: "task-start", name: "a", reasons: [] } });
  await Deno.writeTextFile(`${root.dir}/${EVENTS_DIR}/${log.id}.jsonl`, half.slice(0, 20), { append: true });
  for (const t of tails) await t.poll();
  assert.deepEqual(seen.map((s) => s.length), [2, 2]);
  await Deno.writeTextFile(`${root.dir}/${EVENTS_DIR}/${log.id}.jsonl`, half.slice(20) + "\n", {
    append: true,
  });
  for (const t of tails) await t.poll();
  for (const t of tails) await t.stop();
  log.close();
  for (const s of seen) {
    assert.deepEqual(s.map((l) => ("e" in l ? l.e.type : l.kind)), ["open", "build-start", "task-start"]);
  }
});

Deno.test("Hub folds a build: queued, running on the lowest free worker, output, outcome, history", () => {
  const hub = new Hub({ isAlive: () => false, goneAfterMs: 10 });
  const id = "20260101T000000000Z-1-aaaa";
  const at = (t: number, e: unknown) => ({ t, e }) as LogLine;
  hub.ingest(id, [
    { kind: "open", id, pid: 1, command: "plait build", startedAt: 0 },
    at(0, start),
    at(1, { type: "task-start", name: "a", reasons: ["never run"] }),
    at(2, { type: "task-start", name: "b", reasons: ["never run"] }),
    at(3, { type: "task-progress", name: "a", progress: { phase: "cell", cell: 2, cells: 5 } }),
    at(4, { type: "task-output", name: "a", output: { stream: "stdout", text: "hi\n" } }),
  ]);
  const build = hub.builds.get(id)!;
  assert.deepEqual([...build.tasks.values()].map((t) => [t.name, t.status, t.lane]), [["a", "running", 0], [
    "b",
    "running",
    1,
  ]]);
  assert.deepEqual(build.tasks.get("a")!.progress, { phase: "cell", cell: 2, cells: 5 });
  assert.equal(hub.output(id, "a").chunks[0].text, "hi\n");
  hub.ingest(id, [at(1005, { type: "task-end", name: "a", outcome: "ran", seconds: 1.004 })]);
  // The build's process died without a build-end: running tasks are interrupted, the build is gone.
  assert.deepEqual(hub.reap(5000), [id]);
  assert.equal(build.info.state, "gone");
  assert.equal(build.tasks.get("b")!.status, "interrupted");
  assert.deepEqual(hub.history("a").map((h) => h.seconds), [1.004]);
});
