/**
 * plait can be imported by URL (`import { pipeline } from "https://host/plait/mod.ts"`) from a
 * project that has no deno.json or import map of ours: the repo is served on 127.0.0.1 and a
 * pipeline.ts in a temp folder imports it over HTTP, builds a graph and loads a pipeline.yaml
 * (which exercises the `npm:` specifiers of src/deps.ts inside remote modules).
 *
 * Flags needed by the importer, measured: `--allow-import=HOST:PORT` (Deno 2 gates remote imports
 * separately from --allow-net), `--allow-read` (the project's files), and `--allow-env=LOG,LOG_TOKENS,LOG_STREAM`:
 * src/deps.ts evaluates @lezer/lr, which reads `process.env.LOG` when it loads, and npm:yaml reads
 * `process.env.LOG_TOKENS` and `LOG_STREAM` on every parse; without the flag, Deno throws NotCapable.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { extname, fromFileUrl } from "../../src/util/path.ts";

const REPO = fromFileUrl(new URL("../../", import.meta.url));
const TYPES: Record<string, string> = { ".ts": "application/typescript", ".json": "application/json" };

function serveRepo(): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path.includes("..")) return new Response("forbidden", { status: 403 });
    try {
      const body = await Deno.readFile(REPO + path.slice(1));
      return new Response(body, { headers: { "content-type": TYPES[extname(path)] ?? "text/plain" } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
}

const YAML =
  "tasks:\n  - {source: tasks/load.py, product: out/load.ipynb}\n  - {source: tasks/clean.py, product: out/clean.ipynb}\n";

async function runImporter(
  program: (base: string) => string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const server = serveRepo();
  const dir = await Deno.makeTempDir({ prefix: "plait_url_" });
  try {
    const host = `127.0.0.1:${server.addr.port}`;
    await Deno.mkdir(`${dir}/tasks`);
    await Deno.writeTextFile(`${dir}/pipeline.yaml`, YAML);
    await Deno.writeTextFile(`${dir}/tasks/load.py`, '# %% tags=["parameters"]\nupstream = None\n');
    await Deno.writeTextFile(`${dir}/tasks/clean.py`, '# %% tags=["parameters"]\nupstream = ["load"]\n');
    await Deno.writeTextFile(`${dir}/pipeline.ts`, program(`http://${host}`));
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-lock",
        "--no-config",
        `--allow-net=127.0.0.1`,
        `--allow-import=${host}`,
        "--allow-read",
        "--allow-env=LOG,LOG_TOKENS,LOG_STREAM",
        `${dir}/pipeline.ts`,
      ],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
}

const BODY = `
const b = pipeline().task("load", { source: "tasks/load.py", product: "out/load.ipynb" })
  .task("clean", { source: "tasks/clean.py", upstream: ["load"], product: "out/clean.ipynb" });
console.log(JSON.stringify(b.definitions.map((d) => [d.name, d.options.upstream ?? null, d.where.task.line])));
const { pipeline: p } = await loadPipeline({ entry: "pipeline.yaml" });
console.log(JSON.stringify([...p.tasks.values()].map((t) => [t.name, t.upstream])));
`;

const EXPECTED = '[["load",null,3],["clean",["load"],4]]\n[["load",[]],["clean",["load"]]]\n';

Deno.test("plait's modules import by URL, npm: dependencies included, into a project with no config", async () => {
  const r = await runImporter((base) =>
    `import { pipeline } from "${base}/src/graph/mod.ts";\nimport { loadPipeline } from "${base}/src/project/mod.ts";${BODY}`
  );
  assertEquals([r.code, r.stdout], [0, EXPECTED], r.stderr);
});

const hasMod = (() => {
  try {
    return Deno.statSync(`${REPO}mod.ts`).isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "mod.ts imports by URL and builds a graph from a pipeline.ts with no config",
  ignore: !hasMod, // runs once the lead's mod.ts exists
  fn: async () => {
    const r = await runImporter((base) =>
      `import { loadPipeline, pipeline } from "${base}/mod.ts";\n${BODY}`
    );
    assertEquals([r.code, r.stdout], [0, EXPECTED], r.stderr);
  },
});
