/**
 * Writes the README's pictures of the live page for the demo pipeline (examples/ml), in headless
 * Chromium: `deno run -A tests/serve/screenshots.ts` -> docs/serve-running.png, docs/serve-finished.png.
 * A copy of the demo is built twice (so the finished page has a duration history); the first
 * picture is taken while the second build runs. Not a test.
 */
import { Browser } from "./_cdp.ts";
import { REPO, spawnCli, urlOf } from "./_helpers.ts";

const tmp = await Deno.makeTempDir({ prefix: "plait_screens_" });
const dir = `${tmp}/ml`; // the page's title is the pipeline folder's name
try {
  await Deno.mkdir(dir);
  await new Deno.Command("cp", { args: ["-r", `${REPO}/examples/ml/.`, dir] }).output();
  await Deno.remove(`${dir}/output`, { recursive: true }).catch(() => {});
  await Deno.remove(`${dir}/.plait`, { recursive: true }).catch(() => {});
  const entry = `${dir}/pipeline.yaml`;
  {
    await using first = spawnCli(["build", "-e", entry]);
    await first.exited;
  }
  await using server = spawnCli(["serve", "-e", entry]);
  await using browser = await Browser.launch({ width: 1360, height: 820 });
  const page = await browser.open(await urlOf(server));
  await page.waitFor("window.__plait", 60_000);
  const running = `[...document.querySelectorAll('g.plait-node[data-status="running"] text[data-cell]')]
    .filter((t) => t.dataset.cell).map((t) => t.closest("g").dataset.id)`;
  await using build = spawnCli(["build", "--force", "-j", "2", "-e", entry]);
  // Mid-build: two tasks on their cells, some done, a panel with live output.
  const ids = await page.waitFor<string[]>(
    `(() => { const r = ${running}; return r.length >= 2 && document.querySelectorAll('g.plait-node[data-status="ran"]').length >= 2 ? r : null; })()`,
    120_000,
  );
  await page.evaluate(
    `document.querySelector('g.plait-node[data-id="${
      ids[0]
    }"]').dispatchEvent(new MouseEvent("click", { bubbles: true }))`,
  );
  await page.waitFor(`(document.getElementById("out")?.textContent ?? "").length > 0 || true`);
  await new Promise((r) => setTimeout(r, 400));
  await Deno.writeFile(`${REPO}/docs/serve-running.png`, await page.screenshot());
  await build.exited;
  await page.waitFor(`document.getElementById("build").dataset.state === "ok"`, 60_000);
  await page.evaluate(
    `document.querySelector('g.plait-node[data-id="fit-logreg"]').dispatchEvent(new MouseEvent("click", { bubbles: true }))`,
  );
  await page.waitFor(`document.getElementById("history")`, 30_000);
  await new Promise((r) => setTimeout(r, 1500));
  await Deno.writeFile(`${REPO}/docs/serve-finished.png`, await page.screenshot());
  console.log("wrote docs/serve-running.png, docs/serve-finished.png");
} finally {
  await Deno.remove(tmp, { recursive: true });
}
