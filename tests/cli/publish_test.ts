/**
 * Ready to publish: every export documented (`deno doc --lint`), `deno publish --dry-run` passes,
 * and a user's pipeline.ts type-checks without a word about the optional zeromq addon.
 */
import { assert, assertEquals } from "../build/_assert.ts";
import { MOD_URL } from "./_helpers.ts";

const REPO = new URL("../../", import.meta.url).pathname;

async function deno(args: string[], cwd = REPO) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const dec = new TextDecoder();
  return { code: out.code, text: dec.decode(out.stdout) + dec.decode(out.stderr) };
}

Deno.test("deno doc --lint mod.ts finds nothing undocumented", async () => {
  const r = await deno(["doc", "--lint", "mod.ts"]);
  assertEquals(r.code, 0, r.text);
});

Deno.test("deno publish --dry-run passes", async () => {
  const r = await deno(["publish", "--dry-run", "--allow-dirty"]);
  assertEquals(r.code, 0, r.text);
  assert(r.text.includes("LICENSE"), "the LICENSE is published");
});

Deno.test("deno check of a user's pipeline.ts says nothing about zeromq", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_user_" });
  try {
    await Deno.writeTextFile(
      `${dir}/pipeline.ts`,
      `import { pipeline } from ${JSON.stringify(MOD_URL)};\n` +
        `export default pipeline().task("a", { source: "a.py", product: "a.ipynb" }).main(import.meta);\n`,
    );
    const r = await deno(["check", "pipeline.ts"], dir);
    assertEquals(r.code, 0, r.text);
    assert(!/zeromq|warning/i.test(r.text), r.text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
