/**
 * `build --serve` serves the build and keeps serving after it until Ctrl-C (then exits with the
 * build's code); `report` writes that build as one self-contained HTML file.
 *
 *   make --> check (an assert fails)
 */
import assert from "node:assert/strict";
import { CLI, spawnCli, tempFixture, urlOf } from "./_helpers.ts";

Deno.test("build --serve serves the build's state, then report writes it as one self-contained file", async () => {
  await using project = await tempFixture("quick");
  const entry = `${project.dir}/pipeline.yaml`;
  {
    await using build = spawnCli(["build", "--serve", "-e", entry]);
    const url = new URL(await urlOf(build));
    const state = async () => {
      const r = await fetch(`${url.origin}/api/state${url.search}`);
      return await r.json();
    };
    let s = await state();
    const deadline = Date.now() + 90_000;
    while ((!s.build || s.build.state === "running") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      s = await state();
    }
    assert.equal(s.build.state, "failed");
    assert.deepEqual(s.tasks.map((t: { name: string; status: string }) => [t.name, t.status]), [
      ["make", "ran"],
      ["check", "failed"],
    ]);
    // Still serving after the build; Ctrl-C ends it with the build's exit code.
    while (!build.output().includes("still serving") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(build.output(), /still serving/);
    build.child.kill("SIGINT");
    assert.equal(await build.exited, 1);
  }
  const out = await new Deno.Command("deno", {
    args: ["run", "-A", CLI, "report", "-e", entry, "-o", `${project.dir}/out/report.html`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const html = await Deno.readTextFile(`${project.dir}/out/report.html`);
  assert.match(html, /data-id="make" data-status="ran"/);
  assert.match(html, /data-id="check" data-status="failed"/);
  assert.match(html, /worker 1/);
  assert.match(html, /AssertionError: expected 3 rows, got 2/);
  assert.match(html, /<a href="..\/output\/check.ipynb">/);
  const noXmlns = html.replaceAll(`xmlns="http://www.w3.org/2000/svg"`, "");
  assert.doesNotMatch(noXmlns, /<script|<link|https?:\/\//, "self-contained: no script, no link, no URL");
});

Deno.test("report without any recorded build says so and how to fix it", async () => {
  await using project = await tempFixture("quick");
  const out = await new Deno.Command("deno", {
    args: ["run", "-A", CLI, "report", "-e", `${project.dir}/pipeline.yaml`],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(out.code, 2);
  assert.match(new TextDecoder().decode(out.stderr), /no build recorded[\s\S]*hint: run `plait build` first/);
});

Deno.test("serve --host other than loopback is explicit and warns; the page still needs the token", async () => {
  await using project = await tempFixture("quick");
  await using server = spawnCli(["serve", "--host", "0.0.0.0", "-e", `${project.dir}/pipeline.yaml`]);
  const url = new URL(await urlOf(server));
  assert.match(server.output(), /warning: serving on 0\.0\.0\.0: anyone who can reach this address/);
  const denied = await fetch(`${url.origin}/`);
  await denied.body?.cancel();
  assert.equal(denied.status, 403);
  const page = await fetch(url);
  assert.match(await page.text(), /<svg/);
});
