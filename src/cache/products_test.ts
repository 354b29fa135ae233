import { deepStrictEqual as assertEquals, notEqual, rejects } from "node:assert/strict";
import { RuntimeError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";
import { buildRecord, checkProducts, hashProduct, statProduct } from "./products.ts";
import { makePipeline, tempProject } from "./_test_helpers.ts";
import type { TaskInputs } from "./types.ts";

const inputs: TaskInputs = {
  fingerprint: "f",
  components: { code: "", params: "", options: "", kernel: "", upstream: {}, deps: {} },
};

function notebook(volatile: Record<string, unknown>, output: string): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "python3" }, ...volatile },
    cells: [{
      id: crypto.randomUUID(),
      cell_type: "code",
      metadata: {},
      source: "print(1)",
      execution_count: 1,
      outputs: [{ output_type: "stream", name: "stdout", text: output }],
    }],
  });
}

Deno.test("hashProduct() ignores a notebook's volatile metadata but not its outputs", async () => {
  await using project = await tempProject();
  const nb = path.join(project.root, "out.ipynb");
  await project.write("out.ipynb", notebook({ papermill: { duration: 1.5 } }, "1\n"));
  const a = await hashProduct(nb);
  await project.write("out.ipynb", notebook({ papermill: { duration: 9.1 } }, "1\n"));
  assertEquals(await hashProduct(nb), a);
  await project.write("out.ipynb", notebook({ papermill: { duration: 1.5 } }, "2\n"));
  notEqual(await hashProduct(nb), a);
  assertEquals(await hashProduct(path.join(project.root, "nope.csv")), undefined);
});

Deno.test("hashProduct() hashes a folder by its relative paths and file contents", async () => {
  await using project = await tempProject();
  const dir = path.join(project.root, "out");
  await project.write("out/a.csv", "1");
  await project.write("out/sub/b.csv", "2");
  const a = await hashProduct(dir);
  await project.write("out/sub/b.csv", "3");
  const b = await hashProduct(dir);
  notEqual(b, a);
  await Deno.rename(path.join(dir, "sub/b.csv"), path.join(dir, "sub/c.csv"));
  notEqual(await hashProduct(dir), b);
});

Deno.test("statProduct() reuses the recorded hash of a file with the same size and mtime", async () => {
  await using project = await tempProject();
  const file = path.join(project.root, "x.csv");
  await project.write("x.csv", "abc");
  const fresh = (await statProduct(file))!;
  // A planted hash proves the file was not read again.
  const planted = { ...fresh, hash: "planted" };
  assertEquals((await statProduct(file, planted))!.hash, "planted");
  assertEquals((await statProduct(file, { ...planted, size: 4 }))!.hash, fresh.hash);
  assertEquals((await statProduct(file, { ...planted, mtimeMs: 1 }))!.hash, fresh.hash);
});

Deno.test("statProduct() reads a file again when another file took its place with the same size and mtime", async () => {
  await using project = await tempProject();
  const file = path.join(project.root, "x.csv");
  await project.write("x.csv", "abc");
  const before = (await statProduct(file))!;
  const other = path.join(project.root, "y.csv");
  await project.write("y.csv", "xyz");
  const mtime = new Date(before.mtimeMs);
  await Deno.utime(other, mtime, mtime);
  await Deno.rename(other, file); // same size, same mtime, another inode (as `cp -p` or a restore makes)
  const after = (await statProduct(file, before))!;
  notEqual(after.ino, before.ino);
  assertEquals([after.size, after.mtimeMs], [before.size, before.mtimeMs]);
  notEqual(after.hash, before.hash);
});

Deno.test("statProduct() reuses a folder's hash while its listing is unchanged", async () => {
  await using project = await tempProject();
  const dir = path.join(project.root, "out");
  await project.write("out/a.csv", "1");
  const fresh = (await statProduct(dir))!;
  assertEquals((await statProduct(dir, { ...fresh, hash: "planted" }))!.hash, "planted");
  await project.write("out/b.csv", "2");
  notEqual((await statProduct(dir, { ...fresh, hash: "planted" }))!.hash, "planted");
});

Deno.test("checkProducts() reports products missing, changed by hand, or intact", async () => {
  await using project = await tempProject();
  const p = makePipeline(project.root, [{
    name: "t",
    product: { a: "out/a.csv", b: "out/b.csv" },
    run: () => {},
  }]);
  const task = p.tasks.get("t")!;
  await project.write("out/a.csv", "1");
  await project.write("out/b.csv", "2");
  const record = await buildRecord(task, inputs, { root: project.root, durationS: 0.5 });
  const statuses = async () =>
    (await checkProducts(task, { root: project.root, record })).map((c) => `${c.path}:${c.status}`);
  assertEquals(await statuses(), ["out/a.csv:ok", "out/b.csv:ok"]);
  await project.write("out/a.csv", "changed");
  await Deno.remove(path.join(project.root, "out/b.csv"));
  assertEquals(await statuses(), ["out/a.csv:changed", "out/b.csv:missing"]);
  const unchecked = await checkProducts(task, { root: project.root });
  assertEquals(unchecked.map((c) => c.status), ["unchecked", "unchecked"]);
});

Deno.test("buildRecord() refuses a success whose product was not written", async () => {
  await using project = await tempProject();
  const p = makePipeline(project.root, [{ name: "t", product: "out/never.csv", run: () => {} }]);
  await rejects(
    buildRecord(p.tasks.get("t")!, inputs, { root: project.root, durationS: 1 }),
    (e) => e instanceof RuntimeError && e.message.includes("out/never.csv was not written"),
  );
});
