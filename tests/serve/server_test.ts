/**
 * The server's rules without a browser: the token on every request, files only as products named by
 * the pipeline and inside the project, and every change pushed to every open event stream.
 */
import assert from "node:assert/strict";
import { EventLogWriter, type ServeGraph, startServer } from "../../src/serve/mod.ts";
import { rawStatus } from "./_helpers.ts";

// a --> b
function graphOf(): ServeGraph {
  const task = (name: string, products: { key: string; path: string }[]) => ({
    name,
    sourceLabel: `tasks/${name}.py`,
    params: {},
    products,
    upstream: [],
    reasons: [],
  });
  return {
    plot: {
      nodes: [{ id: "a", status: "up-to-date" }, { id: "b", status: "outdated" }],
      edges: [["a", "b"]],
    },
    tasks: new Map([
      ["a", task("a", [{ key: "data", path: "output/a.csv" }, { key: "escape", path: "output/link.csv" }])],
      ["b", task("b", [{ key: "outside", path: "../outside.csv" }])],
    ]),
  };
}

async function readEvents(
  body: ReadableStream<Uint8Array>,
  until: (text: string) => boolean,
): Promise<string> {
  let text = "";
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    text += chunk;
    if (until(text)) break;
  }
  return text;
}

Deno.test("serve answers 403 without its token, 404 for any path the pipeline does not name as a product", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_server_" });
  try {
    const root = `${dir}/project`;
    await Deno.mkdir(`${root}/output`, { recursive: true });
    await Deno.writeTextFile(`${root}/output/a.csv`, "x\n1\n");
    await Deno.writeTextFile(`${dir}/outside.csv`, "secret\n");
    await Deno.symlink(`${dir}/outside.csv`, `${root}/output/link.csv`);
    await using server = await startServer({ root, title: "t", graph: () => Promise.resolve(graphOf()) });
    const { origin } = new URL(server.url);
    const q = `?token=${server.token}`;
    for (const path of ["/", "/events", "/api/state", `/api/state?token=${"0".repeat(48)}`, "/file/a/data"]) {
      const r = await fetch(origin + path);
      await r.body?.cancel();
      assert.equal(r.status, 403, path);
    }
    const ok = await fetch(`${origin}/file/a/data${q}`);
    assert.equal(await ok.text(), "x\n1\n");
    assert.match(ok.headers.get("content-security-policy") ?? "", /sandbox/);
    const authorized = await fetch(`${origin}/api/state`, {
      headers: { authorization: `token ${server.token}` },
    });
    assert.equal(authorized.status, 200);
    await authorized.body?.cancel();
    for (
      const target of [
        `/file/a/escape${q}`, // a symlink out of the project
        `/file/b/outside${q}`, // a product path with ..
        `/file/../../outside.csv${q}`,
        `/file/a/..%2F..%2F..%2Foutside.csv${q}`,
        `/file/%2E%2E/data${q}`,
        `/nb/..%2Foutside.csv${q}`,
        `/api/task/nope${q}`,
      ]
    ) {
      assert.equal(await rawStatus(server.port, target), 404, target);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve pushes a build's events to every open page, each its own stream", async () => {
  const root = await Deno.makeTempDir({ prefix: "plait_server_" });
  try {
    await using server = await startServer({ root, title: "t", graph: () => Promise.resolve(graphOf()) });
    const { origin } = new URL(server.url);
    const streams = await Promise.all([1, 2].map(() => fetch(`${origin}/events?token=${server.token}`)));
    const log = new EventLogWriter(root, { command: "plait build" });
    log.write({ type: "build-start", tasks: ["a", "b"], jobs: 1 });
    log.write({ type: "task-start", name: "a", reasons: ["forced"] });
    log.write({ type: "task-progress", name: "a", progress: { phase: "cell", cell: 2, cells: 3 } });
    log.write({ type: "task-output", name: "a", output: { stream: "stdout", text: "hello from a\n" } });
    log.close();
    for (const r of streams) {
      const text = await readEvents(r.body!, (t) => t.includes("hello from a"));
      assert.match(text, /^event: snapshot/);
      assert.match(text, /"status":"running"/);
      assert.match(text, /"cell":2,"cells":3/);
      await r.body?.cancel().catch(() => {});
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
