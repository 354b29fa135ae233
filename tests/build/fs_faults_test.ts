/**
 * The file system fails a build: a disk that fills (a real tmpfs), a read-only `.plait/`, a folder
 * where `.plait/lock` or `state.json` belongs, a state journal that is a symbolic link. Each ends in
 * one clear message naming the path and the cause, exit 74, the lock released and the state
 * consistent (what a later build reads is true).
 *
 *   filler --> after      (filler fills the disk that holds .plait/, then succeeds)
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./_assert.ts";
import { plait, projectOf } from "./_helpers.ts";
import { path } from "../../src/util/mod.ts";

const PROJECT = {
  "pipeline.yaml": "tasks:\n  - source: filler.py\n    product: out/filler.ipynb\n" +
    "  - source: after.py\n    product: out/after.ipynb\n",
  "filler.py": `# %% tags=["parameters"]
upstream = None

# %%
import os
if os.environ.get("FILL") == "1":
    try:
        with open(".plait/filler", "wb") as f:
            while True:
                f.write(b"x" * 4096)
                f.flush()
    except OSError as e:
        print("filled:", e)
`,
  "after.py": '# %% tags=["parameters"]\nupstream = ["filler"]\n\n# %%\nprint("after")\n',
};

/** Mounts a tmpfs of `size` at `dir` (needs root); `undefined` when mounting is not permitted here. */
async function tmpfs(dir: string, size: string): Promise<AsyncDisposable | undefined> {
  await Deno.mkdir(dir, { recursive: true });
  const mount = await new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir],
    stdout: "null",
    stderr: "null",
  }).output().catch(() => undefined);
  if (!mount?.success) return undefined;
  return {
    [Symbol.asyncDispose]: async () => {
      await new Deno.Command("umount", { args: [dir], stdout: "null", stderr: "null" }).output();
    },
  };
}

async function remountReadOnly(dir: string): Promise<void> {
  const out = await new Deno.Command("mount", { args: ["-o", "remount,ro", dir] }).output();
  assert(out.success, "cannot remount the tmpfs read-only");
}

const canMount = await (async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_mount_probe_" });
  const mounted = await tmpfs(dir, "16k");
  await mounted?.[Symbol.asyncDispose]();
  await Deno.remove(dir);
  return mounted !== undefined;
})();
if (!canMount) {
  console.error("fs_faults_test: skipping the tmpfs cases: mount -t tmpfs is not permitted here");
}

function plaitDir(dir: string, ...rest: string[]): string {
  return path.join(dir, ".plait", ...rest);
}

async function names(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

Deno.test({
  name: "a disk that fills while state is written: exit 74 naming the file and the cause, state consistent",
  ignore: !canMount,
  fn: async () => {
    await using project = await projectOf(PROJECT);
    await using _fs = await tmpfs(plaitDir(project.dir), "128k");
    // The journal's first page is taken, so the success after the fill needs a new page: no space.
    await Deno.writeTextFile(plaitDir(project.dir, "state.jsonl"), "\n".repeat(3900));
    const run = await plait(["build", "-e", project.dir], undefined, { FILL: "1" });
    assertEquals(run.code, 74, run.stdout + run.stderr);
    assertMatch(run.stdout, /^FAIL filler: Cannot write ".*\.plait\/state\.jsonl": the disk is full/m);
    assertMatch(run.stdout, /^skip after/m);
    assertStringIncludes(run.stderr, 'state.json": the disk is full (No space left on device)');
    assertStringIncludes(run.stderr, "hint: free some space on the disk that holds");
    assert(!/internal error|\n {4}at /.test(run.stderr), run.stderr);
    assert(!(await names(plaitDir(project.dir))).some((n) => n === "lock" || n.endsWith(".tmp")));
    // Space again: the half-written success counts for nothing, the task runs again.
    await Deno.remove(plaitDir(project.dir, "filler"));
    const again = await plait(["build", "-e", project.dir]);
    assertEquals(again.code, 0, again.stdout + again.stderr);
    assertStringIncludes(again.stderr, 'truncated entry for task "filler"');
    assertMatch(again.stdout, /^run {2}filler/m);
  },
});

Deno.test({
  name: "a read-only .plait/: exit 74 naming the lock and the read-only file system, nothing run",
  ignore: !canMount,
  fn: async () => {
    await using project = await projectOf(PROJECT);
    await using _fs = await tmpfs(plaitDir(project.dir), "64k");
    await remountReadOnly(plaitDir(project.dir));
    const run = await plait(["build", "-e", project.dir]);
    assertEquals(run.code, 74, run.stdout + run.stderr);
    assertMatch(run.stderr, /^Cannot write ".*\.plait\/lock": the file system is read-only/m);
    assertStringIncludes(run.stderr, "hint: run from a writable copy of the project");
    assertEquals(run.stdout, "");
  },
});

Deno.test("a folder where .plait/lock or .plait/state.json belongs: exit 74 saying so, the folder kept", async () => {
  for (const name of ["lock", "state.json"]) {
    await using project = await projectOf(PROJECT);
    await Deno.mkdir(plaitDir(project.dir, name), { recursive: true });
    const run = await plait(["build", "-e", project.dir]);
    assertEquals(run.code, 74, run.stdout + run.stderr);
    assertMatch(
      run.stderr,
      new RegExp(`^Cannot read ".*\\.plait/${name}": it is a folder, where plait keeps a file`),
    );
    assertStringIncludes(run.stderr, `hint: remove or rename the folder`);
    assert((await Deno.stat(plaitDir(project.dir, name))).isDirectory);
    assertEquals((await names(plaitDir(project.dir))).includes("lock"), name === "lock");
  }
});

Deno.test("a state journal that is a symbolic link is refused, never followed: its target stays untouched", async () => {
  await using project = await projectOf(PROJECT);
  const target = path.join(project.dir, "elsewhere.txt");
  await Deno.writeTextFile(target, "not plait's\n");
  await Deno.mkdir(plaitDir(project.dir));
  await Deno.symlink(target, plaitDir(project.dir, "state.jsonl"));
  const run = await plait(["build", "-e", project.dir]);
  assertEquals(run.code, 74, run.stdout + run.stderr);
  assertMatch(
    run.stderr,
    /^Cannot open ".*\.plait\/state\.jsonl": it is a symbolic link, which plait does not follow/m,
  );
  assertEquals(await Deno.readTextFile(target), "not plait's\n");
  assert(!(await names(plaitDir(project.dir))).includes("lock"));
});
