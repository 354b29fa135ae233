import { deepStrictEqual as assertEquals, equal, rejects } from "node:assert/strict";
import { PlaitError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";
import { acquireLock, elapsedSeconds } from "./lock.ts";
import { tempProject } from "./_test_helpers.ts";

const LOCK_URL = new URL("./lock.ts", import.meta.url).href;

/** A second deno process that takes the lock, says "locked", and holds it until its stdin closes. */
async function holderProcess(root: string) {
  const code = `
    import { acquireLock } from ${JSON.stringify(LOCK_URL)};
    const lock = await acquireLock(${JSON.stringify(root)}, { command: "build --force" });
    await Deno.stdout.write(new TextEncoder().encode("locked\\n"));
    for await (const _ of Deno.stdin.readable) { /* hold until stdin closes */ }
    await lock.release();
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("locked\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`holder exited before locking: ${seen}`);
    seen += value;
  }
  return {
    pid: child.pid,
    async [Symbol.asyncDispose]() {
      await child.stdin.close();
      await reader.cancel();
      await child.status;
    },
  };
}

async function lockFile(root: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(path.join(root, ".plait", "lock")));
}

Deno.test("acquireLock() refuses while a live second process holds the lock, naming it", async () => {
  await using project = await tempProject();
  {
    await using holder = await holderProcess(project.root);
    const startedAt = Date.parse(String((await lockFile(project.root)).startedAt));
    const now = () => new Date(startedAt + 12_000);
    await rejects(acquireLock(project.root, { now }), (e) => {
      equal(e instanceof PlaitError, true);
      equal(
        (e as PlaitError).issues[0].message,
        `Cannot build: another plait build (pid ${holder.pid}, started 12 s ago) holds .plait/lock`,
      );
      equal((e as PlaitError).exitCode, 2);
      return true;
    });
  }
  // The holder released it on exit: now it is ours.
  await using lock = await acquireLock(project.root);
  equal((await lockFile(project.root)).pid, Deno.pid);
  equal(lock.path, path.join(project.root, ".plait", "lock"));
});

Deno.test("acquireLock() takes over a lock left by a process that no longer exists", async () => {
  await using project = await tempProject();
  const dead = new Deno.Command("true").spawn();
  await dead.status;
  await project.write(
    ".plait/lock",
    JSON.stringify({ pid: dead.pid, startedAt: new Date().toISOString(), command: "build", token: "old" }),
  );
  const lock = await acquireLock(project.root);
  const info = await lockFile(project.root);
  assertEquals([info.pid, info.token === "old"], [Deno.pid, false]);
  await lock.release();
  await lock.release();
  const left = [];
  for await (const e of Deno.readDir(path.join(project.root, ".plait"))) left.push(e.name);
  assertEquals(left, []);
});

Deno.test("acquireLock() takes over a lock whose pid was recycled by another process", async () => {
  await using project = await tempProject();
  // This process started seconds ago, so it cannot be the holder of a lock taken an hour ago.
  const recycled = { pid: Deno.pid, startedAt: new Date(Date.now() - 3600_000).toISOString(), token: "old" };
  await project.write(".plait/lock", JSON.stringify(recycled));
  await using _ = await acquireLock(project.root);
  equal((await lockFile(project.root)).token === "old", false);
});

Deno.test("acquireLock() refuses a second build in the same process", async () => {
  await using project = await tempProject();
  await using _ = await acquireLock(project.root);
  await rejects(acquireLock(project.root), PlaitError);
});

Deno.test("elapsedSeconds() reads ps's etime forms", () => {
  assertEquals([
    elapsedSeconds("05"),
    elapsedSeconds("01:05"),
    elapsedSeconds("02:01:05"),
    elapsedSeconds("3-02:01:05"),
  ], [
    5,
    65,
    7265,
    3 * 86400 + 7265,
  ]);
});
