import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { path } from "../util/mod.ts";
import { ploomberCompat } from "./ploomber_compat.ts";

const LOCAL = path.fromFileUrl(new URL("./ploomber_compat/", import.meta.url));

Deno.test("ploomberCompat() uses the package beside it when plait is a local checkout", async () => {
  await using compat = await ploomberCompat();
  assertEquals(path.resolve(compat.dir), path.resolve(LOCAL));
  ok((await Deno.stat(path.join(compat.dir, "ploomber", "io.py"))).isFile);
});

Deno.test("ploomberCompat() fetches the package into a temporary folder when plait is imported by URL, and removes it", async () => {
  const requested: string[] = [];
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const rel = new URL(req.url).pathname.replace(/^\/plait\/engine\/ploomber_compat\//, "");
    requested.push(rel);
    try {
      return new Response(await Deno.readTextFile(path.join(LOCAL, rel)));
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  const base = new URL(`http://127.0.0.1:${server.addr.port}/plait/engine/ploomber_compat/`);
  let dir: string;
  {
    await using compat = await ploomberCompat(base);
    dir = compat.dir;
    assertEquals(requested.sort(), ["ploomber/__init__.py", "ploomber/exceptions.py", "ploomber/io.py"]);
    for (const name of ["__init__.py", "io.py", "exceptions.py"]) {
      assertEquals(
        await Deno.readTextFile(path.join(dir, "ploomber", name)),
        await Deno.readTextFile(path.join(LOCAL, "ploomber", name)),
      );
    }
  }
  assertEquals(await Deno.stat(dir).catch(() => "removed"), "removed");
});
