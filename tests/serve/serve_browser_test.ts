/**
 * The live page in a real headless Chromium (Debian's, driven over the DevTools protocol): a build
 * started from another terminal shows up in two open pages as it happens, a failing task shows its
 * traceback, a build can be started from the page, and the server refuses requests without its
 * token and paths that try to leave the project.
 *
 *   first (4 cells, ~2 s) --> second (~2 s)
 *                         \-> broken (fails in its last cell)
 */
import assert from "node:assert/strict";
import { Browser, hasChromium, type Page } from "./_cdp.ts";
import { rawStatus, spawnCli, tempFixture, urlOf } from "./_helpers.ts";

const why = hasChromium() ? "" : " (ignored: chromium is not installed; scripts/setup.sh --browser)";
/** Records every value each node's data-status and data-cell took, in order. */
const RECORDER = `(() => {
  window.__seen = {};
  const note = (id, key, v) => {
    const seen = (window.__seen[id] ??= { status: [], cell: [] });
    const list = seen[key];
    if (v && list[list.length - 1] !== v) list.push(v);
  };
  for (const g of document.querySelectorAll("g.plait-node")) note(g.dataset.id, "status", g.dataset.status);
  new MutationObserver((records) => {
    for (const r of records) {
      const g = r.target.closest("g.plait-node");
      if (!g) continue;
      if (r.attributeName === "data-status") note(g.dataset.id, "status", r.target.getAttribute("data-status"));
      else note(g.dataset.id, "cell", r.target.getAttribute("data-cell"));
    }
  }).observe(document.querySelector("#graph svg"), {
    subtree: true, attributes: true, attributeFilter: ["data-status", "data-cell"],
  });
  return true;
})()`;

const statusOf = (id: string) => `document.querySelector('g.plait-node[data-id="${id}"]').dataset.status`;
const click = (page: Page, id: string) =>
  page.evaluate(
    `document.querySelector('g.plait-node[data-id="${id}"]').dispatchEvent(new MouseEvent("click", { bubbles: true }))`,
  );

Deno.test({
  name:
    `serve shows a build from another terminal live in two pages, with output, cells and a traceback${why}`,
  ignore: !hasChromium(),
  async fn() {
    await using project = await tempFixture("slow");
    const entry = `${project.dir}/pipeline.yaml`;
    await using server = spawnCli(["serve", "-e", entry]);
    const url = await urlOf(server);
    const base = new URL(url);
    const token = base.searchParams.get("token")!;
    const port = Number(base.port);

    // Security: no token, a wrong token, and paths that try to leave the project.
    for (const path of ["/", "/api/state", "/events", "/api/state?token=0000"]) {
      const r = await fetch(`${base.origin}${path}`);
      await r.body?.cancel();
      assert.equal(r.status, 403, path);
    }
    assert.equal(await rawStatus(port, `/file/../../../etc/passwd?token=${token}`), 404);
    assert.equal(await rawStatus(port, `/file/..%2F..%2Fetc/passwd?token=${token}`), 404);
    assert.equal(await rawStatus(port, `/nb/..%2F..%2Fetc%2Fpasswd?token=${token}`), 404);
    assert.equal(await rawStatus(port, `/file/first/..%2F..%2F..%2Fetc%2Fpasswd?token=${token}`), 404);

    await using browser = await Browser.launch();
    const page = await browser.open(url);
    const other = await browser.open(url);
    for (const p of [page, other]) {
      await p.waitFor("window.__plait && document.querySelector('#graph svg')", 60_000);
      await p.evaluate(RECORDER);
    }
    assert.equal(await page.evaluate(statusOf("first")), "never-run");

    // A build from another terminal.
    await using build = spawnCli(["build", "-e", entry]);
    await page.waitFor(`${statusOf("second")} === "queued"`, 60_000, "second queued");
    await click(page, "first");
    // Its output is on the page while it still runs.
    await page.waitFor(
      `${
        statusOf("first")
      } === "running" && (document.getElementById("out")?.textContent ?? "").includes("first: cell 2 says hello") && ` +
        `!!document.querySelector("#out img.live-image[src^='data:image/png;base64,']")`,
      60_000,
      "first's live output, text and image, while it runs",
    );
    assert.equal(await build.exited, 1, build.output());
    for (const p of [page, other]) {
      await p.waitFor(
        `${statusOf("first")} === "ran" && ${statusOf("second")} === "ran" && ${
          statusOf("broken")
        } === "failed"`,
        30_000,
        "final statuses",
      );
    }
    const seen = await page.evaluate<Record<string, { status: string[]; cell: string[] }>>("window.__seen");
    assert.deepEqual(seen.second.status, ["never-run", "queued", "running", "ran"]);
    assert.deepEqual((await other.evaluate<typeof seen>("window.__seen")).broken.status, [
      "never-run",
      "queued",
      "running",
      "failed",
    ]);
    // The cell counter advanced while first ran (4 code cells and the injected one).
    const cells = seen.first.cell.filter(Boolean).map((c) => Number(c.split("/")[0]));
    assert.ok(cells.length >= 2, `the cell counter advanced: ${seen.first.cell}`);
    assert.deepEqual(cells, [...cells].sort((a, b) => a - b));

    // The failing task's traceback.
    await click(page, "broken");
    const tb = await page.waitFor<string>(`document.getElementById("traceback")?.textContent`, 30_000);
    assert.match(tb, /ValueError: the data is not what broken expected/);

    // A build started from the page shows in the other page too.
    const before = await other.evaluate<string>(`document.getElementById("build").textContent`);
    await page.evaluate(`document.getElementById("run").click()`);
    await page.waitFor(`document.getElementById("notice").textContent.startsWith("Build started")`, 30_000);
    await other.waitFor(
      `document.getElementById("build").textContent !== ${JSON.stringify(before)} && ` +
        `document.getElementById("build").dataset.state === "failed"`,
      90_000,
      "the page's build ending in the other page",
    );
    assert.equal(await other.evaluate(statusOf("first")), "up-to-date");

    // A product that is a symlink out of the project is not served; the real one is.
    const ok = await fetch(`${base.origin}/file/first/data?token=${token}`);
    assert.equal(await ok.text(), "made by first\n");
    await Deno.remove(`${project.dir}/output/first.txt`);
    await Deno.symlink("/etc/passwd", `${project.dir}/output/first.txt`);
    assert.equal(await rawStatus(port, `/file/first/data?token=${token}`), 404);
  },
});
