/**
 * A new user's path, for real: a fresh clone, the README's `deno install` line, `plait --version`,
 * then `plait build` in the demo, whose outputs must hold what they promise (the report's table
 * and chart, one accuracy a model).
 */
import { assert, assertEquals, assertMatch } from "../build/_assert.ts";
import { REPO } from "../build/_helpers.ts";
import { path } from "../../src/util/mod.ts";

async function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("a fresh clone, the README's deno install line, then plait build in the demo", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "plait_install_" });
  try {
    const clone = path.join(tmp, "plait");
    const cloned = await sh("git", ["clone", "--quiet", REPO, clone], tmp);
    assertEquals(cloned.code, 0, cloned.stderr);
    const readme = await Deno.readTextFile(path.join(clone, "README.md"));
    const line = readme.split("\n").find((l) => l.startsWith("deno install -g "));
    assert(line, "the README has no `deno install -g` line");
    const [, ...args] = line.trim().split(/\s+/);
    const root = path.join(tmp, "inst");
    const installed = await sh(Deno.execPath(), [...args, "--root", root], clone);
    assertEquals(installed.code, 0, installed.stdout + installed.stderr);
    const env = { PATH: `${path.dirname(Deno.execPath())}:/usr/bin:/bin` };
    const plait = path.join(root, "bin", "plait");
    const version = await sh(plait, ["--version"], tmp, env);
    assertMatch(version.stdout, /^plait \d+\.\d+\.\d+\n$/);

    const demo = path.join(clone, "examples", "ml");
    const built = await sh(plait, ["build"], demo, env);
    assertEquals(built.code, 0, built.stdout + built.stderr);
    assertMatch(built.stdout, /build ok: 9 ran, 0 up to date/);
    assert(!/Allow|prompt/i.test(built.stderr), built.stderr);
    // report.html promises "a table and a chart"; summary.csv one accuracy per model.
    const report = await Deno.readTextFile(path.join(demo, "output", "report.html"));
    assertMatch(report, /as a table and a chart/);
    assertMatch(report, /<table/);
    assertMatch(report, /<img[^>]+src="data:image\/png;base64,[A-Za-z0-9+/]{100}/);
    const rows = (await Deno.readTextFile(path.join(demo, "output", "summary.csv"))).trim().split("\n");
    assertEquals(rows[0], "model,accuracy");
    assertEquals(rows.length, 6, rows.join("\n"));
    for (const r of rows.slice(1)) assert(Number(r.split(",").at(-1)) > 0.5, r);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
